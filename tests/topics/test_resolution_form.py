"""A secretary writes the cell's resolution from the meeting's outcome form (issue 18), within their cell only."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from library.models import LibraryItem, Visibility
from tests.topics.test_admin import _form_data, edit_url
from topics.resolutions import resolution_create

pytestmark = pytest.mark.django_db


def test_secretary_creates_the_resolution_from_the_outcome_form(world, client_for):
    c = client_for(world.secretary_a)
    response = c.post(edit_url(world.meeting_a), _form_data(
        world.meeting_a, new_resolution_symbol="05-NQ/CB", new_resolution_title="Nghị quyết RESOLNEW về nêu gương",
        new_resolution_text="Chi bộ quyết nghị:\nMỗi đảng viên đăng ký một việc làm nêu gương."))
    assert response.status_code == 302, response.content.decode()[:3000]
    world.meeting_a.refresh_from_db()
    item = world.meeting_a.resolution
    assert item is not None and item.title == "Nghị quyết RESOLNEW về nêu gương" and item.kind == "NQ"
    assert item.live and item.issuer == world.cell_a and item.visibility == Visibility.RESTRICTED
    assert list(item.allowed_orgs.all()) == [world.cell_a]
    assert "đăng ký một việc làm nêu gương" in item.body
    # Its audience: the cell and the staff above it — not the neighbouring cell, not the sibling đảng bộ.
    assert client_for(world.member_a).get(item.get_absolute_url()).status_code == 200
    assert client_for(world.staff_base1).get(item.get_absolute_url()).status_code == 200
    assert client_for(world.member_b).get(item.get_absolute_url()).status_code == 404
    assert client_for(world.staff_base2).get(item.get_absolute_url()).status_code == 404
    page = client_for(world.member_a).get(item.get_absolute_url()).content.decode()
    assert world.meeting_a.get_absolute_url() in page  # "Nghị quyết của buổi sinh hoạt" links back


def test_a_new_resolution_and_a_chosen_one_cannot_both_be_given(world, client_for):
    existing = LibraryItem.objects.create(kind="NQ", symbol="01-NQ/CB", title="Nghị quyết có sẵn", issuer=world.cell_a,
                                          issued_on="2024-01-02", visibility=Visibility.PUBLIC, live=True)
    c = client_for(world.secretary_a)
    response = c.post(edit_url(world.meeting_a), _form_data(world.meeting_a, resolution=existing.pk,
                                                            new_resolution_title="Nghị quyết khác"))
    assert response.status_code == 200 and "Đã chọn một nghị quyết có sẵn" in response.content.decode()
    assert not LibraryItem.objects.filter(title="Nghị quyết khác").exists()


def test_a_secretary_cannot_create_one_for_another_cell(world, client_for):

    with pytest.raises(ValidationError):
        resolution_create(world.public_b, world.secretary_a, title="Nghị quyết cho chi bộ B")
    c = client_for(world.secretary_a)
    assert c.post(edit_url(world.public_b), _form_data(world.public_b, new_resolution_title="X")).status_code == 404
    assert not LibraryItem.objects.filter(kind="NQ").exists()


def test_the_outcome_form_offers_the_new_resolution_fields(world, client_for):
    html = client_for(world.secretary_a).get(reverse("wagtailsnippets_topics_meeting:edit",
                                                     args=[world.meeting_a.pk])).content.decode()
    assert 'name="new_resolution_title"' in html and 'name="new_resolution_text"' in html
