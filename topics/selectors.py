"""Queries for organization, meeting and plan pages; every one goes through ``organizations.access.Viewer``.

Each function returns plain data for a template in a fixed number of queries (select/prefetch), so page
query counts stay bounded whatever the number of meetings, materials or tasks.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from library.selectors import cell_materials
from organizations.access import Viewer
from organizations.models import Organization, OrganizationKind, cell_users
from topics.models import Meeting, MeetingKind, MeetingMaterial, MeetingStatus, MeetingTask, Rollout, Topic
from topics.services import quarter_bounds

S = MeetingStatus
HELD_STATUSES = (S.HELD, S.CONCLUDED)
# Statuses that count as "a thematic meeting is planned for this quarter".
PLANNED_STATUSES = (S.PLANNED, S.ANNOUNCED, S.HELD, S.CONCLUDED)


def visible_materials_prefetch(viewer: Viewer, to_attr: str = "visible_materials") -> Prefetch:
    """Materials of meetings, only items the viewer may open, in their order."""
    qs = (MeetingMaterial.objects.filter(item__in=viewer.library_items().values("pk"))
          .select_related("item").order_by("sort_order", "pk"))
    return Prefetch("materials", queryset=qs, to_attr=to_attr)


def topic_history(viewer: Viewer, topic: Topic):
    """Meetings held on ``topic`` across cells that the viewer may see, newest first, with their cell.

    Rendered by ``templates/components/topic_history.html`` on the library's topic page.
    """
    return (viewer.meetings(Meeting.objects.filter(topic=topic, status__in=HELD_STATUSES))
            .select_related("cell", "topic", "scoring_version").order_by("-scheduled_at", "-pk"))


# -- meeting page ---------------------------------------------------------------------------------

def meeting_for_page(pk: int):
    """The meeting with everything its page shows (materials are prefetched per viewer separately)."""
    return (Meeting.objects.select_related("cell", "topic", "pack", "resolution", "rollout", "scoring_version")
            .filter(pk=pk).first())


def meeting_page_context(viewer: Viewer, meeting: Meeting) -> dict:
    """Everything on the meeting page; the caller has checked ``viewer.can_see_meeting``."""
    materials = list(MeetingMaterial.objects.filter(meeting=meeting, item__in=viewer.library_items().values("pk"))
                     .select_related("item", "item__issuer")
                     .order_by("sort_order", "pk"))
    hidden = MeetingMaterial.objects.filter(meeting=meeting).count() - len(materials)
    tasks = list(meeting.tasks.all().order_by("sort_order", "pk"))
    # Tasks this meeting reviews: open tasks of the cell's earlier meetings, and the last meeting's tasks.
    earlier = (MeetingTask.objects.filter(meeting__cell_id=meeting.cell_id,
                                          meeting__scheduled_at__lt=meeting.scheduled_at,
                                          meeting__status__in=HELD_STATUSES)
               .filter(Q(done=False) | Q(done_on__gte=(meeting.scheduled_at - dt.timedelta(days=120)).date()))
               .select_related("meeting").order_by("-meeting__scheduled_at", "sort_order")[:30])
    show_outcome = meeting.status in HELD_STATUSES or meeting.outcome_posted_at is not None
    attendance_rate = None
    if meeting.attendance_present is not None and meeting.attendance_total:
        attendance_rate = round(100 * meeting.attendance_present / meeting.attendance_total)
    return {
        "meeting": meeting,
        "materials": materials,
        "hidden_materials": hidden if not viewer.is_authenticated else 0,
        "pack_visible": bool(meeting.pack_id and meeting.pack.live and viewer.can_see_item(meeting.pack)),
        "resolution_visible": bool(meeting.resolution_id and viewer.can_see_item(meeting.resolution)),
        "events": list(meeting.events.select_related("by").order_by("at", "pk")),
        "absentees": list(meeting.absentees.all().order_by("sort_order", "pk")) if show_outcome else [],
        "speeches": list(meeting.speeches.all().order_by("sort_order", "pk")) if show_outcome else [],
        "tasks": tasks,
        "review_tasks": list(earlier),
        "show_outcome": show_outcome,
        "attendance_rate": attendance_rate,
        "can_manage": viewer.can_manage_meetings_of(meeting.cell),
        # Opinions sent before the meeting: for the cell and the staff above it (topics/opinions.py).
        "may_read_opinions": viewer.may_read_opinions(meeting),
        "opinions": list(meeting.member_opinions.order_by("created_at", "pk")) if viewer.may_read_opinions(meeting)
        else [],
        "may_send_opinion": viewer.may_send_opinion(meeting) and meeting.status == S.ANNOUNCED,
        "local_start": timezone.localtime(meeting.scheduled_at),
        "local_end": timezone.localtime(meeting.ends_at),
        "materials_deadline": timezone.localtime(meeting.scheduled_at - dt.timedelta(days=1)),
    }


# -- organization pages ---------------------------------------------------------------------------
CELL_MATERIALS_SHOWN = 50


def cell_page_context(viewer: Viewer, cell: Organization, now=None) -> dict:
    now = now or timezone.now()
    visible = viewer.meetings(Meeting.objects.filter(cell=cell)).select_related("topic", "scoring_version")
    upcoming = list(visible.filter(scheduled_at__gte=now).exclude(status=S.CANCELLED).order_by("scheduled_at")[:20])
    past = list(visible.filter(Q(scheduled_at__lt=now) | Q(status=S.CANCELLED)).order_by("-scheduled_at")[:30])
    member_count = cell_users(cell).count()
    return {
        "upcoming": upcoming,
        "past": past,
        # Library items tagged for this cell that the viewer may see (library.models.LibraryItem.for_cells).
        "materials": list(cell_materials(viewer, cell)[:CELL_MATERIALS_SHOWN]),
        "member_count": member_count if viewer.is_authenticated else None,
        "can_see_all": viewer.visible_meetings_of(cell),
        "can_manage": viewer.can_manage_meetings_of(cell),
        "year": timezone.localdate().year,
    }


def committee_page_context(viewer: Viewer, org: Organization, now=None) -> dict:
    """A đảng bộ: its direct children, the cells below it with visible meeting counts, its roll-outs."""
    now = now or timezone.now()
    children = list(org.children.order_by("name"))
    year = timezone.localdate().year
    visible_q = viewer.meeting_q("meetings__")
    cells = list(Organization.objects.filter(path__startswith=org.path, kind=OrganizationKind.CELL)
                 .exclude(pk=org.pk).order_by("path")
                 .annotate(upcoming=Count("meetings", filter=visible_q & Q(meetings__scheduled_at__gte=now)
                                          & ~Q(meetings__status=S.CANCELLED), distinct=True),
                           held=Count("meetings", filter=visible_q & Q(meetings__status__in=HELD_STATUSES)
                                      & Q(meetings__scheduled_at__year=year), distinct=True))[:500])
    staff = viewer.is_staff_above(org)
    rollouts = list(Rollout.objects.filter(organization=org).order_by("-year", "-quarter", "-pk")[:20]) if staff else []
    return {"children": children, "cells": cells, "rollouts": rollouts, "is_staff": staff, "year": year,
            "can_see_all": viewer.visible_meetings_of(org)}


# -- plans ----------------------------------------------------------------------------------------

def _year_range(year: int):
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    return start, timezone.make_aware(dt.datetime(year + 1, 1, 1))


def _quarter_of(value) -> int:
    return (timezone.localtime(value).month - 1) // 3 + 1


QUARTER_WARNING = _("Quý %(q)s chưa có buổi sinh hoạt chuyên đề nào được lên kế hoạch "
                    "(12-HD: ít nhất một lần mỗi quý).")
QUARTER_NOT_HELD = _("Quý %(q)s đã qua mà chưa tổ chức buổi sinh hoạt chuyên đề nào.")


def cell_plan(viewer: Viewer, cell: Organization, year: int, today=None) -> dict:
    """A cell's annual plan of thematic meetings (regular ones are not in it): its meetings per quarter, and a
    warning for each quarter with none planned.

    Cancelled and postponed meetings are listed but do not count; roll-outs from above that the cell has
    not yet scheduled are listed per quarter too.
    """
    today = today or timezone.localdate()
    start, end = _year_range(year)
    meetings = list(viewer.meetings(Meeting.objects.filter(cell=cell, scheduled_at__gte=start, scheduled_at__lt=end,
                                                           kind=MeetingKind.CHUYEN_DE))
                    .select_related("topic", "rollout", "scoring_version").order_by("scheduled_at"))
    ancestors = cell.ancestor_ids()
    rollouts = list(Rollout.objects.filter(organization_id__in=ancestors, year=year).select_related("organization")
                    .order_by("quarter", "pk"))
    scheduled_rollouts = {m.rollout_id for m in meetings if m.rollout_id and m.time_confirmed}
    quarters = []
    for q in (1, 2, 3, 4):
        items = [m for m in meetings if _quarter_of(m.scheduled_at) == q]
        counted = [m for m in items if m.status in PLANNED_STATUSES]
        held = [m for m in items if m.status in HELD_STATUSES]
        q_end = quarter_bounds(year, q)[1]
        warnings = []
        if not counted:
            warnings.append(QUARTER_WARNING % {"q": q})
        elif q_end < today and not held:
            warnings.append(QUARTER_NOT_HELD % {"q": q})
        quarters.append({
            "number": q,
            "meetings": items,
            "topics": sorted({m.topic.name for m in counted if m.topic_id}),
            "planned_count": len(counted),
            "held_count": len(held),
            "warnings": warnings,
            "pending_rollouts": [r for r in rollouts if r.quarter == q and r.pk not in scheduled_rollouts],
        })
    return {"cell": cell, "year": year, "quarters": quarters,
            "missing_quarters": [q["number"] for q in quarters if not q["planned_count"]]}


def committee_plan(viewer: Viewer, org: Organization, year: int) -> dict:
    """Cells below a đảng bộ × quarters: number of planned meetings, quarters missing (for staff)."""
    start, end = _year_range(year)
    cells = list(Organization.objects.filter(path__startswith=org.path, kind=OrganizationKind.CELL).order_by("path"))
    rows = viewer.meetings(Meeting.objects.filter(cell__in=cells, scheduled_at__gte=start, scheduled_at__lt=end,
                                                  status__in=PLANNED_STATUSES, kind=MeetingKind.CHUYEN_DE)
                           ).values_list("cell_id", "scheduled_at")
    per_cell: dict[int, list[int]] = {c.pk: [0, 0, 0, 0] for c in cells}
    for cell_id, when in rows:
        per_cell[cell_id][_quarter_of(when) - 1] += 1
    table = [{"cell": c, "quarters": per_cell[c.pk], "missing": [i + 1 for i, n in enumerate(per_cell[c.pk]) if not n]}
             for c in cells]
    return {"org": org, "year": year, "rows": table,
            "cells_missing": sum(1 for r in table if r["missing"])}
