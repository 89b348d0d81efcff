"""Staff publish documents in the Wagtail admin with drafts, revisions and publishing."""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from library.models import LibraryItem
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("bientap", "bientap@example.org", "Mat-khau-thu-2026")
    client.force_login(user)
    return user


def form(issuer, **overrides):
    data = {
        "item_type": "document", "kind": "CT", "symbol": "50-CT/TW", "issuer": issuer.pk,
        "title": "Chỉ thị về tiếp tục đổi mới, nâng cao chất lượng sinh hoạt chi bộ",
        "issued_on": "23/07/2025", "effective_from": "", "validity": "con_hieu_luc", "signer": "", "field": "",
        "tags": "Sinh hoạt chi bộ", "summary": "Tóm tắt chỉ thị.", "body": rich_text("<p>Nội dung chỉ thị.</p>"),
        "sections": streamfield([]), "purpose": "", "guide": "", "discussion_questions": "",
        "conclusion_template": "", "attachments": inline_formset([]), "relations_out": inline_formset([]),
        "visibility": "public",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_staff_create_a_draft_then_publish_it(client, editor):
    issuer = OrganizationFactory(name="Ban Bí thư", kind="co_quan")
    add_url = reverse("wagtailsnippets_library_libraryitem:add")
    response = client.post(add_url, form(issuer))
    assert response.status_code == 302, response.content.decode()[:3000]
    item = LibraryItem.objects.get(symbol="50-CT/TW")
    assert item.live is False and item.issued_on == dt.date(2025, 7, 23)
    assert client.get(item.get_absolute_url()).status_code == 404  # drafts are not public

    edit_url = reverse("wagtailsnippets_library_libraryitem:edit", args=[item.pk])
    response = client.post(edit_url, form(issuer, **{"action-publish": "publish"}))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live is True and item.revisions.count() == 2
    client.logout()
    page = client.get(item.get_absolute_url())
    assert page.status_code == 200 and "50-CT/TW" in page.content.decode()
    assert [t.name for t in item.tags.all()] == ["Sinh hoạt chi bộ"]


def test_admin_refuses_a_duplicate_identity_with_a_clear_message(client, editor):
    issuer = OrganizationFactory(name="Ban Bí thư", kind="co_quan")
    add_url = reverse("wagtailsnippets_library_libraryitem:add")
    assert client.post(add_url, form(issuer)).status_code == 302
    again = client.post(add_url, form(issuer, symbol="50 ct tw"))
    assert again.status_code == 200
    assert "Đã có văn bản cùng loại, số, cơ quan ban hành và ngày ban hành" in again.content.decode()
    assert LibraryItem.objects.count() == 1


def test_admin_listing_searches_without_a_wagtail_index(client, editor):
    issuer = OrganizationFactory(name="Ban Bí thư", kind="co_quan")
    client.post(reverse("wagtailsnippets_library_libraryitem:add"), form(issuer))
    listing = client.get(reverse("wagtailsnippets_library_libraryitem:list"), {"q": "đổi mới"})
    assert listing.status_code == 200 and "50-CT/TW" in listing.content.decode()
