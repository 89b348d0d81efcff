"""Validity over time: the status of an item as of any date, from its dates and from the items that replace,
repeal or amend it — plus its timeline, and the ``as_of`` parameter of the library list and the item API.

An item records its issue date, its effective date (``effective_from``), the day it stopped applying when
nothing in the library says so (``expired_on``) and a recorded status (``validity``, what staff or an import
said). A replacement or repeal is a relation from the newer item, dated by the relation's ``effective_on``,
else the newer item's effective date, else its issue date. As of a day D the status is, first rule that holds:

1. issued after D, or effective only after D → *chưa có hiệu lực*;
2. ``expired_on`` ≤ D, or replaced/repealed by a live item (one the viewer may see) dated ≤ D → *hết hiệu lực*;
3. recorded as expired, but expired only later (``expired_on`` > D or a replacement dated > D) → *còn hiệu lực*;
4. recorded as not yet effective, with an effective date (now passed, rule 1 did not hold) → *còn hiệu lực*;
5. otherwise the recorded status (e.g. *hết hiệu lực một phần*, or expired with no date known).

The rule is one SQL ``CASE`` (:func:`with_status_as_of`), so a filtered, paginated list costs no more than
before; a single item asks the same expression. Only relations from items the viewer may see count, so the
status never reveals a restricted replacement to someone outside its audience.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.models import LibraryItem, Relation, RelationType, Validity
from organizations.access import Viewer

ENDING = (RelationType.REPLACES, RelationType.REPEALS)
CHANGING = (RelationType.REPLACES, RelationType.REPEALS, RelationType.AMENDS)
BAD_DATE = gettext_lazy("Ngày “%(v)s” không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2024-06-30.")


class BadDate(ValueError):
    """An ``as_of`` that is not a date; ``str(exc)`` is the Vietnamese message for the 400 answer."""


def parse_as_of(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` → a date; empty → None; anything else → :class:`BadDate`."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or not (1900 <= day.year <= 2100):
        raise BadDate(str(BAD_DATE % {"v": value[:40]}))
    return day


def _relation_date():
    """The day a relation takes effect: its own date, else the source's effective date, else its issue date."""
    return Coalesce("effective_on", "source__effective_from", "source__issued_on")


def _ending_relations(viewer: Viewer):
    return (Relation.objects.filter(target=OuterRef("pk"), relation_type__in=ENDING)
            .filter(source__in=viewer.library_items().values("pk"))
            .annotate(day=_relation_date()))


def with_status_as_of(qs, day: dt.date, viewer: Viewer):
    """``qs`` annotated with ``status_as_of`` (a :class:`Validity` value), the rule of the module docstring."""
    ending = _ending_relations(viewer)
    ended = Exists(ending.filter(day__lte=day))
    ends_later = Exists(ending.filter(day__gt=day))
    return qs.annotate(status_as_of=Case(
        When(Q(issued_on__gt=day) | Q(effective_from__gt=day), then=Value(Validity.NOT_YET)),
        When(Q(expired_on__lte=day) | ended, then=Value(Validity.EXPIRED)),
        When(Q(validity=Validity.EXPIRED) & (Q(expired_on__gt=day) | ends_later), then=Value(Validity.IN_FORCE)),
        When(validity=Validity.NOT_YET, effective_from__isnull=False, then=Value(Validity.IN_FORCE)),
        default=F("validity"), output_field=CharField()))


def status_as_of(item: LibraryItem, day: dt.date | None, viewer: Viewer) -> str:
    """One item's status as of ``day`` (today when None)."""
    day = day or timezone.localdate()
    found = with_status_as_of(LibraryItem.objects.filter(pk=item.pk), day, viewer).values_list("status_as_of",
                                                                                               flat=True)
    return next(iter(found), item.validity)


def status_label(value: str) -> str:
    try:
        return str(Validity(value).label)
    except ValueError:
        return value


def ended_on(item: LibraryItem, viewer: Viewer) -> dt.date | None:
    """The day the item stopped applying: ``expired_on``, else the earliest replacement or repeal it may see."""
    if item.expired_on:
        return item.expired_on
    days = (Relation.objects.filter(target=item, relation_type__in=ENDING,
                                    source__in=viewer.library_items().values("pk"))
            .annotate(day=_relation_date()).order_by("day").values_list("day", flat=True))
    return next(iter(days), None)


# -- the timeline on the item page -----------------------------------------------------------------------------
@dataclass
class TimelineEvent:
    day: dt.date
    label: str
    other: LibraryItem | None = None  # the replacing / amending / replaced item, when there is one
    ends: bool = False  # the item stops applying here


INCOMING_LABELS = {
    RelationType.REPLACES: gettext_lazy("Bị thay thế bởi"),
    RelationType.REPEALS: gettext_lazy("Bị bãi bỏ bởi"),
    RelationType.AMENDS: gettext_lazy("Được sửa đổi, bổ sung bởi"),
}
OUTGOING_LABELS = {
    RelationType.REPLACES: gettext_lazy("Thay thế"),
    RelationType.REPEALS: gettext_lazy("Bãi bỏ"),
    RelationType.AMENDS: gettext_lazy("Sửa đổi, bổ sung"),
}


def timeline(item: LibraryItem, viewer: Viewer) -> list[TimelineEvent]:
    """Dated events of an item's life, oldest first, naming only items the viewer may see."""
    events = [TimelineEvent(item.issued_on, _("Ban hành"))]
    if item.effective_from:
        events.append(TimelineEvent(item.effective_from, _("Có hiệu lực")))
    visible = viewer.library_items().values("pk")
    incoming = (Relation.objects.filter(target=item, relation_type__in=CHANGING, source__in=visible)
                .select_related("source").annotate(day=_relation_date()))
    for rel in incoming:
        events.append(TimelineEvent(rel.day, str(INCOMING_LABELS[rel.relation_type]), rel.source,
                                    ends=rel.relation_type in ENDING))
    outgoing = (Relation.objects.filter(source=item, relation_type__in=CHANGING, target__in=visible)
                .select_related("target"))
    for rel in outgoing:
        day = rel.effective_on or item.effective_from or item.issued_on
        events.append(TimelineEvent(day, str(OUTGOING_LABELS[rel.relation_type]), rel.target))
    if item.expired_on:
        events.append(TimelineEvent(item.expired_on, _("Hết hiệu lực"), ends=True))
    return sorted(events, key=lambda e: (e.day, not e.ends))
