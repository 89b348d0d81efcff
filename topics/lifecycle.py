"""The meeting lifecycle, written once: its states, which status may follow which, the guards of each step and
their Vietnamese messages.

Like a ``django-fsm`` ``@transition(source, target, conditions)`` or a Wagtail workflow task, the table
(:data:`TRANSITIONS`) is the only place a lifecycle rule or message lives. Everyone who changes a meeting's
status asks it:

* the actions (meeting page buttons, management code): ``topics.services.meeting_announce`` … call
  :func:`check` / :func:`check_move`, and the meeting page shows the buttons :func:`offered` allows;
* the admin form (``topics.forms.MeetingAdminForm``, through ``services.validate_admin_status``): a status
  picked in a select walks :func:`check_path` like a button press;
* the ``meeting`` lines of ``import_library`` (``topics.importing``): :func:`check_path` with ``via=IMPORT``,
  and the steps it returns become the meeting's history.

planned → announced → held → concluded; cancelled / postponed from before the meeting; a postponed meeting
comes back as planned or announced with a new time. A new meeting (admin form) or an import line may be
recorded as concluded: it goes through "held" (:func:`path`).

**Where a guard applies.** The table holds everywhere. Guards that ask a person for something (a reason,
the chair's conclusion, a new time) or compare with the clock apply to people acting now (``BY_HAND``: the
meeting page and the admin). An import line records what already happened, on a schedule that is not the
importing machine's clock, and the import contract (README, "Nhập dữ liệu") makes ``status_reason`` and
``conclusion`` optional, so a line is held to the table alone: a file may say a meeting was concluded, never
that a concluded meeting is planned again.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from topics.models import MeetingStatus

S = MeetingStatus

ACTION, ADMIN, IMPORT = "action", "admin", "import"
BY_HAND = frozenset({ACTION, ADMIN})
ACTIONS_ONLY = frozenset({ACTION})

# What a state tells whoever tries to leave it the wrong way (appended to the refusal).
HINTS = {
    S.CONCLUDED: gettext_lazy("Buổi sinh hoạt đã kết luận nên không thể đổi trạng thái nữa."),
    S.CANCELLED: gettext_lazy("Buổi sinh hoạt đã hủy; nếu vẫn tổ chức, hãy tạo buổi sinh hoạt mới."),
    S.POSTPONED: gettext_lazy("Buổi sinh hoạt đang hoãn: hãy đặt lại thời gian (nhập thời gian mới) trước."),
    S.HELD: gettext_lazy("Buổi sinh hoạt đã tổ chức: chỉ còn có thể ghi kết quả và kết luận."),
}

# States entered with a reason (kept on the meeting and in its history), and the word for the step in
# "Cần nêu lý do … buổi sinh hoạt."
VERBS = {S.CANCELLED: gettext_lazy("hủy"), S.POSTPONED: gettext_lazy("hoãn")}
WITH_REASON = tuple(VERBS)


@dataclass(frozen=True)
class Change:
    """One proposed step, as the guards see it."""

    source: str
    target: str
    scheduled_at: dt.datetime | None = None  # the meeting's time once the change is made
    now: dt.datetime | None = None
    reason: str = ""
    conclusion: str = ""
    new_time: bool = False  # the same change gives the meeting a new time
    via: str = ACTION


@dataclass(frozen=True)
class Guard:
    """A condition of a step: ``refuses(change)`` is the message when it does not hold, else None."""

    code: str
    refuses: Callable[[Change], str | None]
    applies_to: frozenset = BY_HAND
    asks_input: bool = False  # checks what the person types with the button (a reason, the conclusion)

    def check(self, change: Change) -> None:
        if change.via in self.applies_to:
            message = self.refuses(change)
            if message:
                raise ValidationError(message, code=self.code)


def _reason_missing(c: Change):
    if not (c.reason or "").strip():
        return _("Cần nêu lý do %(what)s buổi sinh hoạt.") % {"what": VERBS[c.target]}
    return None


def _conclusion_missing(c: Change):
    if not (c.conclusion or "").strip():
        return _("Cần nhập kết luận của chủ trì trước khi kết thúc buổi sinh hoạt.")
    return None


def _not_started_yet(c: Change):
    if c.scheduled_at and c.scheduled_at > _now(c.now):
        return (_("Buổi sinh hoạt chưa diễn ra (dự kiến %(t)s); chỉ ghi nhận “đã tổ chức” sau giờ bắt đầu.")
                % {"t": timezone.localtime(c.scheduled_at).strftime("%H:%M %d/%m/%Y")})
    return None


def _already_started(c: Change):
    if c.scheduled_at and c.scheduled_at <= _now(c.now):
        return _("Buổi sinh hoạt đã qua thời điểm bắt đầu, không thể thông báo nữa.")
    return None


def _same_time(c: Change):
    return None if c.new_time else str(HINTS[S.POSTPONED])


def _time_in_past(c: Change):
    if c.scheduled_at is not None and c.scheduled_at <= _now(c.now):
        return _("Thời gian mới phải ở tương lai.")
    return None


REASON = Guard("reason_required", _reason_missing, asks_input=True)
CONCLUSION = Guard("conclusion_required", _conclusion_missing, asks_input=True)
STARTED = Guard("not_yet", _not_started_yet)  # held only once the start time has come
NOT_STARTED = Guard("in_past", _already_started)  # announced only before the start time
NEW_TIME = Guard("time_required", _same_time)  # a postponed meeting comes back with a new time
# The reschedule button moves a meeting forward; the admin may correct a past meeting's time.
FUTURE_TIME = Guard("in_past", _time_in_past, applies_to=ACTIONS_ONLY)


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    guards: tuple[Guard, ...] = ()
    # Calendars must replace the event (iCalendar SEQUENCE + 1): it will not happen as announced.
    new_sequence: bool = False


TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in (
    Transition(S.PLANNED, S.ANNOUNCED, (NOT_STARTED,)),
    Transition(S.PLANNED, S.HELD, (STARTED,)),
    Transition(S.PLANNED, S.CANCELLED, (REASON,), new_sequence=True),
    Transition(S.PLANNED, S.POSTPONED, (REASON,), new_sequence=True),
    Transition(S.ANNOUNCED, S.HELD, (STARTED,)),
    Transition(S.ANNOUNCED, S.CANCELLED, (REASON,), new_sequence=True),
    Transition(S.ANNOUNCED, S.POSTPONED, (REASON,), new_sequence=True),
    Transition(S.HELD, S.CONCLUDED, (CONCLUSION,)),
    Transition(S.POSTPONED, S.PLANNED, (NEW_TIME,), new_sequence=True),
    Transition(S.POSTPONED, S.ANNOUNCED, (NEW_TIME, NOT_STARTED), new_sequence=True),
    Transition(S.POSTPONED, S.CANCELLED, (REASON,), new_sequence=True),
)}

# States whose time may still move (the reschedule action, guarded by FUTURE_TIME; SEQUENCE + 1).
MOVABLE = (S.PLANNED, S.ANNOUNCED, S.POSTPONED)
# States whose outcome (attendance, minutes, conclusion, score) may be recorded.
WITH_OUTCOME = (S.HELD, S.CONCLUDED)


def _now(now):
    return now or timezone.now()


def _label(status: str) -> str:
    return str(MeetingStatus(status).label)


def _with_hint(message: str, status: str) -> str:
    hint = HINTS.get(status)
    return f"{message} {hint}" if hint else message


def next_states(status: str) -> set[str]:
    """The statuses that may directly follow ``status``."""
    return {target for source, target in TRANSITIONS if source == status}


def can_transition(source: str, target: str) -> bool:
    return (source, target) in TRANSITIONS


def refusal(source: str, target: str) -> ValidationError:
    """The error for a step the table does not have."""
    if source == target:
        message = _("Buổi sinh hoạt đã ở trạng thái “%(s)s”.") % {"s": _label(target)}
    else:
        message = _("Không thể chuyển buổi sinh hoạt từ trạng thái “%(a)s” sang “%(b)s”.") % {
            "a": _label(source), "b": _label(target)}
    return ValidationError(_with_hint(message, source), code="invalid_transition")


def check_transition(source: str, target: str) -> Transition:
    """The step ``source → target`` if the table has it (guards not checked), else its refusal."""
    transition = TRANSITIONS.get((source, target))
    if transition is None:
        raise refusal(source, target)
    return transition


def check(change: Change) -> Transition:
    """The step of ``change`` with every guard that applies to its ``via``; raises the first refusal."""
    transition = check_transition(change.source, change.target)
    for guard in transition.guards:
        guard.check(change)
    return transition


def path(source: str | None, target: str, via: str = ACTION) -> list[Transition]:
    """The steps from ``source`` to ``target``: none, the direct step, or, for a new meeting (``source`` None,
    which starts planned) or an import line, two through "held" to reach "concluded" (what is recorded as
    concluded was held first; a person changing an existing meeting presses "held" first). Raises the
    table's refusal when there is no way."""
    start = S.PLANNED if source is None else source
    if start == target:
        return []
    if (start, target) in TRANSITIONS:
        return [TRANSITIONS[start, target]]
    if target == S.CONCLUDED and (source is None or via == IMPORT) and (start, S.HELD) in TRANSITIONS:
        return [TRANSITIONS[start, S.HELD], TRANSITIONS[S.HELD, S.CONCLUDED]]
    raise refusal(start, target)


def check_path(source: str | None, target: str, via: str = ACTION, **facts) -> list[Transition]:
    """:func:`path`, each step checked with ``facts`` (see :class:`Change`)."""
    steps = path(source, target, via)
    for step in steps:
        check(Change(step.source, step.target, via=via, **facts))
    return steps


def offered(status: str, target: str, *, scheduled_at: dt.datetime, now=None) -> bool:
    """Should the meeting page offer a button to ``target``? The table has the step and no guard refuses it
    before the person has typed anything (e.g. "held" only once the meeting has started)."""
    transition = TRANSITIONS.get((status, target))
    if transition is None:
        return False
    change = Change(status, target, scheduled_at=scheduled_at, now=now)
    return not any(guard.refuses(change) for guard in transition.guards if not guard.asks_input)


def check_move(status: str, new_scheduled_at: dt.datetime, *, now=None, via: str = ACTION) -> None:
    """May a meeting in ``status`` get a new time (the reschedule action)?"""
    if status not in MOVABLE:
        raise ValidationError(_with_hint(
            _("Không thể đổi thời gian của buổi sinh hoạt ở trạng thái “%(s)s”.") % {"s": _label(status)}, status),
            code="invalid_transition")
    FUTURE_TIME.check(Change(status, status, scheduled_at=new_scheduled_at, now=now, via=via))


def check_outcome(status: str) -> None:
    """Outcomes are recorded only for a meeting that took place."""
    if status not in WITH_OUTCOME:
        raise ValidationError(_("Chỉ ghi kết quả cho buổi sinh hoạt đã tổ chức (trạng thái hiện tại: “%(s)s”).")
                              % {"s": _label(status)}, code="invalid_transition")
