"""iCalendar: UTC times, one VEVENT per meeting, SEQUENCE and STATUS on change, private token feeds."""
import datetime as dt

import pytest
from icalendar import Calendar

from tests.factories import MeetingFactory
from tests.topics.conftest import local
from topics import calendar as ical
from topics import services
from topics.models import CalendarToken

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_meeting_at_14h_hanoi_is_07h_utc(world, client_for):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 8, 20, 14, 0), duration_minutes=120,
                       place="Phòng họp số 2")
    r = client_for(world.member_a).get(f"/sinh-hoat/{m.pk}/lich.ics")
    (event,) = events(r)
    assert b"DTSTART:20310820T070000Z" in r.content
    assert event.decoded("dtstart") == dt.datetime(2031, 8, 20, 7, 0, tzinfo=dt.timezone.utc)
    assert event.decoded("dtend") == dt.datetime(2031, 8, 20, 9, 0, tzinfo=dt.timezone.utc)
    assert str(event["uid"]) == f"meeting-{m.pk}@sotay"
    assert str(event["location"]) == "Phòng họp số 2"
    assert str(event["status"]) == "TENTATIVE" and int(event["sequence"]) == 0


def test_cancellation_keeps_uid_raises_sequence_and_says_cancelled(world, client_for):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 8, 20, 14, 0))
    services.meeting_announce(m, now=local(2031, 8, 1, 9, 0))
    c = client_for(world.member_a)
    (before,) = events(c.get(f"/sinh-hoat/{m.pk}/lich.ics"))
    assert str(before["status"]) == "CONFIRMED"
    services.meeting_cancel(m, "Trùng lịch")
    (after,) = events(c.get(f"/sinh-hoat/{m.pk}/lich.ics"))
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) > int(before["sequence"])
    assert str(after["status"]) == "CANCELLED"


def test_moving_a_meeting_updates_the_event(world, client_for):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 8, 20, 14, 0))
    services.meeting_reschedule(m, local(2031, 8, 21, 8, 30), now=local(2031, 8, 1, 9, 0))
    (event,) = events(client_for(world.member_a).get(f"/sinh-hoat/{m.pk}/lich.ics"))
    assert event.decoded("dtstart") == dt.datetime(2031, 8, 21, 1, 30, tzinfo=dt.timezone.utc)
    assert int(event["sequence"]) == 1


def test_meeting_ics_is_permission_checked_like_the_page(world, client_for):
    url = f"/sinh-hoat/{world.meeting_a.pk}/lich.ics"
    assert client_for(world.member_b).get(url).status_code == 404
    assert client_for(world.staff_base2).get(url).status_code == 404
    anon = client_for(None).get(url)
    assert anon.status_code == 302 and "/tai-khoan/dang-nhap/" in anon["Location"]
    assert len(events(client_for(world.staff_base1).get(url))) == 1
    assert len(events(client_for(None).get(f"/sinh-hoat/{world.public_b.pk}/lich.ics"))) == 1


def test_meeting_ics_with_token_works_without_a_session_and_stops_when_revoked(world, client_for):
    token = ical.token_get_or_create(world.member_a).token
    url = f"/sinh-hoat/{world.meeting_a.pk}/lich.ics"
    anon = client_for(None)
    assert len(events(anon.get(url, {"token": token}))) == 1
    other = ical.token_get_or_create(world.member_b).token
    assert anon.get(url, {"token": other}).status_code == 404
    ical.token_regenerate(world.member_a)
    r = anon.get(url, {"token": token})
    assert r.status_code == 403 and "thu hồi" in r.content.decode()


def test_cell_feed_private_with_token_public_only_without(world, client_for):
    services.meeting_cancel(MeetingFactory(cell=world.cell_b, title="Buổi bị hủy"), "Lý do")
    anon = client_for(None)
    url = f"/to-chuc/{world.cell_b.pk}/lich.ics"
    public_only = events(anon.get(url))
    assert [str(e["summary"]) for e in public_only] == ["Buổi sinh hoạt mẫu của chi bộ B"]
    token_b = ical.token_get_or_create(world.member_b).token
    full = events(anon.get(url, {"token": token_b}))
    assert len(full) == 2
    assert {str(e["status"]) for e in full} == {"TENTATIVE", "CANCELLED"}
    # A member of another cell gets only what they may see (the public meeting).
    token_a = ical.token_get_or_create(world.member_a).token
    assert len(events(anon.get(url, {"token": token_a}))) == 1
    # Staff above subscribe to a đảng bộ's feed: every cell below it.
    token_staff = ical.token_get_or_create(world.staff_base1).token
    assert len(events(anon.get(f"/to-chuc/{world.base1.pk}/lich.ics", {"token": token_staff}))) == 3
    # Revoked: refused, not silently downgraded.
    ical.token_revoke(world.member_b)
    assert anon.get(url, {"token": token_b}).status_code == 403


def test_my_calendar_feed(world, client_for):
    token = ical.token_get_or_create(world.member_a).token
    evs = events(client_for(None).get("/lich/cua-toi.ics", {"token": token}))
    assert [str(e["uid"]) for e in evs] == [f"meeting-{world.meeting_a.pk}@sotay"]
    assert client_for(None).get("/lich/cua-toi.ics", {"token": "sai"}).status_code == 403


def test_token_page_shows_and_regenerates_the_token(world, client_for):
    c = client_for(world.member_a)
    assert client_for(None).get("/lich/").status_code == 302
    r = c.get("/lich/")
    assert r.status_code == 200 and not CalendarToken.objects.filter(user=world.member_a).exists()
    c.post("/lich/", {"action": "regenerate"})
    first = CalendarToken.objects.get(user=world.member_a).token
    assert first in c.get("/lich/").content.decode()
    c.post("/lich/", {"action": "regenerate"})
    second = CalendarToken.objects.get(user=world.member_a).token
    assert second != first
    assert client_for(None).get(f"/to-chuc/{world.cell_a.pk}/lich.ics", {"token": first}).status_code == 403
    c.post("/lich/", {"action": "revoke"})
    assert not CalendarToken.objects.filter(user=world.member_a).exists()
