"""Members' opinions before a meeting (issue 18): sent by the cell's members on an announced meeting, read by
the cell and the staff above it — never by other cells or the public, even on a public meeting's page."""
import pytest
from django.urls import reverse

from tests.access.conftest import ROLES
from topics.models import MeetingStatus
from topics.opinions import MAX_OPINION_CHARS, MeetingOpinion

READERS = {"member_a", "secretary_a", "staff_above_a", "superuser"}
SENDERS = {"member_a", "secretary_a"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_send_an_opinion(world, role):
    url = reverse("topics:meeting-opinion", args=[world.public_meeting.pk])
    response = world.client(role).post(url, {"text": f"Ý kiến của {role} về tài liệu"})
    sent = MeetingOpinion.objects.filter(meeting=world.public_meeting).exists()
    assert sent == (role in SENDERS)
    assert response.status_code == (302 if role in SENDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_opinions_on_the_meeting_page(world, role):
    world.client("member_a").post(reverse("topics:meeting-opinion", args=[world.public_meeting.pk]),
                                  {"text": "Câu hỏi OPINIONPAGE: phần II nghĩa là gì?"})
    page = world.client(role).get(world.public_meeting.get_absolute_url())
    assert page.status_code == 200  # a public meeting: everyone sees the page…
    assert ("OPINIONPAGE" in page.content.decode()) == (role in READERS)  # …only the cell and above the opinions


def test_opinions_are_short_and_only_before_the_meeting(world):
    client = world.client("member_a")
    url = reverse("topics:meeting-opinion", args=[world.public_meeting.pk])
    page = client.post(url, {"text": "x" * (MAX_OPINION_CHARS + 1)}, follow=True)
    assert "dài quá" in page.content.decode() and not MeetingOpinion.objects.exists()
    page = client.post(url, {"text": "   "}, follow=True)
    assert "Hãy nhập ý kiến" in page.content.decode() and not MeetingOpinion.objects.exists()
    world.public_meeting.status = MeetingStatus.HELD
    world.public_meeting.save()
    page = client.post(url, {"text": "Muộn rồi"}, follow=True)
    assert "đã được thông báo" in page.content.decode() and not MeetingOpinion.objects.exists()
