"""Attachments are served only through Wagtail's serve view and our permission hook, never as public media."""
import importlib

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from wagtail.models import ReferenceIndex

from library.models import ItemAttachment, LibraryItem
from organizations.file_scopes import collection_for
from tests.access.conftest import TOKENS, make_document_file
from tests.factories import LibraryItemFactory


def download(client, doc):
    response = client.get(doc.url)
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return response, body


@pytest.mark.parametrize("role", ["member_a", "secretary_a", "staff_above_a", "superuser"])
def test_allowed_roles_get_the_restricted_file(world, role):
    response, body = download(world.client(role), world.files["restricted_a"])
    assert response.status_code == 200
    assert TOKENS["restricted_a"].encode() in body
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role", ["anonymous", "member_b", "staff_sibling"])
def test_other_roles_get_404_for_the_restricted_file(world, role):
    response, body = download(world.client(role), world.files["restricted_a"])
    assert response.status_code == 404
    assert TOKENS["restricted_a"].encode() not in body


def test_anonymous_is_asked_to_log_in_for_an_internal_file(world):
    response, body = download(Client(), world.files["internal"])
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/?next=/documents/")
    assert TOKENS["internal"].encode() not in body


def test_file_linked_from_the_text_of_a_restricted_item_is_protected(world):
    """A file linked in a restricted item's body (not attached) follows that item's visibility."""
    doc = make_document_file("Phụ lục kín", b"phu luc KINPHULUC", "phu-luc.txt")
    item = world.items["restricted_a"]
    item.body = f'<p>Xem <a linktype="document" id="{doc.pk}">phụ lục</a>.</p>'
    item.save()
    ReferenceIndex.create_or_update_for_object(item)
    assert download(world.client("member_a"), doc)[0].status_code == 200
    assert download(world.client("member_b"), doc)[0].status_code == 404
    assert download(Client(), doc)[0].status_code == 404


def test_file_used_by_no_item_is_for_the_editors_of_its_collection(world):
    """An unattached file in đảng bộ X's collection: X's staff manage it, Y's staff don't know it exists."""
    doc = make_document_file("Tệp chưa gắn", b"chua gan", "chua-gan.txt", collection=collection_for(world.dang_bo_x))
    assert download(Client(), doc)[0].status_code == 404
    assert download(world.client("member_a"), doc)[0].status_code == 404
    assert download(world.client("secretary_a"), doc)[0].status_code == 404
    assert download(world.client("staff_sibling"), doc)[0].status_code == 404
    assert download(world.client("staff_above_a"), doc)[0].status_code == 200  # staff manage documents
    assert download(world.client("superuser"), doc)[0].status_code == 200


def test_file_of_a_draft_only_for_editors_who_could_see_it(world):
    item = world.items["restricted_a"]
    LibraryItem.objects.filter(pk=item.pk).update(live=False)
    doc = world.files["restricted_a"]
    assert download(world.client("member_a"), doc)[0].status_code == 404
    assert download(world.client("staff_sibling"), doc)[0].status_code == 404
    assert download(world.client("staff_above_a"), doc)[0].status_code == 200


def test_file_shared_with_a_public_item_is_public(world):
    public = LibraryItemFactory(title="Văn bản công khai dùng chung tệp")
    ItemAttachment.objects.create(item=public, document=world.files["restricted_a"])
    assert download(Client(), world.files["restricted_a"])[0].status_code == 200


def test_wrong_filename_is_404(world):
    doc = world.files["public"]
    assert Client().get(doc.url.replace(doc.filename, "khac.txt")).status_code == 404


def test_media_url_never_serves_files(world, settings):
    """Even in DEBUG nothing is served from MEDIA_URL: documents go through /documents/, images /anh/."""
    import portal.urls

    with override_settings(DEBUG=True):
        urls = importlib.reload(portal.urls)
        try:
            with pytest.raises(Resolver404):
                resolve("/media/images/anh.jpg", urlconf=urls)
            with pytest.raises(Resolver404):
                resolve(f"/media/documents/{world.files['restricted_a'].filename}", urlconf=urls)
            with pytest.raises(Resolver404):
                resolve("/media/original_images/anh.jpg", urlconf=urls)
        finally:
            pass
    importlib.reload(portal.urls)
    name = world.files["restricted_a"].file.name
    assert name.startswith("documents/")
    assert Client().get(settings.MEDIA_URL + name).status_code == 404
