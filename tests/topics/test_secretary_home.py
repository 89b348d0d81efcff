"""The secretary's home: the to-do list, "Chi bộ của tôi", read progress and the action forms on the
meeting page. The to-do list is built by topics.secretary_selectors (meetings, tasks) and study.selectors (who has read)
through the privacy layer, in a number of queries that does not grow with meetings, members or materials."""
import datetime as dt
import re

import pytest
from django.utils import timezone

from library.models import Visibility
from organizations.access import Viewer
from organizations.models import Role
from study.models import ReadMark
from study.selectors import read_progress, secretary_todo
from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, MembershipFactory, UserFactory
from topics.models import MeetingStatus, MeetingTask

pytestmark = pytest.mark.django_db
S = MeetingStatus


def _todo_block(html: str, name: str) -> str:
    found = re.search(rf'<ul data-todo="{name}">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


@pytest.fixture
def busy_cell(world):
    """Chi bộ A with one meeting in each state a secretary must act on, and the same in Chi bộ B."""
    now = timezone.now()
    w = world
    w.to_announce = MeetingFactory(cell=w.cell_a, title="Chuyên đề quý sau cần thông báo",
                                   scheduled_at=now + dt.timedelta(days=20))
    w.materials_late = MeetingFactory(cell=w.cell_a, title="Chuyên đề ngày mai chưa gửi tài liệu",
                                      scheduled_at=now + dt.timedelta(hours=20))
    w.outcome_due = MeetingFactory(cell=w.cell_a, title="Chuyên đề tuần trước chưa ghi kết quả",
                                   scheduled_at=now - dt.timedelta(days=5), status=S.HELD)
    w.announced = MeetingFactory(cell=w.cell_a, title="Chuyên đề đã thông báo, có tài liệu",
                                 scheduled_at=now + dt.timedelta(days=4), status=S.ANNOUNCED, announced_at=now)
    item = LibraryItemFactory(visibility=Visibility.INTERNAL, title="Tài liệu bắt buộc đọc của chi bộ A")
    MeetingMaterialFactory(meeting=w.announced, item=item, required=True)
    ReadMark.objects.create(user=w.member_a, item=item, read_at=now)
    MeetingTask.objects.create(meeting=w.outcome_due, assignee="Đồng chí Lan", description="Báo cáo kết quả học tập",
                               due_on=timezone.localdate() - dt.timedelta(days=3))
    MeetingTask.objects.create(meeting=w.outcome_due, assignee="Đồng chí Minh", description="Việc chưa tới hạn",
                               due_on=timezone.localdate() + dt.timedelta(days=3))
    w.other_cell = MeetingFactory(cell=w.cell_b, title="Chuyên đề của chi bộ B cần thông báo",
                                  scheduled_at=now + dt.timedelta(days=20))
    w.item = item
    return w


def test_secretary_home_lists_what_to_do(busy_cell, client_for):
    w = busy_cell
    html = client_for(w.secretary_a).get("/").content.decode()
    assert "Việc cần làm của bí thư" in html
    assert w.to_announce.title in _todo_block(html, "announce")
    assert w.materials_late.title in _todo_block(html, "materials")
    assert "Chưa có tài liệu" in _todo_block(html, "materials")
    assert w.outcome_due.title in _todo_block(html, "outcomes")
    assert "Đồng chí Lan" in _todo_block(html, "tasks") and "Đồng chí Minh" not in html
    unread = _todo_block(html, "unread")
    # Chi bộ A has member_a, member_a2 and the secretary: only member_a has read.
    assert "2/3 đảng viên chưa đọc đủ" in unread and f"/hoc-tap/sinh-hoat/{w.announced.pk}/doc-tai-lieu/" in unread
    # Another cell's meeting is not this secretary's business.
    assert w.other_cell.title not in html


def test_members_and_staff_get_no_secretary_todo(busy_cell, client_for):
    for user in (busy_cell.member_a, busy_cell.staff_base1, busy_cell.anonymous):
        assert "Việc cần làm của bí thư" not in client_for(user).get("/").content.decode()


def test_overdue_materials_are_flagged(busy_cell):
    busy_cell.materials_late.scheduled_at = timezone.now() + dt.timedelta(hours=5)
    busy_cell.materials_late.save()
    todo = secretary_todo(Viewer(busy_cell.secretary_a))
    late = {d.meeting.pk: d.late for d in todo.materials_due}
    assert late == {busy_cell.materials_late.pk: True}
    assert busy_cell.materials_late.pk not in {d.meeting.pk for d in todo.to_announce}


def test_todo_query_count_does_not_grow(busy_cell, client_for, django_assert_max_num_queries):
    client = client_for(busy_cell.secretary_a)
    client.get("/")
    with django_assert_max_num_queries(17) as few:
        client.get("/")
    now = timezone.now()
    for i in range(15):
        m = MeetingFactory(cell=busy_cell.cell_a, status=S.ANNOUNCED, announced_at=now,
                           scheduled_at=now + dt.timedelta(days=5 + i))
        MeetingMaterialFactory(meeting=m)
        MeetingFactory(cell=busy_cell.cell_a, status=S.HELD, scheduled_at=now - dt.timedelta(days=3 + i))
        MembershipFactory(user=UserFactory(), organization=busy_cell.cell_a, role=Role.MEMBER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/").status_code == 200


def test_read_progress_counts_only_visible_materials_and_active_members(busy_cell):
    w = busy_cell
    hidden = LibraryItemFactory(visibility=Visibility.RESTRICTED, allowed=[w.cell_b])
    MeetingMaterialFactory(meeting=w.announced, item=hidden, required=True)
    w.member_a2.is_active = False
    w.member_a2.save()
    progress = read_progress(Viewer(w.secretary_a), [w.announced])[w.announced.pk]
    assert (progress.done, progress.total, progress.materials) == (1, 2, 1)


def test_my_cell_menu_and_page(busy_cell, client_for):
    w = busy_cell
    html = client_for(w.member_a).get("/thu-vien/").content.decode()
    assert 'href="/chi-bo-cua-toi/"' in html and "Chi bộ của tôi" in html
    response = client_for(w.secretary_a).get("/chi-bo-cua-toi/")
    assert response.status_code == 302 and response["Location"] == w.cell_a.get_absolute_url()
    assert "Chi bộ của tôi" not in client_for(w.staff_base1).get("/thu-vien/").content.decode()
    assert client_for(w.anonymous).get("/chi-bo-cua-toi/").status_code == 302  # to the login page
    MembershipFactory(user=w.member_a, organization=w.cell_c, role=Role.MEMBER)
    page = client_for(w.member_a).get("/chi-bo-cua-toi/").content.decode()
    assert w.cell_a.name in page and w.cell_c.name in page


def test_meeting_page_shows_read_progress_and_one_form_per_action(busy_cell, client_for):
    w = busy_cell
    html = client_for(w.secretary_a).get(w.announced.get_absolute_url()).content.decode()
    assert "1/3 đảng viên đã đọc đủ tài liệu bắt buộc" in html
    assert f'href="/hoc-tap/sinh-hoat/{w.announced.pk}/doc-tai-lieu/"' in html
    forms = re.findall(r'<form method="post" action="[^"]+thao-tac/" data-action="(\w+)"', html)
    assert forms == ["reschedule", "postpone", "cancel"]
    labels = re.findall(r'<label(?: class="check")? for="[^"]+">([^<]+)<', html)
    assert len(labels) == len(set(labels)), f"labels repeat: {labels}"
    assert "Lý do hủy" in labels and "Lý do hoãn" in labels
    assert 'type="datetime-local"' in html
    cancel = re.search(r'data-action="cancel".*?</form>', html, re.S).group(0)
    assert "btn-danger" in cancel and "data-confirm=" in cancel and 'type="checkbox"' in cancel
    # Members see the meeting but neither progress nor forms.
    member = client_for(w.member_a).get(w.announced.get_absolute_url()).content.decode()
    assert "đã đọc đủ tài liệu bắt buộc" not in member and "data-action=" not in member


def test_cancel_needs_the_confirmation_box(busy_cell, client_for):
    w = busy_cell
    url = f"/sinh-hoat/{w.announced.pk}/thao-tac/"
    client = client_for(w.secretary_a)
    r = client.post(url, {"action": "cancel", "reason": "Trùng lịch họp cơ quan"}, follow=True)
    assert "Hãy đánh dấu ô xác nhận" in r.content.decode()
    w.announced.refresh_from_db()
    assert w.announced.status == S.ANNOUNCED
    client.post(url, {"action": "cancel", "reason": "Trùng lịch họp cơ quan", "confirm": "on"})
    w.announced.refresh_from_db()
    assert w.announced.status == S.CANCELLED


def test_reschedule_with_the_date_time_picker(busy_cell, client_for):
    w = busy_cell
    when = timezone.localtime(timezone.now() + dt.timedelta(days=30)).replace(second=0, microsecond=0)
    client_for(w.secretary_a).post(f"/sinh-hoat/{w.to_announce.pk}/thao-tac/",
                                   {"action": "reschedule", "new_time": when.strftime("%Y-%m-%dT%H:%M")})
    w.to_announce.refresh_from_db()
    assert w.to_announce.scheduled_at == when
