"""Feeds of the latest public library items, in RSS 2.0 and Atom 1.0: the whole library, one topic, one kind.

Feeds are public documents (readers fetch them without a session): they list only what an anonymous visitor
may see (``Viewer(None)``: public, live, inside the publishing window), whoever asks. URLs:
``/feeds/library/`` (RSS) and ``/feeds/library/atom/``; ``/feeds/chu-de/<slug>/`` and ``…/atom/`` for a topic
(404 when no public item carries it); ``/feeds/loai/<code>/`` and ``…/atom/`` for a kind, the code folded to
ASCII (``qd``, ``qdi``, ``ct``…; 404 for an unknown code).
"""
from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.kinds import kind_label
from organizations.access import Viewer
from topics.models import Topic
from vntext.kinds import CODES_FOLDED
from vntext.text import fold

FEED_SIZE = 50


def public_items():
    return Viewer(None).library_items().select_related("issuer").order_by("-issued_on", "-id")


def feed_code(kind: str) -> str:
    """The ASCII code of a kind in feed URLs ("QĐi" → "qdi")."""
    return fold(kind).replace(" ", "")


class LatestLibraryFeed(Feed):
    title = gettext_lazy("Sổ tay chuyên đề — văn bản mới")
    description = gettext_lazy("Văn bản, tài liệu học tập và gói chuyên đề mới công bố")

    def link(self):
        return reverse("library:index")

    def items(self):
        return public_items()[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.display_name} — {item.title}" if item.symbol else item.title

    def item_description(self, item):
        return item.summary or item.title

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.issued_on, time(8)))

    def item_updateddate(self, item):
        return item.last_published_at or item.updated_at

    def item_categories(self, item):
        return [kind_label(item.kind, item.title)] if item.kind else []


class LatestLibraryAtomFeed(LatestLibraryFeed):
    feed_type = Atom1Feed
    subtitle = LatestLibraryFeed.description


class TopicFeed(LatestLibraryFeed):
    """Public items on one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Viewer(None).visible_topics(Topic.objects.all()), slug=slug)

    def title(self, topic):
        return _("Sổ tay chuyên đề — chủ đề: %(t)s") % {"t": topic.name}

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return public_items().filter(tags=topic)[:FEED_SIZE]


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = LatestLibraryFeed.description


class KindFeed(LatestLibraryFeed):
    """Public documents of one kind (e.g. every Chỉ thị)."""

    def get_object(self, request, code):
        kind = CODES_FOLDED.get(code.lower()) or ("L" if code.lower() == "l" else None)
        if kind is None:
            raise Http404
        return kind

    def title(self, kind):
        return _("Sổ tay chuyên đề — %(k)s") % {"k": kind_label(kind)}

    def link(self, kind):
        return f"{reverse('library:index')}?loai={kind}"

    def items(self, kind):
        return public_items().filter(kind=kind)[:FEED_SIZE]


class KindAtomFeed(KindFeed):
    feed_type = Atom1Feed
    subtitle = LatestLibraryFeed.description
