"""What a cell secretary has to do next, and how far members have read: the to-do list on the home page
and the read progress on the meeting page.

Everything goes through ``portal.access.Viewer``: the to-do list covers the cells the viewer is secretary
of (``Viewer.secretary_cell_ids``), and only meetings and materials the viewer may see. Each function runs
a fixed number of queries whatever the number of meetings, members or materials (tests assert it):
meetings 1, overdue tasks 1, read progress 3.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from library.models import ReadMark
from portal.access import Viewer
from topics.models import (
    MATERIALS_LEAD_TIME,
    OUTCOME_DEADLINE,
    Meeting,
    MeetingMaterial,
    MeetingStatus,
    MeetingTask,
    Membership,
    Role,
)

S = MeetingStatus
# A meeting whose materials are due within this time (or overdue) moves from "to announce" to "materials".
MATERIALS_WARNING = dt.timedelta(days=3)
# How far back unrecorded outcomes are still listed, and how far ahead meetings are planned.
LOOK_BACK = dt.timedelta(days=120)
LOOK_AHEAD = dt.timedelta(days=120)
MAX_ROWS = 20
PROGRESS_MEETINGS = 5


def required_item_ids(materials) -> set:
    """Materials members must read: the required ones, or all of them when none is marked required."""
    required = {mm.item_id for mm in materials if mm.required}
    return required or {mm.item_id for mm in materials}


@dataclass
class ReadProgress:
    """How many members of the meeting's cell have read every required material."""

    meeting: Meeting
    done: int
    total: int
    materials: int

    @property
    def pending(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def read_progress(viewer: Viewer, meetings: list[Meeting]) -> dict[int, ReadProgress]:
    """Read progress of several meetings at once (materials the viewer may see; members of each cell)."""
    if not meetings:
        return {}
    ids = [m.pk for m in meetings]
    materials: dict[int, list] = {}
    for mm in (MeetingMaterial.objects.filter(meeting_id__in=ids, item__live=True)
               .filter(viewer.library_q("item__")).only("meeting_id", "item_id", "required")):
        materials.setdefault(mm.meeting_id, []).append(mm)
    cells = {m.cell_id for m in meetings}
    members: dict[int, set] = {}
    for cell_id, user_id in (Membership.objects.filter(organization_id__in=cells, user__is_active=True,
                                                       role__in=[Role.MEMBER, Role.SECRETARY])
                             .values_list("organization_id", "user_id")):
        members.setdefault(cell_id, set()).add(user_id)
    item_ids = {mm.item_id for mms in materials.values() for mm in mms}
    user_ids = set().union(*members.values()) if members else set()
    read: dict[int, set] = {}
    if item_ids and user_ids:
        for user_id, item_id in (ReadMark.objects.filter(item_id__in=item_ids, user_id__in=user_ids,
                                                         read_at__isnull=False).values_list("user_id", "item_id")):
            read.setdefault(user_id, set()).add(item_id)
    out = {}
    for m in meetings:
        required = required_item_ids(materials.get(m.pk, []))
        cell_members = members.get(m.cell_id, set())
        done = sum(1 for u in cell_members if required <= read.get(u, set())) if required else 0
        out[m.pk] = ReadProgress(m, done, len(cell_members), len(materials.get(m.pk, [])))
    return out


@dataclass
class DueMeeting:
    meeting: Meeting
    due: dt.datetime          # the deadline this entry is about (materials or outcome)
    late: bool
    materials: int = 0


@dataclass
class SecretaryTodo:
    to_announce: list[DueMeeting] = field(default_factory=list)
    materials_due: list[DueMeeting] = field(default_factory=list)
    outcomes_due: list[DueMeeting] = field(default_factory=list)
    overdue_tasks: list[MeetingTask] = field(default_factory=list)
    unread: list[ReadProgress] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (len(self.to_announce) + len(self.materials_due) + len(self.outcomes_due)
                + len(self.overdue_tasks) + len(self.unread))


def secretary_todo(viewer: Viewer, now=None) -> SecretaryTodo | None:
    """The to-do list of a cell secretary, or None for anyone who is not one (no query then)."""
    if not viewer.is_authenticated or not viewer.secretary_cell_ids:
        return None
    now = now or timezone.now()
    cells = list(viewer.secretary_cell_ids)
    meetings = list(viewer.meetings(Meeting.objects.filter(cell_id__in=cells))
                    .filter(scheduled_at__gte=now - LOOK_BACK, scheduled_at__lte=now + LOOK_AHEAD)
                    .exclude(status__in=[S.CANCELLED, S.POSTPONED, S.CONCLUDED])
                    .select_related("cell").annotate(n_materials=Count("materials"))
                    .order_by("scheduled_at", "pk")[:200])
    todo = SecretaryTodo()
    announced_upcoming = []
    for m in meetings:
        deadline = m.scheduled_at - MATERIALS_LEAD_TIME
        if m.scheduled_at >= now and m.status in (S.PLANNED, S.ANNOUNCED):
            sent = m.status == S.ANNOUNCED and m.n_materials > 0
            if not sent and deadline - now <= MATERIALS_WARNING:
                todo.materials_due.append(DueMeeting(m, deadline, deadline < now, m.n_materials))
            elif m.status == S.PLANNED:
                todo.to_announce.append(DueMeeting(m, deadline, False, m.n_materials))
            if m.status == S.ANNOUNCED:
                announced_upcoming.append(m)
        elif m.ends_at < now and m.outcome_posted_at is None:
            due = m.ends_at + OUTCOME_DEADLINE
            todo.outcomes_due.append(DueMeeting(m, due, now > due, m.n_materials))
    todo.outcomes_due.sort(key=lambda d: d.due)
    for name in ("to_announce", "materials_due", "outcomes_due"):
        setattr(todo, name, getattr(todo, name)[:MAX_ROWS])
    todo.overdue_tasks = list(
        MeetingTask.objects.filter(meeting__in=viewer.meetings(Meeting.objects.filter(cell_id__in=cells)),
                                   done=False, due_on__lt=timezone.localdate(now))
        .select_related("meeting").order_by("due_on", "pk")[:MAX_ROWS])
    progress = read_progress(viewer, announced_upcoming[:PROGRESS_MEETINGS])
    todo.unread = [p for p in progress.values() if p.materials and p.pending]
    return todo
