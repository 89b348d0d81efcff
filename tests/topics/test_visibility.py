"""Who sees a cell's meetings, on the meeting page, the cell page, the API, the .ics and topic history.

Rule: the cell's members and secretary, staff of any organization above the cell, superusers; a public
meeting is visible to everyone. Never members of other cells, staff of a sibling đảng bộ or anonymous.
"""
import datetime as dt

import pytest
from django.utils import timezone

from organizations.access import Viewer
from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, TopicFactory
from topics.models import MeetingStatus
from topics.selectors import topic_history

pytestmark = pytest.mark.django_db

# role → may see the private meeting of Chi bộ A
ROLES = {
    "member_a": True,
    "secretary_a": True,
    "member_b": False,          # member of another cell
    "secretary_b": False,
    "staff_base1": True,        # staff of the đảng bộ cơ sở above A
    "staff_root": True,         # staff two levels above
    "staff_base2": False,       # staff of a sibling đảng bộ
    "superuser": True,
    "anonymous": False,
}


def user_of(world, role):
    return getattr(world, role)


@pytest.mark.parametrize("role, allowed", ROLES.items())
def test_private_meeting_page(world, client_for, role, allowed):
    r = client_for(user_of(world, role)).get(f"/sinh-hoat/{world.meeting_a.pk}/")
    if allowed:
        assert r.status_code == 200 and world.meeting_a.title in r.content.decode()
    elif role == "anonymous":
        assert r.status_code == 302 and r["Location"].startswith("/tai-khoan/dang-nhap/")
    else:
        assert r.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_public_meeting_page_is_visible_to_everyone(world, client_for, role):
    r = client_for(user_of(world, role)).get(f"/sinh-hoat/{world.public_b.pk}/")
    assert r.status_code == 200 and world.public_b.title in r.content.decode()


@pytest.mark.parametrize("role, allowed", ROLES.items())
def test_meetings_api(world, client_for, role, allowed):
    data = client_for(user_of(world, role)).get("/api/meetings/").json()
    ids = {x["id"] for x in data["results"]}
    assert world.public_b.pk in ids
    assert (world.meeting_a.pk in ids) is allowed
    assert data["count"] == len(ids)


@pytest.mark.parametrize("role, allowed", ROLES.items())
def test_meeting_ics(world, client_for, role, allowed):
    r = client_for(user_of(world, role)).get(f"/sinh-hoat/{world.meeting_a.pk}/lich.ics")
    assert (r.status_code == 200) is allowed
    if allowed:
        assert r.content.count(b"BEGIN:VEVENT") == 1


@pytest.mark.parametrize("role, allowed", ROLES.items())
def test_cell_page_lists_only_visible_meetings(world, client_for, role, allowed):
    html = client_for(user_of(world, role)).get(f"/to-chuc/{world.cell_a.pk}/").content.decode()
    assert (world.meeting_a.title in html) is allowed


@pytest.mark.parametrize("role, allowed", ROLES.items())
def test_topic_history(world, role, allowed):
    topic = TopicFactory(name="Nghị quyết Trung ương 4")
    held_a = MeetingFactory(cell=world.cell_a, topic=topic, status=MeetingStatus.CONCLUDED, conclusion="Kết luận A",
                            scheduled_at=timezone.now() - dt.timedelta(days=30))
    held_c = MeetingFactory(cell=world.cell_c, topic=topic, status=MeetingStatus.HELD, is_public=True,
                            scheduled_at=timezone.now() - dt.timedelta(days=20))
    MeetingFactory(cell=world.cell_a, topic=topic)  # planned: not history
    history = list(topic_history(Viewer(user_of(world, role)), topic))
    assert held_c in history
    assert (held_a in history) is allowed
    assert len(history) == 1 + allowed


def test_topic_page_renders_history_with_cell_date_and_conclusion(world, client_for):
    topic = TopicFactory(name="Học tập Bác Hồ")
    LibraryItemFactory(topics=[topic])
    MeetingFactory(cell=world.cell_a, topic=topic, status=MeetingStatus.CONCLUDED, conclusion="Chi bộ thống nhất",
                   score=92, scheduled_at=timezone.now() - dt.timedelta(days=3))
    html = client_for(world.member_a).get(topic.get_absolute_url()).content.decode()
    assert "Chi bộ A" in html and "Chi bộ thống nhất" in html and "Tốt" in html
    assert "Chi bộ thống nhất" not in client_for(world.member_b).get(topic.get_absolute_url()).content.decode()


def test_public_meeting_does_not_leak_private_materials(world, client_for):
    internal = LibraryItemFactory(title="Tài liệu nội bộ chi bộ B", visibility="internal")
    restricted = LibraryItemFactory(title="Tài liệu riêng chi bộ C", visibility="restricted", allowed=[world.cell_c])
    MeetingMaterialFactory(meeting=world.public_b, item=internal)
    MeetingMaterialFactory(meeting=world.public_b, item=restricted)
    anon_html = client_for(None).get(f"/sinh-hoat/{world.public_b.pk}/").content.decode()
    assert "Tài liệu nội bộ" not in anon_html and "Tài liệu riêng" not in anon_html
    assert "đăng nhập" in anon_html
    member_html = client_for(world.member_b).get(f"/sinh-hoat/{world.public_b.pk}/").content.decode()
    assert "Tài liệu nội bộ" in member_html and "Tài liệu riêng" not in member_html
    api = client_for(None).get("/api/meetings/").json()
    (row,) = [x for x in api["results"] if x["id"] == world.public_b.pk]
    assert row["materials"] == []


def test_management_buttons_only_for_secretary_and_staff_above(world, client_for):
    url = f"/sinh-hoat/{world.meeting_a.pk}/"
    assert "Thông báo tới đảng viên" in client_for(world.secretary_a).get(url).content.decode()
    assert "Thông báo tới đảng viên" in client_for(world.staff_base1).get(url).content.decode()
    assert "Thông báo tới đảng viên" not in client_for(world.member_a).get(url).content.decode()
    # A member may see the meeting but not act on it.
    r = client_for(world.member_a).post(f"/sinh-hoat/{world.meeting_a.pk}/thao-tac/", {"action": "announce"})
    assert r.status_code == 404
    world.meeting_a.refresh_from_db()
    assert world.meeting_a.status == MeetingStatus.PLANNED
    r = client_for(world.member_b).post(f"/sinh-hoat/{world.meeting_a.pk}/thao-tac/", {"action": "announce"})
    assert r.status_code == 404


def test_actions_through_the_meeting_page(world, client_for):
    c = client_for(world.secretary_a)
    url = f"/sinh-hoat/{world.meeting_a.pk}/thao-tac/"
    r = c.post(url, {"action": "announce"}, follow=True)
    assert "Đã thông báo buổi sinh hoạt" in r.content.decode()
    r = c.post(url, {"action": "conclude"}, follow=True)
    assert "Không thể chuyển buổi sinh hoạt" in r.content.decode()
    r = c.post(url, {"action": "postpone", "reason": ""}, follow=True)
    assert "Cần nêu lý do hoãn" in r.content.decode()
    c.post(url, {"action": "postpone", "reason": "Mưa lớn"})
    r = c.post(url, {"action": "reschedule", "new_time": "32/13/2031 25:00"}, follow=True)
    assert "không đúng dạng" in r.content.decode()
    new_time = timezone.localtime(timezone.now() + dt.timedelta(days=10)).strftime("%d/%m/%Y %H:%M")
    c.post(url, {"action": "reschedule", "new_time": new_time})
    world.meeting_a.refresh_from_db()
    assert world.meeting_a.status == MeetingStatus.ANNOUNCED
    assert timezone.localtime(world.meeting_a.scheduled_at).strftime("%d/%m/%Y %H:%M") == new_time
    r = c.post(url, {"action": "bogus"}, follow=True)
    assert "Thao tác không hợp lệ" in r.content.decode()
