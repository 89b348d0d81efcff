"""Meeting page, cell and đảng bộ pages: content a member needs, in bounded queries."""
import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, TopicFactory
from tests.topics.conftest import local
from topics import services
from topics.models import Absentee, MeetingStatus, MeetingTask, MinutesSpeech

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_meeting(world):
    m = MeetingFactory(cell=world.cell_a, title="Chuyên đề học tập Bác năm 2031", topic=TopicFactory(name="Bác Hồ"),
                       scheduled_at=local(2031, 2, 20, 14, 0), duration_minutes=120, place="Hội trường tầng 3",
                       presenters="Đ/c Nguyễn Văn Trình", status=MeetingStatus.ANNOUNCED,
                       announced_at=local(2031, 2, 20, 9, 0))
    first = LibraryItemFactory(symbol="905-CT/TW", title="Chỉ thị thứ nhất")
    second = LibraryItemFactory(symbol="906-CT/TW", title="Chỉ thị thứ hai")
    MeetingMaterialFactory(meeting=m, item=second, sort_order=1, required=False)
    MeetingMaterialFactory(meeting=m, item=first, sort_order=0, required=True)
    services.meeting_record_outcome(
        m, now=local(2031, 2, 25, 8, 0), attendance_present=9, attendance_total=10, speakers=10, opinions=13,
        chair="Đ/c Bí thư", minutes_secretary="Đ/c Thư ký", conclusion="Chi bộ thống nhất ba nhóm giải pháp.",
        criteria={"thoi_luong": 5, "du_hop": 5, "chuan_bi": 10, "tien_hanh": 28, "chu_tri": 10,
                  "nguyen_tac": 5, "ket_qua_ky_truoc": 25, "ket_thuc": 5},
        absentees=[("Trần Văn Vắng", "Ốm")], speeches=[("Đ/c Lan", "Đề nghị tăng cường tự học")],
        tasks=[("Đ/c Hùng", "Báo cáo kết quả học tập", timezone.localdate() - dt.timedelta(days=1), False),
               ("Đ/c Mai", "Cập nhật tài liệu", dt.date(2031, 3, 1), True)])
    return m


def test_meeting_page_shows_materials_first_and_the_whole_outcome(world, client_for, held_meeting):
    html = client_for(world.member_a).get(held_meeting.get_absolute_url()).content.decode()
    # materials first, in their order, with required/optional
    assert html.index("Tài liệu cần nghiên cứu trước") < html.index("Thời gian, địa điểm") < html.index("Kết quả")
    assert html.index("905-CT/TW") < html.index("906-CT/TW")
    assert "Bắt buộc đọc" in html and "Tham khảo" in html
    assert f"/thu-vien/{held_meeting.materials.get(sort_order=0).item_id}/" in html
    # time in Hà Nội, dd/mm/yyyy HH:MM
    assert "20/02/2031 14:00" in html and "Hội trường tầng 3" in html and "Đ/c Nguyễn Văn Trình" in html
    # flags: announced 5 h before → late; outcome 5 days after → late
    assert 'data-flag="materials-late"' in html and 'data-flag="outcome-late"' in html
    # outcome
    assert "9/10 (90 %)" in html and "Trần Văn Vắng" in html and "Ốm" in html
    assert "10 đảng viên phát biểu 13 ý kiến" in html and "Đề nghị tăng cường tự học" in html
    assert "Chi bộ thống nhất ba nhóm giải pháp." in html
    assert "Đ/c Hùng" in html and "Quá hạn" in html and "Đã xong" in html
    assert "Kết quả thực hiện nghị quyết kỳ trước" in html and "<strong>93</strong> / 100" in html and "Tốt" in html
    # history
    assert "Đã thông báo → Đã tổ chức" in html


def test_next_meeting_reviews_open_tasks(world, client_for, held_meeting):
    nxt = MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 5, 20, 14, 0))
    html = client_for(world.member_a).get(nxt.get_absolute_url()).content.decode()
    assert "Nhiệm vụ các kỳ trước cần kiểm điểm" in html and "Báo cáo kết quả học tập" in html


def test_postponed_meeting_page_shows_reason_and_history(world, client_for):
    m = world.meeting_a
    old = timezone.localtime(m.scheduled_at).strftime("%d/%m/%Y %H:%M")
    services.meeting_postpone(m, "Bão số 3 đổ bộ")
    html = client_for(world.member_a).get(m.get_absolute_url()).content.decode()
    assert "Lý do hoãn: Bão số 3 đổ bộ" in html and f"thời gian cũ {old}" in html


def test_unknown_meeting_is_404(world, client_for):
    assert client_for(world.superuser).get("/sinh-hoat/999999/").status_code == 404


def test_meeting_page_query_count(world, client_for, held_meeting, django_assert_max_num_queries):
    for _ in range(5):
        MeetingMaterialFactory(meeting=held_meeting)
        Absentee.objects.create(meeting=held_meeting, name="X", reason="Y")
        MinutesSpeech.objects.create(meeting=held_meeting, speaker="S", gist="G")
        MeetingTask.objects.create(meeting=held_meeting, assignee="A", description="D")
    c = client_for(world.secretary_a)
    with django_assert_max_num_queries(25):
        assert c.get(held_meeting.get_absolute_url()).status_code == 200


def test_cell_page(world, client_for, held_meeting, django_assert_max_num_queries):
    for i in range(15):
        MeetingFactory(cell=world.cell_a, topic=TopicFactory(), scheduled_at=timezone.now() + dt.timedelta(days=i - 7))
    c = client_for(world.member_a)
    with django_assert_max_num_queries(15):
        r = c.get(f"/to-chuc/{world.cell_a.pk}/")
    html = r.content.decode()
    assert "Sinh hoạt chuyên đề sắp tới" in html and world.meeting_a.title in html
    assert held_meeting.title in html and "3 đảng viên" in html
    assert f"/to-chuc/{world.cell_a.pk}/ke-hoach/" in html
    # anonymous: no member count, no private meetings
    anon = client_for(None).get(f"/to-chuc/{world.cell_a.pk}/").content.decode()
    assert "đảng viên" not in anon.split("<main")[1].split("Sinh hoạt chuyên đề sắp tới")[0]


def test_committee_page(world, client_for, django_assert_max_num_queries):
    c = client_for(world.staff_base1)
    with django_assert_max_num_queries(15):
        html = c.get(f"/to-chuc/{world.base1.pk}/").content.decode()
    assert "Chi bộ A" in html and "Chi bộ B" in html and "Chi bộ C" not in html
    assert "Triển khai chuyên đề tới các chi bộ" in html
    root = client_for(world.member_a).get(f"/to-chuc/{world.root.pk}/").content.decode()
    assert "Đảng bộ cơ sở Một" in root and "Đảng bộ cơ sở Hai" in root
    assert "Triển khai chuyên đề" not in root


def test_plan_page_bad_year(world, client_for):
    assert client_for(world.member_a).get(f"/to-chuc/{world.cell_a.pk}/ke-hoach/1900/").status_code == 400
