"""RSS feed of the latest public library items (anonymous view: never internal or restricted ones)."""
from django.contrib.syndication.views import Feed
from django.utils.translation import gettext_lazy as _

from organizations.access import Viewer


class LatestLibraryFeed(Feed):
    title = _("Sổ tay chuyên đề — văn bản mới")
    link = "/thu-vien/"
    description = _("Văn bản, tài liệu học tập và gói chuyên đề mới công bố")

    def items(self):
        return Viewer(None).library_items().select_related("issuer").order_by("-issued_on", "-id")[:50]

    def item_title(self, item):
        return f"{item.display_name} — {item.title}" if item.symbol else item.title

    def item_description(self, item):
        return item.summary or item.title

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.issued_on, time(8)))
