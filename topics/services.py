"""Actions on thematic meetings and roll-outs (``meeting_<action>``, ``rollout_<action>``).

Every change of a meeting's state goes through here, whoever asks (meeting page buttons, the admin form,
management commands, the import), because the lifecycle carries rules that must hold everywhere:

* which status may follow which, and the guards of each step, are the table of :mod:`topics.lifecycle`
  (refused with its Vietnamese message otherwise); this module writes what a step does;
* a reason for cancelling or postponing, and a :class:`MeetingEvent` row for every change, so a postponed
  meeting keeps its history (old time, reason, who, when);
* the iCalendar ``sequence`` goes up whenever the time moves or the meeting is cancelled/postponed, so
  calendar apps replace the old event (same UID);
* announcing stamps ``announced_at`` (late if less than a day before: allowed, flagged) and mails members
  once; posting the outcome stamps ``outcome_posted_at`` (late after 2 days: flagged).

Permission checks belong to the caller (views ask ``Viewer.can_manage_meetings_of``).
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.models import ItemType, LibraryItem
from library.packs import pack_materials as library_pack_materials
from organizations.models import Organization, OrganizationKind
from topics import lifecycle
from topics.lifecycle import ADMIN, Change, can_transition, check_transition  # noqa: F401  (callers' names)
from topics.models import (Absentee, Meeting, MeetingEvent, MeetingMaterial, MeetingStatus, MeetingTask,
                           MinutesSpeech, NotificationKind, Rollout, Topic)
from topics.notifications import meeting_notify
from topics.scoring.services import score_record

S = MeetingStatus


def _now(now=None):
    return now or timezone.now()


def _event_row(meeting: Meeting, from_status: str, to_status: str, *, user=None, reason="", now=None,
               old_scheduled_at=None, new_scheduled_at=None) -> MeetingEvent:
    return MeetingEvent(
        meeting=meeting, from_status=from_status, to_status=to_status, reason=reason or "",
        old_scheduled_at=old_scheduled_at, new_scheduled_at=new_scheduled_at, at=_now(now),
        by=user if getattr(user, "is_authenticated", False) else None)


def _event(meeting: Meeting, from_status: str, to_status: str, **kwargs) -> MeetingEvent:
    event = _event_row(meeting, from_status, to_status, **kwargs)
    event.save()
    return event


def meeting_history_rows(meeting: Meeting, steps: list[lifecycle.Transition], *, reason: str = "", note: str = "",
                         user=None, now=None, old_scheduled_at=None, new_scheduled_at=None) -> list[MeetingEvent]:
    """The history an action writes for ``steps`` (from :func:`topics.lifecycle.check_path`), unsaved, so a
    caller that writes many meetings at once (the import) stores it in one query.

    A step into cancelled/postponed carries ``reason``, the others ``note`` (who did it, e.g. the import);
    a new time goes with the first step, or alone as a move (same status) when the status did not change.
    """
    moved = old_scheduled_at is not None and new_scheduled_at is not None and old_scheduled_at != new_scheduled_at
    if not steps and moved:
        steps = [lifecycle.Transition(meeting.status, meeting.status)]
    rows = []
    for i, step in enumerate(steps):
        times = {"old_scheduled_at": old_scheduled_at, "new_scheduled_at": new_scheduled_at} if moved and i == 0 else {}
        rows.append(_event_row(meeting, step.source, step.target, user=user, now=now,
                               reason=(reason or note) if step.target in lifecycle.WITH_REASON else note, **times))
    return rows


def _aware(value: dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ValidationError(_("Thời gian không hợp lệ."), code="invalid_time")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)  # naive times are local time (settings.TIME_ZONE)
    return value


# -- lifecycle ------------------------------------------------------------------------------------

@transaction.atomic
def meeting_announce(meeting: Meeting, *, user=None, now=None, notify: bool = True) -> int:
    """Publish the meeting and its materials to the cell; e-mail each member once. Returns mails sent.

    Announcing an already announced meeting only mails members who have not had this version yet
    (e.g. members who joined since), so the action is safe to repeat. Less than a day before the meeting
    is allowed (42-HD asks for at least a day) but ``materials_late`` flags it.
    """
    now = _now(now)
    if meeting.status != S.ANNOUNCED:
        lifecycle.check(Change(meeting.status, S.ANNOUNCED, scheduled_at=meeting.scheduled_at, now=now))
        previous = meeting.status
        meeting.status = S.ANNOUNCED
        meeting.announced_at = now
        meeting.time_confirmed = True
        meeting.status_reason = ""
        meeting.save(update_fields=["status", "announced_at", "time_confirmed", "status_reason", "updated_at"])
        _event(meeting, previous, S.ANNOUNCED, user=user, now=now)
    return meeting_notify(meeting, NotificationKind.ANNOUNCE) if notify else 0


@transaction.atomic
def meeting_hold(meeting: Meeting, *, user=None, now=None) -> Meeting:
    """Record that the meeting took place (only once its start time has come)."""
    now = _now(now)
    lifecycle.check(Change(meeting.status, S.HELD, scheduled_at=meeting.scheduled_at, now=now))
    previous = meeting.status
    meeting.status = S.HELD
    meeting.time_confirmed = True
    meeting.save(update_fields=["status", "time_confirmed", "updated_at"])
    _event(meeting, previous, S.HELD, user=user, now=now)
    return meeting


def _stop(meeting: Meeting, status: str, reason: str, *, user, now, **event_extra) -> Meeting:
    """Cancel or postpone: a reason is required, calendars get a higher SEQUENCE, the history keeps the
    step, and members who were told of the meeting are told it will not happen as announced."""
    step = lifecycle.check(Change(meeting.status, status, reason=reason, now=now))
    reason = reason.strip()
    previous, was_announced = meeting.status, meeting.announced_at is not None
    meeting.status = status
    meeting.status_reason = reason
    if step.new_sequence:
        meeting.sequence += 1
    meeting.save(update_fields=["status", "status_reason", "sequence", "updated_at"])
    _event(meeting, previous, status, user=user, reason=reason, now=now, **event_extra)
    if was_announced:
        meeting_notify(meeting, NotificationKind.CANCEL)
    return meeting


@transaction.atomic
def meeting_cancel(meeting: Meeting, reason: str, *, user=None, now=None) -> Meeting:
    """Cancel with a reason; calendars show STATUS:CANCELLED."""
    return _stop(meeting, S.CANCELLED, reason or "", user=user, now=now)


@transaction.atomic
def meeting_postpone(meeting: Meeting, reason: str, *, user=None, now=None) -> Meeting:
    """Postpone with a reason; the old time stays in the history until :func:`meeting_reschedule`."""
    return _stop(meeting, S.POSTPONED, reason or "", user=user, now=now, old_scheduled_at=meeting.scheduled_at)


@transaction.atomic
def meeting_reschedule(meeting: Meeting, new_scheduled_at: dt.datetime, *, user=None, announce: bool | None = None,
                       reason: str = "", now=None) -> Meeting:
    """Give the meeting a new time.

    * postponed → planned (or announced, by default when it had been announced before, mailing members
      the new time);
    * planned / announced → same status, new time (a move); announced members get the new time.

    Either way the old time is kept in a :class:`MeetingEvent` and ``sequence`` goes up.
    """
    now = _now(now)
    new_scheduled_at = _aware(new_scheduled_at)
    lifecycle.check_move(meeting.status, new_scheduled_at, now=now)
    previous, old_time = meeting.status, meeting.scheduled_at
    if previous == S.POSTPONED:
        announce = bool(meeting.announced_at) if announce is None else announce
        target = S.ANNOUNCED if announce else S.PLANNED
        lifecycle.check(Change(previous, target, scheduled_at=new_scheduled_at, now=now, new_time=True))
    else:
        target = previous
        if new_scheduled_at == old_time:
            return meeting
    meeting.scheduled_at = new_scheduled_at
    meeting.status = target
    meeting.status_reason = "" if previous == S.POSTPONED else meeting.status_reason
    meeting.time_confirmed = True
    meeting.sequence += 1
    if target == S.ANNOUNCED and previous == S.POSTPONED:
        meeting.announced_at = now
    meeting.save(update_fields=["scheduled_at", "status", "status_reason", "time_confirmed", "sequence",
                                "announced_at", "updated_at"])
    _event(meeting, previous, target, user=user, reason=reason, now=now, old_scheduled_at=old_time,
           new_scheduled_at=new_scheduled_at)
    if target == S.ANNOUNCED:
        meeting_notify(meeting, NotificationKind.ANNOUNCE)
    return meeting


def _int_or_none(value, label, maximum=None):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(f)s phải là số nguyên.") % {"f": label}, code="invalid") from None
    if number < 0 or (maximum is not None and number > maximum):
        bound = _("từ 0 đến %(m)s") % {"m": maximum} if maximum is not None else _("không âm")
        raise ValidationError(_("%(f)s phải %(b)s.") % {"f": label, "b": bound}, code="out_of_range")
    return number


OUTCOME_TEXT_FIELDS = ("chair", "minutes_secretary", "guests", "agenda", "minutes", "conclusion")


@transaction.atomic
def meeting_record_outcome(meeting: Meeting, *, user=None, now=None, attendance_present=None,
                           attendance_total=None, speakers=None, opinions=None, resolution=None,
                           criteria: dict | None = None, score=None, absentees=None, speeches=None,
                           tasks=None, **texts) -> Meeting:
    """Write the outcome of a held meeting (attendance, minutes, conclusion, tasks, quality sheet).

    A planned/announced meeting whose time has come is first marked held. Arguments left ``None`` keep
    their current value; ``absentees`` / ``speeches`` / ``tasks`` given as lists replace the old rows.
    The score is the sum of ``criteria`` ({code: points} on the sheet that applies to the cell, see
    topics.scoring) when given (a different ``score`` is an error), else ``score`` itself; either way it is
    recorded as decided (the proposal → vote → confirmation flow is topics.scoring.services). ``outcome_posted_at`` is stamped on the first posting (late after 2 days).
    """
    now = _now(now)
    unknown = set(texts) - set(OUTCOME_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown outcome fields: {sorted(unknown)}")
    if meeting.status in (S.PLANNED, S.ANNOUNCED):
        meeting_hold(meeting, user=user, now=now)
    lifecycle.check_outcome(meeting.status)
    present = _int_or_none(attendance_present, _("Số có mặt"))
    total = _int_or_none(attendance_total, _("Tổng số đảng viên"))
    if present is not None:
        meeting.attendance_present = present
    if total is not None:
        meeting.attendance_total = total
    if (meeting.attendance_present is not None and meeting.attendance_total is not None
            and meeting.attendance_present > meeting.attendance_total):
        raise ValidationError(_("Số có mặt không thể lớn hơn tổng số đảng viên."), code="attendance")
    for field, value, label in (("speakers", speakers, _("Số người phát biểu")),
                                ("opinions", opinions, _("Số ý kiến"))):
        number = _int_or_none(value, label)
        if number is not None:
            setattr(meeting, field, number)
    for field, value in texts.items():
        if value is not None:
            setattr(meeting, field, str(value).strip())
    if resolution is not None:
        meeting.resolution = resolution or None
    if criteria is not None or score is not None:
        score_record(meeting, criteria=criteria, score=_int_or_none(score, _("Điểm chất lượng"), 100))
    if meeting.outcome_posted_at is None:
        meeting.outcome_posted_at = now
    meeting.save()
    if absentees is not None:
        meeting.absentees.all().delete()
        Absentee.objects.bulk_create([
            Absentee(meeting=meeting, sort_order=i, **_row(a, ("name", "reason"))) for i, a in enumerate(absentees)])
    if speeches is not None:
        meeting.speeches.all().delete()
        MinutesSpeech.objects.bulk_create([
            MinutesSpeech(meeting=meeting, sort_order=i, **_row(s, ("speaker", "gist")))
            for i, s in enumerate(speeches)])
    if tasks is not None:
        meeting.tasks.all().delete()
        MeetingTask.objects.bulk_create([
            MeetingTask(meeting=meeting, sort_order=i, **_row(t, ("assignee", "description", "due_on", "done")))
            for i, t in enumerate(tasks)])
    return meeting


def _row(value, names):
    """A list/tuple or dict row → keyword arguments (missing trailing values are left out)."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in names}
    return dict(zip(names, value))


@transaction.atomic
def meeting_conclude(meeting: Meeting, *, user=None, now=None, conclusion: str | None = None, **outcome) -> Meeting:
    """held → concluded: the chair's conclusion is required; any outcome fields are recorded first."""
    now = _now(now)
    if conclusion is not None or outcome:
        meeting_record_outcome(meeting, user=user, now=now, conclusion=conclusion, **outcome)
    lifecycle.check(Change(meeting.status, S.CONCLUDED, conclusion=meeting.conclusion, now=now))
    previous = meeting.status
    meeting.status = S.CONCLUDED
    if meeting.outcome_posted_at is None:
        meeting.outcome_posted_at = now
    meeting.save(update_fields=["status", "outcome_posted_at", "updated_at"])
    _event(meeting, previous, S.CONCLUDED, user=user, now=now)
    return meeting


def validate_admin_status(old_status: str | None, new_status: str, *, scheduled_at, reason: str, conclusion: str,
                          time_changed: bool = False, now=None) -> None:
    """A status picked in the admin form, checked like the buttons: every step of
    :func:`topics.lifecycle.check_path` with its guards.

    ``old_status`` None is a new record: it starts planned, and may be entered directly as concluded
    (a past meeting), through "held", with the same conditions.
    """
    lifecycle.check_path(old_status, new_status, scheduled_at=scheduled_at, now=_now(now), reason=reason or "",
                         conclusion=conclusion or "", new_time=time_changed, via=ADMIN)


def meeting_record_admin_change(meeting: Meeting, old_status: str | None, old_scheduled_at, *,
                                outcome_changed: bool = False, user=None) -> None:
    """After the admin form saved a meeting: history row, SEQUENCE, stamps and e-mails, as the services do.

    ``old_status`` is None for a meeting just created. The form validated the transition already
    (:func:`validate_admin_status`).
    """
    now = timezone.now()
    created = old_status is None
    moved = not created and old_scheduled_at is not None and old_scheduled_at != meeting.scheduled_at
    changed_status = not created and old_status != meeting.status
    updates = {}
    steps = lifecycle.path(old_status, meeting.status, ADMIN) if changed_status else []
    if moved or any(step.new_sequence for step in steps):
        updates["sequence"] = meeting.sequence + 1
    if moved or changed_status:
        updates["time_confirmed"] = True
    if meeting.status == S.ANNOUNCED and (created or changed_status):
        updates["announced_at"] = now
    if meeting.status in lifecycle.WITH_OUTCOME and meeting.outcome_posted_at is None and (
            outcome_changed or meeting.status == S.CONCLUDED):
        updates["outcome_posted_at"] = now
    if updates:
        Meeting.objects.filter(pk=meeting.pk).update(**updates)
        for key, value in updates.items():
            setattr(meeting, key, value)
    if created or moved or changed_status:
        _event(meeting, "" if created else old_status, meeting.status, user=user, now=now,
               reason=meeting.status_reason if meeting.status in lifecycle.WITH_REASON else "",
               old_scheduled_at=old_scheduled_at if (moved or (changed_status and meeting.status == S.POSTPONED))
               else None, new_scheduled_at=meeting.scheduled_at if moved else None)
    if meeting.status == S.ANNOUNCED and (created or changed_status or moved):
        meeting_notify(meeting, NotificationKind.ANNOUNCE)
    elif changed_status and meeting.status in lifecycle.WITH_REASON and meeting.announced_at:
        meeting_notify(meeting, NotificationKind.CANCEL)


# -- roll-out -------------------------------------------------------------------------------------

def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * (quarter - 1) + 1, 1)
    last = (dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1))
    return first, last


def pack_materials(pack) -> list:
    """The items a session pack brings to a meeting: what it "includes", in order, then its guide."""
    return library_pack_materials(pack)


def _subject(subject):
    if isinstance(subject, Topic):
        return subject, None
    if isinstance(subject, LibraryItem):
        if subject.item_type != ItemType.SESSION_PACK:
            raise ValidationError(_("Chỉ triển khai được một chủ đề hoặc một gói chuyên đề."), code="not_a_pack")
        return subject.tags.order_by("name").first(), subject
    raise ValidationError(_("Cần chọn một chủ đề hoặc một gói chuyên đề để triển khai."), code="no_subject")


@transaction.atomic
def rollout_create(org: Organization, subject, year: int, quarter: int, due_on: dt.date | None = None,
                   user=None, *, title: str = "", duration_minutes: int = 90) -> tuple[Rollout, list[Meeting]]:
    """Roll a topic or a session pack out to every cell below ``org``: one planned meeting per cell.

    Idempotent: the roll-out is matched by (org, topic or pack, year, quarter) and each cell's meeting by
    (roll-out, cell), so running it again only adds meetings for cells created since. A cell that had
    already planned a meeting on the same pack/topic that quarter keeps it (it is linked, not duplicated).
    Placeholder meetings are dated on ``due_on`` (or the quarter's last day) at 14:00 and count as "not yet
    planned" until the cell fixes its own time. Returns the roll-out and the meetings created.
    """
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        raise ValidationError(_("Năm và quý phải là số."), code="invalid") from None
    if not (2000 <= year <= 2100):
        raise ValidationError(_("Năm không hợp lệ."), code="invalid_year")
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Quý phải từ 1 đến 4."), code="invalid_quarter")
    topic, pack = _subject(subject)
    first, last = quarter_bounds(year, quarter)
    match = {"organization": org, "year": year, "quarter": quarter}
    match.update({"pack": pack} if pack else {"topic": topic, "pack__isnull": True})
    rollout = Rollout.objects.filter(**match).first()
    if rollout is None:
        rollout = Rollout.objects.create(
            organization=org, topic=topic, pack=pack, year=year, quarter=quarter, due_on=due_on,
            title=(title or (pack.title if pack else topic.name))[:500],
            created_by=user if getattr(user, "is_authenticated", False) else None)
    elif due_on and rollout.due_on != due_on:
        rollout.due_on = due_on
        rollout.save(update_fields=["due_on"])
    day = rollout.due_on or last
    placeholder = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
    cells = list(Organization.objects.filter(path__startswith=org.path, kind=OrganizationKind.CELL).order_by("path"))
    have = set(rollout.meetings.values_list("cell_id", flat=True))
    materials = pack_materials(pack)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    created = []
    for cell in cells:
        if cell.pk in have:
            continue
        same = Meeting.objects.filter(cell=cell, rollout__isnull=True, scheduled_at__gte=start, scheduled_at__lt=end)
        same = same.filter(pack=pack) if pack else same.filter(topic=topic, pack__isnull=True)
        existing = same.exclude(status=S.CANCELLED).order_by("scheduled_at").first()
        if existing:
            existing.rollout = rollout
            existing.save(update_fields=["rollout", "updated_at"])
            continue
        meeting = Meeting.objects.create(
            cell=cell, rollout=rollout, title=rollout.title, topic=topic, pack=pack, scheduled_at=placeholder,
            duration_minutes=duration_minutes, status=S.PLANNED, time_confirmed=False)
        MeetingMaterial.objects.bulk_create([
            MeetingMaterial(meeting=meeting, item=item, required=True, sort_order=i)
            for i, item in enumerate(materials)])
        _event(meeting, "", S.PLANNED, user=user, reason=_("Triển khai từ %(org)s") % {"org": org.name})
        created.append(meeting)
    return rollout, created


ROLLOUT_STATES = {
    "not_planned": gettext_lazy("Chưa lên lịch"),
    "scheduled": gettext_lazy("Đã lên lịch"),
    "held": gettext_lazy("Đã tổ chức"),
    "postponed": gettext_lazy("Hoãn"),
    "cancelled": gettext_lazy("Đã hủy"),
}


def _rollout_state(meeting: Meeting | None) -> str:
    if meeting is None:
        return "not_planned"
    if meeting.status in (S.HELD, S.CONCLUDED):
        return "held"
    if meeting.status == S.CANCELLED:
        return "cancelled"
    if meeting.status == S.POSTPONED:
        return "postponed"
    if meeting.status == S.PLANNED and not meeting.time_confirmed:
        return "not_planned"
    return "scheduled"


def rollout_status(rollout: Rollout) -> dict:
    """Per cell below the roll-out's organization: its meeting (if any) and state; with counts per state."""
    cells = {c.pk: c for c in Organization.objects.filter(path__startswith=rollout.organization.path,
                                                          kind=OrganizationKind.CELL)}
    meetings = {m.cell_id: m for m in rollout.meetings.select_related("cell").order_by("scheduled_at")}
    for m in meetings.values():
        cells.setdefault(m.cell_id, m.cell)
    rows = []
    counts = {k: 0 for k in ROLLOUT_STATES}
    for cell in sorted(cells.values(), key=lambda c: c.path):
        meeting = meetings.get(cell.pk)
        state = _rollout_state(meeting)
        counts[state] += 1
        rows.append({"cell": cell, "meeting": meeting, "state": state, "state_label": ROLLOUT_STATES[state]})
    return {"rollout": rollout, "rows": rows, "counts": counts, "labels": ROLLOUT_STATES, "total": len(rows)}
