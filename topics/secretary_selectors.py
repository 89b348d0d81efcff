"""What a cell secretary has to do next: the meeting and task part of the to-do list on the home page.

Everything goes through ``organizations.access.Viewer``: the list covers the cells the viewer is secretary
of (``Viewer.secretary_cell_ids``), and only meetings the viewer may see. Two queries whatever the number of
meetings or tasks (tests assert it). Who has read what lives upstairs (study.selectors.secretary_todo adds
it to this list, and study.selectors.read_progress feeds the meeting page through topics.extensions).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from organizations.access import Viewer
from topics.models import MATERIALS_LEAD_TIME, OUTCOME_DEADLINE, Meeting, MeetingStatus, MeetingTask

S = MeetingStatus
# A meeting whose materials are due within this time (or overdue) moves from "to announce" to "materials".
MATERIALS_WARNING = dt.timedelta(days=3)
# How far back unrecorded outcomes are still listed, and how far ahead meetings are planned.
LOOK_BACK = dt.timedelta(days=120)
LOOK_AHEAD = dt.timedelta(days=120)
MAX_ROWS = 20
PROGRESS_MEETINGS = 5


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
    # Announced meetings still ahead, soonest first: whose readers study.selectors counts.
    announced: list[Meeting] = field(default_factory=list)
    unread: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return (len(self.to_announce) + len(self.materials_due) + len(self.outcomes_due)
                + len(self.overdue_tasks) + len(self.unread))


def meeting_todo(viewer: Viewer, now=None) -> SecretaryTodo | None:
    """The meeting and task part of a cell secretary's to-do list, or None for anyone who is not one
    (no query then)."""
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
    todo.announced = announced_upcoming[:PROGRESS_MEETINGS]
    return todo
