"""Roll-out placeholders (issue 18): a meeting whose cell has not fixed its date shows its deadline, never a
countdown as if it were scheduled ("30/06/2027 · còn 207 ngày")."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Role
from tests.factories import CellFactory, MeetingFactory, MembershipFactory
from topics.models import MeetingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_and_meetings(client):
    cell = CellFactory(name="Chi bộ Chưa Chốt")
    member = MembershipFactory(organization=cell, role=Role.SECRETARY, user__username="bt_chua_chot").user
    client.force_login(member)
    deadline = timezone.now() + dt.timedelta(days=207)
    placeholder = MeetingFactory(cell=cell, title="Chuyên đề triển khai PLACEHOLDER", scheduled_at=deadline,
                                 status=MeetingStatus.PLANNED, time_confirmed=False)
    fixed = MeetingFactory(cell=cell, title="Chuyên đề đã chốt FIXED", status=MeetingStatus.ANNOUNCED,
                           scheduled_at=timezone.now() + dt.timedelta(days=3))
    return placeholder, fixed, deadline


def _block(html: str, marker: str, end: str = "</section>") -> str:
    start = html.index(marker)
    return html[start:html.index(end, start)]


def test_study_page_shows_a_deadline_not_a_countdown(client, member_and_meetings):
    placeholder, fixed, deadline = member_and_meetings
    html = client.get(reverse("study:home")).content.decode()
    unfixed = _block(html, "PLACEHOLDER")
    assert "còn " not in unfixed and "207 ngày" not in unfixed
    assert "chưa chốt thời gian" in unfixed and timezone.localtime(deadline).strftime("%d/%m/%Y") in unfixed
    assert "còn 2 ngày" in _block(html, "FIXED") or "còn 3 ngày" in _block(html, "FIXED")


def test_meeting_page_and_lists_say_the_time_is_not_fixed(client, member_and_meetings):
    placeholder, _fixed, deadline = member_and_meetings
    day = timezone.localtime(deadline).strftime("%d/%m/%Y")
    page = client.get(placeholder.get_absolute_url()).content.decode()
    assert f"Chi bộ chưa chốt thời gian; tổ chức trước ngày {day}." in page
    assert timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M") not in page
    cell_page = client.get(placeholder.cell.get_absolute_url()).content.decode()
    assert f"Chưa chốt thời gian (trước ngày {day})" in cell_page
    home = client.get(reverse("home")).content.decode()
    assert f"Chưa chốt thời gian (trước ngày {day})" in home
