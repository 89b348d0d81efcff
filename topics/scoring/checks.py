"""Automatic checks from the meeting record, shown beside the criteria they inform.

Each check answers yes / no / unknown (the record does not say) with a short Vietnamese explanation; the
settings (attendance threshold, absences allowed, minimum duration, materials lead time) come from the
version of the sheet the meeting is scored with. The checks inform the people who score; they never change a
score themselves.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from topics.scoring.models import CheckKind


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    ok: bool | None  # None: the record does not tell
    detail: str

    @property
    def state(self) -> str:
        return "unknown" if self.ok is None else ("ok" if self.ok else "fail")


def _pct(num, den) -> str:
    return f"{100 * num / den:.0f} %"


def attendance(meeting, version) -> Check:
    label = str(CheckKind.ATTENDANCE.label)
    present, total = meeting.attendance_present, meeting.attendance_total
    if present is None or not total:
        return Check(CheckKind.ATTENDANCE, label, None, _("Biên bản chưa ghi số có mặt."))
    ok = present * 100 >= version.attendance_threshold * total
    return Check(CheckKind.ATTENDANCE, label, ok,
                 _("%(p)s/%(t)s có mặt (%(r)s); yêu cầu ≥ %(min)s %%.")
                 % {"p": present, "t": total, "r": _pct(present, total), "min": version.attendance_threshold})


def absences(meeting, version, absentees) -> Check:
    """Absentees listed without a reason, plus absentees the minutes do not name at all."""
    label = str(CheckKind.ABSENCES.label)
    present, total = meeting.attendance_present, meeting.attendance_total
    if present is None or total is None:
        return Check(CheckKind.ABSENCES, label, None, _("Biên bản chưa ghi số có mặt."))
    without_reason = sum(1 for a in absentees if not (a.reason or "").strip())
    unnamed = max(0, (total - present) - len(absentees))
    unexcused = without_reason + unnamed
    detail = _("%(n)s đảng viên vắng không lý do; cho phép tối đa %(max)s.") % {
        "n": unexcused, "max": version.max_unexcused_absences}
    if unnamed:
        detail += " " + _("(%(n)s người vắng không có tên trong biên bản.)") % {"n": unnamed}
    return Check(CheckKind.ABSENCES, label, unexcused <= version.max_unexcused_absences, detail)


def duration(meeting, version) -> Check:
    ok = (meeting.duration_minutes or 0) >= version.min_duration_minutes
    return Check(CheckKind.DURATION, str(CheckKind.DURATION.label), ok,
                 _("%(n)s phút; yêu cầu ≥ %(min)s phút.") % {"n": meeting.duration_minutes or 0,
                                                            "min": version.min_duration_minutes})


def materials(meeting, version) -> Check:
    label = str(CheckKind.MATERIALS.label)
    if not meeting.announced_at:
        return Check(CheckKind.MATERIALS, label, None, _("Chưa ghi thời điểm gửi tài liệu, thông báo."))
    deadline = meeting.scheduled_at - dt.timedelta(days=version.materials_lead_days)
    sent = timezone.localtime(meeting.announced_at).strftime("%H:%M %d/%m/%Y")
    return Check(CheckKind.MATERIALS, label, meeting.announced_at <= deadline,
                 _("Gửi lúc %(at)s; yêu cầu trước buổi sinh hoạt ít nhất %(n)s ngày.")
                 % {"at": sent, "n": version.materials_lead_days})


def minutes(meeting, speeches_count: int) -> Check:
    """The parts of the minutes 42-HD asks for: chair and secretary, attendance, the discussion, the conclusion."""
    parts = [
        (_("chủ trì"), meeting.chair), (_("thư ký"), meeting.minutes_secretary),
        (_("số có mặt"), meeting.attendance_present is not None and meeting.attendance_total),
        (_("diễn biến hoặc ý kiến phát biểu"), (meeting.minutes or "").strip() or speeches_count),
        (_("kết luận"), (meeting.conclusion or "").strip()),
    ]
    missing = [str(name) for name, value in parts if not value]
    detail = _("Đủ các phần của biên bản.") if not missing else _("Còn thiếu: %(parts)s.") % {
        "parts": ", ".join(missing)}
    return Check(CheckKind.MINUTES, str(CheckKind.MINUTES.label), not missing, detail)


def meeting_checks(meeting, version, absentees, speeches_count: int) -> dict[str, Check]:
    """Every check of ``meeting`` under ``version`` (``absentees``: its Absentee rows)."""
    checks = [attendance(meeting, version), absences(meeting, version, absentees), duration(meeting, version),
              materials(meeting, version), minutes(meeting, speeches_count)]
    return {c.key: c for c in checks}
