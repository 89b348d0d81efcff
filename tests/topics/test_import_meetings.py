"""``meeting`` lines of ``import_library`` go through the meeting lifecycle: history like an action's, the
table's refusals, nothing written again on a re-import, no e-mail."""
import pytest
from django.core import mail
from django.utils import timezone

from tests.commands import run_command, write_jsonl
from tests.topics.conftest import local
from topics.models import Meeting, MeetingStatus

S = MeetingStatus
pytestmark = pytest.mark.django_db
IMPORTED = "Nhập từ tệp (import_library)"


def line(**extra):
    return {"type": "meeting", "cell": "Chi bộ A", "title": "Học tập Nghị quyết Đại hội",
            "scheduled_at": "2026-03-20T14:00:00", **extra}


def run(tmp_path, *rows):
    return run_command("import_library", write_jsonl(tmp_path / "meetings.jsonl", rows))


def history(meeting):
    return [(e.from_status, e.to_status, e.reason, e.by_id) for e in meeting.events.all()]


def test_an_imported_concluded_meeting_has_its_status_history(world, tmp_path, client_for):
    before = timezone.now()
    code, out, err = run(tmp_path, line(status="concluded", conclusion="Chi bộ thống nhất ba nhiệm vụ.", score=91))
    assert code == 0, err
    m = Meeting.objects.get(title="Học tập Nghị quyết Đại hội")
    assert m.status == S.CONCLUDED and m.score == 91
    # Held, then concluded, as the buttons would have written it; the actor is the import.
    assert history(m) == [(S.PLANNED, S.HELD, IMPORTED, None), (S.HELD, S.CONCLUDED, IMPORTED, None)]
    assert all(e.at >= before for e in m.events.all())
    assert m.outcome_posted_at is None  # an import stamps nothing: the outcome is not "posted late"
    page = client_for(world.secretary_a).get(m.get_absolute_url()).content.decode()
    assert "Lịch sử" in page and "Đã tổ chức → Đã kết luận" in page and IMPORTED in page

    code, out, _err = run(tmp_path, line(status="concluded", conclusion="Chi bộ thống nhất ba nhiệm vụ.", score=91))
    assert code == 0 and "meeting: created 0, updated 0, unchanged 1, failed 0" in out
    assert m.events.count() == 2  # a re-import adds no history


def test_a_reimport_walks_forward_and_never_back(world, tmp_path):
    run(tmp_path, line())
    m = Meeting.objects.get(title="Học tập Nghị quyết Đại hội")
    assert m.status == S.PLANNED and not m.events.exists()  # created as planned: nothing happened yet

    code, out, err = run(tmp_path, line(status="held", attendance={"present": 9, "total": 10}))
    assert code == 0 and "meeting: created 0, updated 1" in out, err
    m.refresh_from_db()
    assert m.status == S.HELD and m.sequence == 1 and history(m) == [(S.PLANNED, S.HELD, IMPORTED, None)]

    code, _out, err = run(tmp_path, line(status="planned"))
    assert code == 1
    assert ("line 1: Không thể chuyển buổi sinh hoạt từ trạng thái “Đã tổ chức” sang “Dự kiến”. "
            "Buổi sinh hoạt đã tổ chức: chỉ còn có thể ghi kết quả và kết luận.") in err
    m.refresh_from_db()
    assert m.status == S.HELD and m.attendance_present == 9 and m.events.count() == 1


def test_a_move_and_a_cancellation_are_history_and_nobody_is_mailed(world, tmp_path):
    run(tmp_path, line(status="announced"))
    m = Meeting.objects.get(title="Học tập Nghị quyết Đại hội")
    assert history(m) == [(S.PLANNED, S.ANNOUNCED, IMPORTED, None)]

    run(tmp_path, line(status="announced", scheduled_at="2026-03-20T08:00:00"))  # same day, new time
    m.refresh_from_db()
    moved = m.events.last()
    assert (moved.from_status, moved.to_status) == (S.ANNOUNCED, S.ANNOUNCED) and m.sequence == 1
    assert (moved.old_scheduled_at, moved.new_scheduled_at) == (local(2026, 3, 20, 14, 0), local(2026, 3, 20, 8, 0))

    run(tmp_path, line(status="cancelled", scheduled_at="2026-03-20T08:00:00", status_reason="Trùng lịch đảng ủy"))
    m.refresh_from_db()
    assert m.status == S.CANCELLED and m.status_reason == "Trùng lịch đảng ủy" and m.sequence == 2
    assert history(m)[-1] == (S.ANNOUNCED, S.CANCELLED, "Trùng lịch đảng ủy", None)
    assert mail.outbox == []  # the cell has members, but an import records: it does not announce


def test_a_file_may_record_without_the_guards_a_person_must_pass(world, tmp_path):
    """The contract makes status_reason and conclusion optional: a file records what happened, so only the
    table holds for it (a person cancelling on the page must give a reason)."""
    code, _out, err = run(tmp_path, line(status="cancelled"), line(title="Buổi đã kết luận", status="concluded"))
    assert code == 0, err
    cancelled = Meeting.objects.get(title="Học tập Nghị quyết Đại hội")
    assert cancelled.status == S.CANCELLED and history(cancelled) == [(S.PLANNED, S.CANCELLED, IMPORTED, None)]
    assert Meeting.objects.get(title="Buổi đã kết luận").events.count() == 2


def test_meetings_of_one_file_are_written_in_a_few_queries(world, tmp_path, django_assert_max_num_queries):
    """History is written in bulk with the meetings: the number of queries does not grow with the lines."""
    rows = [line(title=f"Chuyên đề {n}", status="concluded", scheduled_at=f"2026-0{1 + n % 9}-1{n % 10}T14:00:00")
            for n in range(60)]
    with django_assert_max_num_queries(30):
        code, _out, err = run(tmp_path, *rows)
    assert code == 0, err
    assert Meeting.objects.filter(title__startswith="Chuyên đề ").count() == 60
    assert all(m.events.count() == 2 for m in Meeting.objects.filter(title__startswith="Chuyên đề "))
