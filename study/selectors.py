"""Queries behind "Học tập của tôi": a member's upcoming meetings with their checklists, bookmarks, and the
secretary's read report. Every item and meeting goes through the privacy layer (organizations.access), and each
page is built from a fixed number of queries, whatever the number of meetings, materials or members.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from library.models import ItemAttachment
from organizations.access import Viewer
from organizations.models import cell_users
from study.models import Bookmark, ReadMark
from topics.models import Meeting, MeetingMaterial, MeetingStatus
from topics.secretary_selectors import SecretaryTodo, meeting_todo

# A meeting stays on the page while it is under way, so members can open the materials in the room.
STILL_SHOWN_AFTER_START = timedelta(hours=12)


@dataclass
class ChecklistEntry:
    material: MeetingMaterial
    read_mark: ReadMark | None
    bookmarked: bool

    @property
    def item(self):
        return self.material.item

    @property
    def is_read(self) -> bool:
        return bool(self.read_mark and self.read_mark.read_at)

    @property
    def is_opened(self) -> bool:
        return bool(self.read_mark and (self.read_mark.opened_at or self.read_mark.read_at))


@dataclass
class MeetingChecklist:
    meeting: Meeting
    entries: list[ChecklistEntry] = field(default_factory=list)
    can_report: bool = False
    url: str = ""

    @property
    def time_fixed(self) -> bool:
        """False for a roll-out's placeholder whose cell has not fixed a date: its time is only a deadline, so
        the page shows no countdown for it."""
        return self.meeting.time_confirmed

    @property
    def starts_soon(self) -> bool:
        """Less than a day left: the page highlights the time."""
        return self.time_fixed and self.meeting.scheduled_at - timezone.now() < timedelta(days=1)

    @property
    def read_count(self) -> int:
        return sum(1 for e in self.entries if e.is_read)

    @property
    def required_left(self) -> int:
        return sum(1 for e in self.entries if e.material.required and not e.is_read)

    @property
    def done(self) -> bool:
        return bool(self.entries) and self.read_count == len(self.entries)


def _visible_materials(viewer: Viewer):
    """MeetingMaterial rows whose item this viewer may see (live), with what the checklist shows."""
    return (MeetingMaterial.objects.filter(item__live=True).filter(viewer.library_q("item__"))
            .select_related("item", "item__issuer")
            .prefetch_related(Prefetch("item__attachments",
                                       queryset=ItemAttachment.objects.select_related("document")))
            .order_by("sort_order", "id"))


def upcoming_checklists(viewer: Viewer, now=None) -> list[MeetingChecklist]:
    """The upcoming meetings of the viewer's cells (not cancelled), soonest first, each with its checklist."""
    now = now or timezone.now()
    if not viewer.is_authenticated or not viewer.cell_ids:
        return []
    meetings = list(
        viewer.meetings(Meeting.objects.filter(cell_id__in=viewer.cell_ids))
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(scheduled_at__gte=now - STILL_SHOWN_AFTER_START)
        .select_related("cell", "topic")
        .prefetch_related(Prefetch("materials", queryset=_visible_materials(viewer), to_attr="visible_materials"))
        .order_by("scheduled_at", "id")
    )
    meetings = [m for m in meetings if m.ends_at > now]
    item_ids = {mm.item_id for m in meetings for mm in m.visible_materials}
    marks = {r.item_id: r for r in ReadMark.objects.filter(user=viewer.user, item_id__in=item_ids)} if item_ids else {}
    saved = set(Bookmark.objects.filter(user=viewer.user, item_id__in=item_ids)
                .values_list("item_id", flat=True)) if item_ids else set()
    return [
        MeetingChecklist(
            meeting=m,
            entries=[ChecklistEntry(mm, marks.get(mm.item_id), mm.item_id in saved) for mm in m.visible_materials],
            can_report=viewer.can_manage_meetings_of(m.cell),
            url=m.get_absolute_url(),
        )
        for m in meetings
    ]


def bookmarked_items(viewer: Viewer):
    """The viewer's saved items, newest save first, still filtered by what they may see today."""
    if not viewer.is_authenticated:
        return Bookmark.objects.none()
    return (Bookmark.objects.filter(user=viewer.user, item__live=True).filter(viewer.library_q("item__"))
            .select_related("item", "item__issuer").order_by("-created_at", "-id"))


# -- the secretary's read report -----------------------------------------------------------------
@dataclass
class MemberRow:
    user: object
    read_ids: set
    required_ids: set

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def missing_required(self) -> set:
        return self.required_ids - self.read_ids

    @property
    def done(self) -> bool:
        return not self.missing_required


@dataclass
class MaterialRow:
    material: MeetingMaterial
    readers: list
    non_readers: list

    @property
    def item(self):
        return self.material.item


@dataclass
class ReadReport:
    meeting: Meeting
    materials: list[MaterialRow]
    members: list[MemberRow]

    @property
    def members_done(self) -> int:
        return sum(1 for m in self.members if m.done)

    @property
    def members_pending(self) -> list[MemberRow]:
        return [m for m in self.members if not m.done]


def required_item_ids(materials) -> set:
    """Materials members must read: the required ones, or all of them when none is marked required."""
    required = {mm.item_id for mm in materials if mm.required}
    return required or {mm.item_id for mm in materials}


def cell_members(cell):
    """Active users who are members or the secretary of ``cell`` (staff of the cell are not students)."""
    return list(cell_users(cell))


def read_report(viewer: Viewer, meeting: Meeting) -> ReadReport:
    materials = list(_visible_materials(viewer).filter(meeting=meeting))
    members = cell_members(meeting.cell)
    item_ids = [mm.item_id for mm in materials]
    read_pairs = set(ReadMark.objects.filter(item_id__in=item_ids, user__in=[u.pk for u in members],
                                             read_at__isnull=False).values_list("user_id", "item_id"))
    required = required_item_ids(materials)
    member_rows = [MemberRow(u, {i for (uid, i) in read_pairs if uid == u.pk}, required) for u in members]
    material_rows = []
    for mm in materials:
        readers = [r.user for r in member_rows if mm.item_id in r.read_ids]
        non_readers = [r.user for r in member_rows if mm.item_id not in r.read_ids]
        material_rows.append(MaterialRow(mm, readers, non_readers))
    return ReadReport(meeting, material_rows, member_rows)


# -- read progress: the secretary's to-do list and the meeting page -------------------------------------
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
    """Read progress of several meetings at once (materials the viewer may see; active members of each
    cell), in three queries whatever the number of meetings, members or materials."""
    if not meetings:
        return {}
    materials: dict[int, list] = {}
    for mm in (MeetingMaterial.objects.filter(meeting_id__in=[m.pk for m in meetings], item__live=True)
               .filter(viewer.library_q("item__")).only("meeting_id", "item_id", "required")):
        materials.setdefault(mm.meeting_id, []).append(mm)
    # Who reads for a cell is the organizations floor's rule (cell_users): one query per cell, and a
    # secretary's to-do list or a meeting page has one or a few cells whatever the number of meetings.
    cells = {m.cell_id: m.cell for m in meetings}
    members = {cell_id: set(cell_users(cell).values_list("pk", flat=True)) for cell_id, cell in cells.items()}
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
        cell_members_ = members.get(m.cell_id, set())
        done = sum(1 for u in cell_members_ if required <= read.get(u, set())) if required else 0
        out[m.pk] = ReadProgress(m, done, len(cell_members_), len(materials.get(m.pk, [])))
    return out


def meeting_read_progress_context(viewer: Viewer, meeting: Meeting) -> dict:
    """For the meeting page (registered in study.apps through topics.extensions)."""
    return {"read_progress": read_progress(viewer, [meeting]).get(meeting.pk)}


def secretary_todo(viewer: Viewer, now=None) -> SecretaryTodo | None:
    """The cell secretary's to-do list: topics' meetings and tasks, plus the announced meetings whose members
    have not all read (None for anyone who is not a secretary)."""
    todo = meeting_todo(viewer, now)
    if todo is not None:
        progress = read_progress(viewer, todo.announced)
        todo.unread = [p for p in progress.values() if p.materials and p.pending]
    return todo
