"""Meetings in the Wagtail admin: each secretary/staff member reaches only the meetings they manage."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory
from topics.models import Meeting, MeetingStatus

pytestmark = pytest.mark.django_db


def edit_url(m):
    return reverse("wagtailsnippets_topics_meeting:edit", args=[m.pk])


@pytest.fixture
def meeting_b(world):
    return MeetingFactory(cell=world.cell_b, title="Buổi riêng của chi bộ B")


@pytest.mark.parametrize("role, own, other", [
    ("secretary_a", 200, 404),
    ("staff_base1", 200, 200),
    ("staff_base2", 404, 404),
    ("superuser", 200, 200),
])
def test_edit_url_is_scoped(world, client_for, meeting_b, role, own, other):
    c = client_for(getattr(world, role))
    assert c.get(edit_url(world.meeting_a)).status_code == own
    assert c.get(edit_url(meeting_b)).status_code == other


def test_secretary_cannot_reach_another_cells_meeting_by_any_url(world, client_for, meeting_b):
    c = client_for(world.secretary_a)
    for name in ("delete", "history", "usage", "copy"):
        url = reverse(f"wagtailsnippets_topics_meeting:{name}", args=[meeting_b.pk])
        assert c.get(url).status_code in (403, 404), name
    listing = c.get(reverse("wagtailsnippets_topics_meeting:list")).content.decode()
    assert world.meeting_a.title in listing and "Buổi riêng của chi bộ B" not in listing
    chooser = c.get(reverse("wagtailsnippetchoosers_topics_meeting:choose")).content.decode()
    assert "Buổi riêng của chi bộ B" not in chooser


def test_members_have_no_admin(world, client_for):
    r = client_for(world.member_a).get(edit_url(world.meeting_a))
    assert r.status_code in (302, 403)


def _form_data(m, **changes):
    local = timezone.localtime(m.scheduled_at)
    data = {
        "cell": m.cell_id, "title": m.title, "topic": "", "pack": "", "scheduled_at": local.strftime("%Y-%m-%d %H:%M"),
        "duration_minutes": m.duration_minutes, "place": m.place, "presenters": "", "upper_member": "",
        "status": m.status, "status_reason": "", "attendance_present": "", "attendance_total": "", "chair": "",
        "minutes_secretary": "", "guests": "", "agenda": "", "speakers": "", "opinions": "", "minutes": "",
        "conclusion": "", "resolution": "", "score": "",
    }
    for name in ("materials", "absentees", "speeches", "tasks"):
        data.update({f"{name}-TOTAL_FORMS": 0, f"{name}-INITIAL_FORMS": 0, f"{name}-MIN_NUM_FORMS": 0,
                     f"{name}-MAX_NUM_FORMS": 1000})
    for f in ("q_duration", "q_attendance", "q_preparation", "q_conduct", "q_chairing", "q_principles",
              "q_previous_results", "q_closing"):
        data[f] = ""
    data.update(changes)
    return data


def test_secretary_cannot_move_a_meeting_to_another_cell(world, client_for):
    c = client_for(world.secretary_a)
    r = c.post(edit_url(world.meeting_a), _form_data(world.meeting_a, cell=world.cell_b.pk))
    world.meeting_a.refresh_from_db()
    assert world.meeting_a.cell == world.cell_a
    assert r.status_code == 200  # form re-displayed with an error


def test_admin_status_change_follows_the_lifecycle(world, client_for):
    c = client_for(world.secretary_a)
    m = world.meeting_a
    r = c.post(edit_url(m), _form_data(m, status=MeetingStatus.CONCLUDED))
    m.refresh_from_db()
    assert m.status == MeetingStatus.PLANNED and "Không thể chuyển" in r.content.decode()
    r = c.post(edit_url(m), _form_data(m, status=MeetingStatus.CANCELLED))
    assert "lý do hủy" in r.content.decode()
    r = c.post(edit_url(m), _form_data(m, status=MeetingStatus.CANCELLED, status_reason="Trùng lịch"))
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == MeetingStatus.CANCELLED and m.sequence == 1
    assert m.events.get().reason == "Trùng lịch"


def test_admin_move_bumps_sequence_and_outcome_is_stamped_but_not_scored(world, client_for):
    """The score is no longer typed into the meeting form (it goes through tests/scoring's flow): the old
    criteria fields posted by an older client change nothing."""
    c = client_for(world.staff_base1)
    m = MeetingFactory(cell=world.cell_a, scheduled_at=timezone.now() - dt.timedelta(days=1),
                       status=MeetingStatus.HELD)
    crit = {"q_duration": 5, "q_attendance": 5, "q_preparation": 8, "q_conduct": 25, "q_chairing": 8,
            "q_principles": 5, "q_previous_results": 10, "q_closing": 3}
    r = c.post(edit_url(m), _form_data(m, **crit, score=69, conclusion="Kết luận"))
    assert r.status_code == 302, r.content.decode()[-2000:]
    m.refresh_from_db()
    assert m.score is None and m.outcome_posted_at is not None
    future = timezone.localtime(timezone.now() + dt.timedelta(days=3))
    planned = world.meeting_a
    c.post(edit_url(planned), _form_data(planned, scheduled_at=future.strftime("%Y-%m-%d %H:%M")))
    planned.refresh_from_db()
    assert planned.sequence == 1 and planned.events.get().old_scheduled_at is not None


def test_cell_select_only_offers_managed_cells(world, client_for):
    html = client_for(world.secretary_a).get(reverse("wagtailsnippets_topics_meeting:add")).content.decode()
    assert "Chi bộ A" in html and "Chi bộ B" not in html and "Chi bộ C" not in html
    assert Meeting.objects.count() == 2


def test_staff_manage_only_organizations_in_their_subtree(world, client_for):
    c = client_for(world.staff_base1)
    own = reverse("wagtailsnippets_organizations_organization:edit", args=[world.cell_a.pk])
    other = reverse("wagtailsnippets_organizations_organization:edit", args=[world.cell_c.pk])
    assert c.get(own).status_code == 200
    assert c.get(other).status_code == 404
    add = c.get(reverse("wagtailsnippets_organizations_organization:add")).content.decode()
    assert "Đảng bộ cơ sở Một" in add and "Đảng bộ cơ sở Hai" not in add
