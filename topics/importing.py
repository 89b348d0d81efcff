"""``meeting`` lines of ``import_library``: a line handler registered with the library import
(``TopicsConfig.ready``), so the library never imports topics.

A line's status goes through the meeting lifecycle like a button press (``topics.lifecycle.check_path`` with
``via=IMPORT``): a re-import may take a planned meeting to concluded (through held), never a concluded one
back to planned (``line N:`` the table's message). Each step becomes a :class:`MeetingEvent` written by
``topics.services.meeting_history_rows`` (actor: the import, named in the history), as does a new time on
the same day. The writes are batched per chunk (multi-row ``INSERT … RETURNING id`` / one ``bulk_update`` for the
meetings, one ``executemany`` for their history and one per kind of child row, see ``library.importing.upsert``); a re-imported line
that changes nothing writes nothing and adds no history. An import sends no e-mail and stamps nothing:
``announced_at`` / ``outcome_posted_at`` come from the line.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from library.importing import LineHandler, Tally, Unresolved, fields
from library.importing.fields import LineError
from library.importing.upsert import insert_rows, set_changed, settle, upsert
from library.models import ItemType
from topics import lifecycle, services
from topics.models import (TOPIC_NAME_MAX, Absentee, Meeting, MeetingEvent, MeetingKind, MeetingMaterial,
                           MeetingStatus, MeetingTask)
from topics.scoring.sheets import decided_score, effective_versions
from topics.signals import meetings_changed
from vntext.text import fold

MEETING_STATUSES = frozenset(MeetingStatus.values)


MEETING_STATUS_WORDS = {fold(str(label)): value for value, label in MeetingStatus.choices} | {
    "du kien": MeetingStatus.PLANNED, "thong bao": MeetingStatus.ANNOUNCED, "da to chuc": MeetingStatus.HELD,
    "ket luan": MeetingStatus.CONCLUDED, "huy": MeetingStatus.CANCELLED, "hoan": MeetingStatus.POSTPONED,
}


MEETING_FIELDS = ("title", "topic_id", "pack_id", "scheduled_at", "duration_minutes", "status", "place",
                  "presenters", "upper_member", "status_reason", "is_public", "announced_at", "outcome_posted_at",
                  "attendance_present", "attendance_total", "speakers", "opinions", "score", "conclusion", "chair",
                  "minutes_secretary", "guests", "agenda", "minutes", "resolution_id", "kind", "criteria_scores",
                  "scoring_version_id")


MEETING_TEXT_EXTRAS = {"upper_member": 255, "status_reason": None, "chair": 200, "minutes_secretary": 200,
                       "guests": 500, "agenda": None, "minutes": None}


MEETING_CALENDAR_FIELDS = {"title", "scheduled_at", "duration_minutes", "status", "place"}

MEETING_KIND_WORDS = {fold(str(label)): value for value, label in MeetingKind.choices} | {
    "chuyen de": MeetingKind.CHUYEN_DE, "thuong ky": MeetingKind.THUONG_KY}


def parse_meeting_kind(value) -> str:
    """"thuong_ky" / "chuyen_de" (or the words, with or without diacritics); absent → chuyen_de."""
    if value in (None, ""):
        return MeetingKind.CHUYEN_DE
    text = fields.text(value, "kind")
    folded = fold(text).strip()
    if folded in MeetingKind.values:
        return folded
    if folded in MEETING_KIND_WORDS:
        return MEETING_KIND_WORDS[folded]
    raise LineError(f"loại buổi sinh hoạt không hợp lệ: {text!r} (thuong_ky, chuyen_de)")


def parse_criteria(value) -> dict | None:
    """``criteria``: {criterion code: points}; the codes are checked against the cell's sheet later."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise LineError("trường “criteria” phải có dạng {mã tiêu chí: điểm}")
    return value


def parse_meeting_status(value) -> str:
    if value in (None, ""):
        return MeetingStatus.PLANNED
    text = fields.text(value, "status")
    if text in MEETING_STATUSES:
        return text
    folded = fold(text).strip()
    if folded in MEETING_STATUSES:
        return folded
    if folded in MEETING_STATUS_WORDS:
        return MEETING_STATUS_WORDS[folded]
    raise LineError(f"trạng thái buổi sinh hoạt không hợp lệ: {text!r} (planned, announced, held, concluded, "
                    f"cancelled, postponed)")


@dataclass
class MeetingRow:
    line: int
    data: dict
    cell: str
    values: dict
    topic: str
    pack: str
    resolution: str
    materials: list  # [(text, required)]
    tasks: list | None
    absentees: list | None
    criteria: dict | None = None
    obj: Meeting | None = None
    status: str = ""
    key: tuple = ()  # identity: cell, title, local date
    steps: tuple = ()  # lifecycle steps from the stored status to the line's
    old_scheduled_at: dt.datetime | None = None  # the stored time, when the line gives a new one


def prepare_meeting(line: int, data: dict) -> MeetingRow:
    cell = fields.required(data, "cell", 255)
    title = fields.required(data, "title", 500)
    scheduled_at = fields.local_datetime(data.get("scheduled_at"), "scheduled_at", required=True)
    attendance = data.get("attendance")
    present = total = None
    if attendance not in (None, {}):
        if not isinstance(attendance, dict):
            raise LineError("trường “attendance” phải có dạng {present, total}")
        present = fields.integer(attendance.get("present"), "attendance.present")
        total = fields.integer(attendance.get("total"), "attendance.total")
        if present is not None and total is not None and present > total:
            raise LineError(f"số có mặt ({present}) lớn hơn tổng số đảng viên ({total})")
    presenters = data.get("presenters")
    if isinstance(presenters, list):
        presenters = ", ".join(fields.text(p, "presenters") for p in presenters)
    values = {
        "title": title,
        "scheduled_at": scheduled_at,
        "duration_minutes": fields.integer(data.get("duration_minutes"), "duration_minutes", minimum=1, default=90),
        "status": parse_meeting_status(data.get("status")),
        "place": fields.text(data.get("place"), "place", 255),
        "presenters": fields.text(presenters, "presenters", 255),
        "is_public": fields.boolean(data.get("public", data.get("is_public")), "public", default=False),
        "announced_at": fields.local_datetime(data.get("announced_at"), "announced_at"),
        "outcome_posted_at": fields.local_datetime(data.get("outcome_posted_at"), "outcome_posted_at"),
        "attendance_present": present,
        "attendance_total": total,
        "speakers": fields.integer(data.get("speakers"), "speakers"),
        "opinions": fields.integer(data.get("opinions"), "opinions"),
        "score": fields.integer(data.get("score"), "score", 0, 100),
        "kind": parse_meeting_kind(data.get("kind")),
        "conclusion": fields.text(data.get("conclusion"), "conclusion"),
    }
    for name, max_length in MEETING_TEXT_EXTRAS.items():
        values[name] = fields.text(data.get(name), name, max_length)
    materials = []
    raw_materials = data.get("materials") or []
    if not isinstance(raw_materials, list):
        raise LineError("trường “materials” phải là danh sách số hiệu hoặc tiêu đề")
    for m in raw_materials:
        required = True
        if isinstance(m, dict):
            required = fields.boolean(m.get("required"), "materials.required", default=True)
            m = m.get("symbol") or m.get("title") or m.get("item")
        text = fields.text(m, "materials", required=True)
        if all(fields.target_match_key(text) != fields.target_match_key(t) for t, _r in materials):
            materials.append((text, required))
    tasks = None
    if data.get("tasks") is not None:
        if not isinstance(data["tasks"], list):
            raise LineError("trường “tasks” phải là danh sách {assignee, description, due_on, done}")
        tasks = []
        for t in data["tasks"]:
            if not isinstance(t, dict):
                raise LineError("mỗi nhiệm vụ phải có dạng {assignee, description, due_on, done}")
            done = fields.boolean(t.get("done"), "tasks.done")
            tasks.append((fields.text(t.get("assignee"), "tasks.assignee", 200, required=True),
                          fields.text(t.get("description"), "tasks.description", required=True),
                          fields.date(t.get("due_on"), "tasks.due_on"), done,
                          fields.date(t.get("done_on"), "tasks.done_on") if done else None))
    absentees = None
    if data.get("absentees") is not None:
        if not isinstance(data["absentees"], list):
            raise LineError("trường “absentees” phải là danh sách {name, reason}")
        absentees = []
        for a in data["absentees"]:
            if isinstance(a, str):
                a = {"name": a}
            if not isinstance(a, dict):
                raise LineError("mỗi người vắng phải có dạng {name, reason}")
            absentees.append((fields.text(a.get("name"), "absentees.name", 200, required=True),
                              fields.text(a.get("reason"), "absentees.reason", 300)))
    return MeetingRow(line=line, data=data, cell=cell, values=values,
                      topic=fields.text(data.get("topic"), "topic", TOPIC_NAME_MAX),
                      pack=fields.text(data.get("pack"), "pack"), resolution=fields.text(data.get("resolution"), "resolution"),
                      materials=materials, tasks=tasks, absentees=absentees,
                      criteria=parse_criteria(data.get("criteria")))


class MeetingLines(LineHandler):
    """Meetings identified by cell + title + local date; their cell, pack, resolution and materials may be
    named by lines further down the file (retried once at the end)."""

    types = ("meeting",)

    def apply(self, lines, tally: Tally):
        rows = []
        for line_no, data in lines:
            try:
                rows.append(prepare_meeting(line_no, data))
            except LineError as exc:
                tally.fail(line_no, "meeting", str(exc))
        if not rows:
            return
        self.importer.load_orgs([r.cell for r in rows])
        texts = {t for r in rows for t, _req in r.materials} | {r.resolution for r in rows if r.resolution}
        materials = self.importer.candidates(texts)
        packs = self.importer.candidates({r.pack for r in rows if r.pack}, item_type=ItemType.SESSION_PACK)
        ready = []
        for row in rows:
            try:
                self._resolve(row, materials, packs)
                ready.append(row)
            except Unresolved as exc:
                if self.importer.final_pass:
                    tally.fail(row.line, "meeting", str(exc))
                else:
                    tally.deferred.append((row.line, row.data))
        ready = self._scored(ready, tally)
        for row in ready:
            row.key = (row.values["cell_id"], row.values["title"], timezone.localdate(row.values["scheduled_at"]))
        for wave in fields.waves(ready, key=lambda r: r.key):
            self._write(wave, tally)

    def _resolve(self, row: MeetingRow, materials, packs):
        cell = self.importer.orgs.get(row.cell)
        if cell is None:
            raise Unresolved(f"không tìm thấy chi bộ “{row.cell}”")
        row.values["cell_id"] = cell.pk
        row.values["pack_id"] = None
        if row.pack:
            row.values["pack_id"] = self.importer.pick(packs.get(row.pack, []))
            if row.values["pack_id"] is None:
                raise Unresolved(f"không tìm thấy gói chuyên đề “{row.pack}”")
        row.values["resolution_id"] = None
        if row.resolution:
            row.values["resolution_id"] = self.importer.pick(materials.get(row.resolution, []))
            if row.values["resolution_id"] is None:
                raise Unresolved(f"không tìm thấy nghị quyết “{row.resolution}”")
        resolved = []
        for text, required in row.materials:
            item_id = self.importer.pick(materials.get(text, []))
            if item_id is None:
                raise Unresolved(f"không tìm thấy tài liệu “{text}” (theo số hiệu hoặc tiêu đề)")
            if item_id not in {i for i, _r in resolved}:
                resolved.append((item_id, required))
        row.materials = resolved
        row.values["topic_id"] = self.importer.topic(row.topic).pk if row.topic else None

    def _scored(self, rows: list[MeetingRow], tally: Tally) -> list[MeetingRow]:
        """The score of each line on the sheet that applies to its cell and kind (topics.scoring): ``criteria``
        codes must be the sheet's, ``score`` (if also given) their sum. Lines that break it fail."""
        scored = [r for r in rows if r.criteria is not None or r.values["score"] is not None]
        versions = {}
        for kind in {r.values["kind"] for r in scored}:
            cells = {r.values["cell_id"]: self.importer.orgs[r.cell] for r in scored if r.values["kind"] == kind}
            versions.update({(cell_id, kind): v for cell_id, v in effective_versions(cells.values(), kind).items()})
        kept = []
        for row in rows:
            v = row.values
            version = versions.get((v["cell_id"], v["kind"]))
            try:
                v["criteria_scores"], v["score"] = decided_score(version, row.criteria, v["score"]) if version else (
                    {}, None)
            except ValidationError as exc:
                tally.fail(row.line, "meeting", " ".join(exc.messages))
                continue
            v["scoring_version_id"] = version.pk if version is not None and v["score"] is not None else None
            kept.append(row)
        return kept

    def _write(self, rows: list[MeetingRow], tally: Tally):
        now = timezone.now()
        existing = {}
        cell_ids = {r.values["cell_id"] for r in rows}
        titles = {r.values["title"] for r in rows}
        for batch in fields.batched(titles):
            for m in Meeting.objects.filter(cell_id__in=cell_ids, title__in=batch).order_by("id"):
                existing.setdefault((m.cell_id, m.title, timezone.localdate(m.scheduled_at)), m)
        rows = self._follow_lifecycle(rows, existing, tally, now)

        def update(row: MeetingRow, obj: Meeting) -> set[str]:
            v = row.values
            if obj.scoring_version_id and (obj.score, obj.criteria_scores) == (v["score"], v["criteria_scores"]):
                v["scoring_version_id"] = obj.scoring_version_id  # scored earlier: keeps its sheet
            changed = set_changed(obj, v, MEETING_FIELDS)
            if not changed:
                return set()
            obj.updated_at = now
            if MEETING_CALENDAR_FIELDS & set(changed):
                obj.sequence += 1
                changed.append("sequence")
            return {*changed, "updated_at"}

        upsert(Meeting, rows, existing, key=lambda row: row.key, build=lambda row: Meeting(**row.values),
               update=update)
        note = _("Nhập từ tệp (import_library)")
        insert_rows(MeetingEvent, [
            event for row in rows if row.steps or row.old_scheduled_at
            for event in services.meeting_history_rows(
                row.obj, row.steps, reason=row.values["status_reason"], note=note, now=now,
                old_scheduled_at=row.old_scheduled_at, new_scheduled_at=row.values["scheduled_at"])])
        changed = settle(rows, self._sync_children(rows), tally.counts, kind=lambda row: "meeting")
        if changed:
            meetings_changed.send(sender=Meeting, ids=sorted(changed))

    def _follow_lifecycle(self, rows: list[MeetingRow], existing: dict, tally: Tally, now) -> list[MeetingRow]:
        """Lines whose status may not follow the stored one fail with the lifecycle's message; the others
        keep their steps (and the stored time, when it moves) for the history."""
        kept = []
        for row in rows:
            obj = existing.get(row.key)
            try:
                row.steps = tuple(lifecycle.check_path(obj.status if obj is not None else None, row.values["status"],
                                                       via=lifecycle.IMPORT, scheduled_at=row.values["scheduled_at"],
                                                       now=now))
            except ValidationError as exc:
                tally.fail(row.line, "meeting", " ".join(exc.messages))
                continue
            if obj is not None and obj.scheduled_at != row.values["scheduled_at"]:
                row.old_scheduled_at = obj.scheduled_at
            kept.append(row)
        return kept

    def _sync_children(self, rows: list[MeetingRow]) -> set[int]:
        """Materials always (the line lists them all); tasks and absentees only when the line has them
        (members tick tasks off in the portal; re-importing a plan must not undo that). A list that differs
        from the stored rows replaces them. Returns the ids of meetings whose children changed."""
        old_ids = [r.obj.pk for r in rows if r.status != "created"]
        touched = set()
        for model, attr, columns in CHILDREN:
            have = defaultdict(list)
            for batch in fields.batched(old_ids):
                for child in model.objects.filter(meeting_id__in=batch).order_by("sort_order", "id"):
                    have[child.meeting_id].append(tuple(getattr(child, c) for c in columns))
            new = []
            for row in rows:
                wanted, mid = getattr(row, attr), row.obj.pk
                if wanted is None or wanted == have.get(mid, []):
                    continue
                touched.add(mid)
                if have.get(mid):
                    model.objects.filter(meeting_id=mid).delete()
                new += [model(meeting_id=mid, sort_order=n, **dict(zip(columns, values)))
                        for n, values in enumerate(wanted)]
            insert_rows(model, new)
        return touched


# Child rows of a meeting line: (model, MeetingRow attribute, the columns of one row in the line's order).
CHILDREN = (
    (MeetingMaterial, "materials", ("item_id", "required")),
    (MeetingTask, "tasks", ("assignee", "description", "due_on", "done", "done_on")),
    (Absentee, "absentees", ("name", "reason")),
)
