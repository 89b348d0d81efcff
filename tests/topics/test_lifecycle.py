"""The meeting lifecycle: allowed and refused transitions, history, flags, score levels."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import MeetingFactory
from tests.topics.conftest import local
from topics import services
from topics.models import Level, MeetingEvent, MeetingStatus, score_level

S = MeetingStatus
pytestmark = pytest.mark.django_db


def future(days=5):
    return timezone.now() + dt.timedelta(days=days)


def test_full_happy_path_planned_announced_held_concluded(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    services.meeting_announce(m, user=world.secretary_a)
    assert m.status == S.ANNOUNCED and m.announced_at is not None
    later = m.scheduled_at + dt.timedelta(hours=3)
    services.meeting_hold(m, user=world.secretary_a, now=later)
    services.meeting_conclude(m, user=world.secretary_a, now=later, conclusion="Chi bộ thống nhất ba nhiệm vụ.")
    m.refresh_from_db()
    assert m.status == S.CONCLUDED
    assert m.outcome_posted_at == later
    assert [e.to_status for e in m.events.all()] == [S.ANNOUNCED, S.HELD, S.CONCLUDED]


@pytest.mark.parametrize("start, target, words", [
    (S.CONCLUDED, S.PLANNED, "Đã kết luận"),
    (S.CANCELLED, S.ANNOUNCED, "Đã hủy"),
    (S.HELD, S.ANNOUNCED, "Đã tổ chức"),
    (S.PLANNED, S.CONCLUDED, "Dự kiến"),
    (S.POSTPONED, S.HELD, "Hoãn"),
])
def test_invalid_transitions_are_refused_with_a_vietnamese_message(start, target, words):
    with pytest.raises(ValidationError) as exc:
        services.check_transition(start, target)
    text = " ".join(exc.value.messages)
    assert "Không thể chuyển buổi sinh hoạt" in text and words in text


def test_concluding_a_planned_meeting_is_refused(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.meeting_conclude(m)
    m.refresh_from_db()
    assert m.status == S.PLANNED and not m.events.exists()


def test_cancelled_meeting_cannot_be_announced_or_held(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    services.meeting_cancel(m, "Trùng lịch họp của đảng ủy")
    with pytest.raises(ValidationError, match="đã hủy"):
        services.meeting_announce(m)
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.meeting_hold(m, now=m.scheduled_at + dt.timedelta(hours=1))


def test_cancel_and_postpone_need_a_reason(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    with pytest.raises(ValidationError, match="lý do hủy"):
        services.meeting_cancel(m, "  ")
    with pytest.raises(ValidationError, match="lý do hoãn"):
        services.meeting_postpone(m, "")
    assert m.status == S.PLANNED


def test_holding_before_the_start_is_refused(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    with pytest.raises(ValidationError, match="chưa diễn ra"):
        services.meeting_hold(m)


def test_conclude_requires_the_chairs_conclusion(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(-1), status=S.HELD)
    with pytest.raises(ValidationError, match="kết luận của chủ trì"):
        services.meeting_conclude(m)


def test_postponed_meeting_keeps_its_history_and_can_be_rescheduled(world):
    first = local(2031, 8, 20, 14, 0)
    m = MeetingFactory(cell=world.cell_a, scheduled_at=first)
    services.meeting_announce(m, now=local(2031, 8, 10, 8, 0))
    services.meeting_postpone(m, "Bão số 3", user=world.secretary_a, now=local(2031, 8, 18, 8, 0))
    m.refresh_from_db()
    assert m.status == S.POSTPONED and m.status_reason == "Bão số 3" and m.sequence == 1
    postponed = m.events.get(to_status=S.POSTPONED)
    assert postponed.old_scheduled_at == first and postponed.reason == "Bão số 3" and postponed.by == world.secretary_a

    new_time = local(2031, 9, 3, 14, 0)
    services.meeting_reschedule(m, new_time, now=local(2031, 8, 25, 8, 0))
    m.refresh_from_db()
    # It had been announced, so it comes back announced, with the new time and a higher SEQUENCE.
    assert m.status == S.ANNOUNCED and m.scheduled_at == new_time and m.sequence == 2
    back = m.events.order_by("-at", "-pk").first()
    assert (back.from_status, back.to_status) == (S.POSTPONED, S.ANNOUNCED)
    assert back.old_scheduled_at == first and back.new_scheduled_at == new_time
    # The whole story is still there.
    assert [e.to_status for e in m.events.all()] == [S.ANNOUNCED, S.POSTPONED, S.ANNOUNCED]


def test_postponed_unannounced_meeting_returns_to_planned(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    services.meeting_postpone(m, "Chưa chuẩn bị xong tài liệu")
    services.meeting_reschedule(m, future(20))
    assert m.status == S.PLANNED and m.sequence == 2


def test_moving_a_meeting_bumps_sequence_and_records_old_time(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    old = m.scheduled_at
    services.meeting_reschedule(m, future(4))
    assert m.sequence == 1 and m.status == S.PLANNED
    assert MeetingEvent.objects.get(meeting=m).old_scheduled_at == old


def test_rescheduling_into_the_past_or_a_held_meeting_is_refused(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    with pytest.raises(ValidationError, match="tương lai"):
        services.meeting_reschedule(m, future(-1))
    held = MeetingFactory(cell=world.cell_a, scheduled_at=future(-2), status=S.HELD)
    with pytest.raises(ValidationError, match="Không thể đổi thời gian"):
        services.meeting_reschedule(held, future(3))


def test_cancel_bumps_sequence(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    services.meeting_cancel(m, "Chi bộ sáp nhập")
    m.refresh_from_db()
    assert m.status == S.CANCELLED and m.sequence == 1 and m.status_reason == "Chi bộ sáp nhập"


# -- flags ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("hours_before, late", [(25, False), (24, False), (23, True), (2, True)])
def test_materials_late_flag_when_announced_less_than_a_day_before(world, hours_before, late):
    start = local(2031, 8, 20, 14, 0)
    m = MeetingFactory(cell=world.cell_a, scheduled_at=start)
    services.meeting_announce(m, now=start - dt.timedelta(hours=hours_before))
    assert m.materials_late is late


def test_late_announcement_is_allowed_but_flagged_on_the_page(world, client_for):
    start = timezone.now() + dt.timedelta(hours=5)
    m = MeetingFactory(cell=world.cell_a, scheduled_at=start)
    services.meeting_announce(m)
    html = client_for(world.member_a).get(m.get_absolute_url()).content.decode()
    assert "Thông báo muộn" in html


@pytest.mark.parametrize("hours_after_end, late", [(47, False), (48, False), (49, True)])
def test_outcome_late_flag_after_two_days(world, hours_after_end, late):
    start = local(2031, 2, 20, 9, 0)
    m = MeetingFactory(cell=world.cell_a, scheduled_at=start, duration_minutes=120, status=S.ANNOUNCED)
    posted = m.ends_at + dt.timedelta(hours=hours_after_end)
    services.meeting_record_outcome(m, now=posted, attendance_present=9, attendance_total=10)
    assert m.outcome_posted_at == posted
    assert m.outcome_late is late


def test_outcome_missing_past_the_deadline_is_late(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=timezone.now() - dt.timedelta(days=5), status=S.HELD)
    assert m.outcome_late is True


def test_outcome_posted_once_keeps_first_posting_time(world):
    start = local(2031, 2, 20, 9, 0)
    m = MeetingFactory(cell=world.cell_a, scheduled_at=start, status=S.HELD)
    services.meeting_record_outcome(m, now=start + dt.timedelta(days=1), speakers=3)
    services.meeting_record_outcome(m, now=start + dt.timedelta(days=9), opinions=5)
    assert m.outcome_posted_at == start + dt.timedelta(days=1) and not m.outcome_late


# -- score and level ------------------------------------------------------------------------------

@pytest.mark.parametrize("score, level", [
    (49, Level.KEM), (50, Level.TRUNG_BINH), (69, Level.TRUNG_BINH), (70, Level.KHA),
    (89, Level.KHA), (90, Level.TOT), (100, Level.TOT), (0, Level.KEM), (None, None),
])
def test_score_level_boundaries(score, level):
    assert score_level(score) == level


def test_score_is_the_sum_of_the_eight_criteria(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(-1), status=S.HELD)
    criteria = {"thoi_luong": 5, "du_hop": 5, "chuan_bi": 9, "tien_hanh": 27, "chu_tri": 9,
                "nguyen_tac": 5, "ket_qua_ky_truoc": 25, "ket_thuc": 4}
    services.meeting_record_outcome(m, criteria=criteria)
    m.refresh_from_db()
    assert m.score == 89 and m.level == Level.KHA and m.get_level_display() == "Khá"
    criteria["ket_thuc"] = 5
    services.meeting_record_outcome(m, criteria=criteria)
    assert m.score == 90 and m.get_level_display() == "Tốt"


def test_criterion_above_its_maximum_and_mismatched_total_are_refused(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(-1), status=S.HELD)
    with pytest.raises(ValidationError, match="từ 0 đến 5"):
        services.meeting_record_outcome(m, criteria={"thoi_luong": 6})
    with pytest.raises(ValidationError, match="không khớp"):
        services.meeting_record_outcome(m, criteria={"thoi_luong": 5}, score=80)
    with pytest.raises(ValidationError, match="từ 0 đến 100"):
        services.meeting_record_outcome(m, score=101)


def test_record_outcome_writes_minutes_rows_and_refuses_bad_attendance(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(-1), status=S.HELD)
    services.meeting_record_outcome(
        m, attendance_present=9, attendance_total=10, speakers=6, opinions=8, chair="Đ/c Bí thư",
        conclusion="Kết luận.", score=91,
        absentees=[("Nguyễn Văn Vắng", "Đi công tác")], speeches=[("Đ/c Lan", "Liên hệ bản thân")],
        tasks=[{"assignee": "Đ/c Hùng", "description": "Xây dựng kế hoạch", "due_on": dt.date(2020, 1, 1)}])
    assert m.absentees.get().reason == "Đi công tác"
    assert m.speeches.get().speaker == "Đ/c Lan"
    assert m.tasks.get().overdue is True
    assert m.level == Level.TOT
    with pytest.raises(ValidationError, match="không thể lớn hơn"):
        services.meeting_record_outcome(m, attendance_present=11)


def test_record_outcome_refused_for_a_meeting_that_has_not_happened(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    with pytest.raises(ValidationError, match="chưa diễn ra"):
        services.meeting_record_outcome(m, speakers=3)


def test_a_postponed_meeting_needs_a_new_time_before_it_is_announced_again(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=future(3))
    services.meeting_postpone(m, "Chờ ý kiến cấp trên")
    with pytest.raises(ValidationError, match="đặt lại thời gian"):
        services.meeting_announce(m)
    with pytest.raises(ValidationError, match="thời gian mới"):
        services.validate_admin_status(S.POSTPONED, S.PLANNED, scheduled_at=m.scheduled_at, reason="", conclusion="")
