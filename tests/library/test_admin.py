"""Staff publish documents in the Wagtail admin with drafts, revisions and publishing."""
import datetime as dt
import re

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


def test_a_new_item_starts_internal_and_the_form_is_named_and_laid_out_per_type(client, editor):
    root = OrganizationFactory(name="Đảng bộ Khối Cơ quan tỉnh", kind="dang_bo")
    OrganizationFactory(name="Chi bộ Phòng Tổng hợp", kind="chi_bo", parent=root)
    html = client.get(reverse("wagtailsnippets_library_libraryitem:add")).content.decode()
    # Publishing a Party document to everyone is a deliberate choice, not what a forgotten tab does.
    assert '<option value="internal" selected>' in html and '<option value="public" selected>' not in html
    assert re.search(r'<h1 class="w-sr-only">\s*Mới: Mục thư viện\s*</h1>', html)
    # The pack's and the study guide's tabs belong to those types (static/portal/admin.js hides the others).
    assert re.search(r'id="tab-label-goi_chuyen_e" [^>]*class="w-tabs__tab sotay-for sotay-for-session_pack"', html) or \
        'class="w-tabs__tab sotay-for sotay-for-session_pack"' in html
    assert 'class="w-tabs__tab sotay-for sotay-for-study_guide"' in html
    # "Tổ chức được xem" is a tree with a filter box: the đảng bộ, then its cell indented below it.
    tree = html[html.index('name="allowed_orgs"') - 3000:]
    assert 'data-org-filter' in html and "static/portal/admin.js" in html
    assert tree.index("Đảng bộ Khối Cơ quan tỉnh") < tree.index("Chi bộ Phòng Tổng hợp")
    assert re.search(r'<li class="sotay-org-depth-1" data-name="chi bo phong tong hop">', html)
    # An item saved without touching the scope is internal.
    issuer = OrganizationFactory(name="Ban Bí thư", kind="co_quan")
    data = form(issuer, symbol="51-CT/TW", **{"action-submit": ""})
    data["visibility"] = "internal"  # what the browser sends from the preselected option
    assert client.post(reverse("wagtailsnippets_library_libraryitem:add"), data).status_code == 302
    assert LibraryItem.objects.get(symbol="51-CT/TW").visibility == "internal"


def test_the_listing_speaks_vietnamese_about_status(client, editor):
    issuer = OrganizationFactory(name="Ban Bí thư", kind="co_quan")
    client.post(reverse("wagtailsnippets_library_libraryitem:add"), form(issuer))
    html = client.get(reverse("wagtailsnippets_library_libraryitem:list")).content.decode()
    table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index('<table class="listing'):]))
    assert "Trạng thái" in table and "bản nháp" in table
    assert not re.search(r"\b(True|False|Status|draft|live)\b", table)
    edit = client.get(reverse("wagtailsnippets_library_libraryitem:edit", args=[LibraryItem.objects.get().pk]))
    assert "Chọn tổ chức đảng khác" in edit.content.decode() and "Choose another" not in edit.content.decode()
