"""Images in library texts are served through the privacy check (/anh/…), never from a public media URL."""
import io
import re

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from organizations.file_scopes import collection_for

PNG_MAGIC = b"\x89PNG"


def make_image(title: str, collection=None):
    buf = io.BytesIO()
    PILImage.new("RGB", (640, 480), "red").save(buf, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buf, name="so-do.png"),
                                            collection=collection or collection_for(None))


def embed_in(item, image):
    item.body = (f'<p>Sơ đồ tổ chức:</p><embed embedtype="image" id="{image.pk}" format="fullwidth" '
                 f'alt="Sơ đồ"/>')
    item.save()
    ReferenceIndex.create_or_update_for_object(item)


def image_src(client, item) -> str:
    response = client.get(f"/thu-vien/{item.pk}/")
    assert response.status_code == 200
    found = re.search(r'<img[^>]+src="([^"]+)"', response.content.decode())
    assert found, "the item page shows the embedded image"
    return found.group(1)


def fetch(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return response, body


@pytest.fixture
def restricted_image(world):
    image = make_image("Sơ đồ kín GAMMAIMG")
    embed_in(world.items["restricted_a"], image)
    return image


def test_embedded_image_links_to_the_checked_view_not_media(world, restricted_image):
    src = image_src(world.client("member_a"), world.items["restricted_a"])
    assert src.startswith("/anh/images/") and "/media/" not in src


@pytest.mark.parametrize("role", ["member_a", "secretary_a", "staff_above_a", "superuser"])
def test_allowed_roles_see_the_image_of_a_restricted_item(world, restricted_image, role):
    src = image_src(world.client("member_a"), world.items["restricted_a"])
    response, body = fetch(world.client(role), src)
    assert response.status_code == 200
    assert body.startswith(PNG_MAGIC)
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["anonymous", "member_b", "staff_sibling"])
def test_other_roles_get_404_for_the_image_of_a_restricted_item(world, restricted_image, role):
    src = image_src(world.client("member_a"), world.items["restricted_a"])
    response, body = fetch(world.client(role), src)
    assert response.status_code == 404
    assert not body.startswith(PNG_MAGIC)


def test_image_of_an_internal_item_asks_anonymous_to_log_in(world):
    image = make_image("Ảnh nội bộ")
    embed_in(world.items["internal"], image)
    src = image_src(world.client("member_b"), world.items["internal"])
    response, _body = fetch(Client(), src)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    assert fetch(world.client("member_b"), src)[0].status_code == 200


def test_image_of_a_public_item_is_public(world):
    image = make_image("Ảnh công khai")
    embed_in(world.items["public"], image)
    src = image_src(Client(), world.items["public"])
    response, body = fetch(Client(), src)
    assert response.status_code == 200 and body.startswith(PNG_MAGIC)


def test_unused_image_only_for_staff_of_its_collection(world):
    image = make_image("Ảnh chưa dùng", collection=collection_for(world.dang_bo_x))
    url = image.get_rendition("max-165x165").url
    assert url.startswith("/anh/")
    assert fetch(world.client("staff_above_a"), url)[0].status_code == 200
    for role in ("anonymous", "member_a", "secretary_a", "staff_sibling"):
        assert fetch(world.client(role), url)[0].status_code == 404, role


def test_unknown_or_tampered_image_paths_are_404(world, restricted_image):
    src = image_src(world.client("member_a"), world.items["restricted_a"])
    client = world.client("superuser")
    assert fetch(client, src.replace(".png", ".jpg"))[0].status_code == 404
    assert fetch(client, "/anh/original_images/so-do.png")[0].status_code == 404
    assert fetch(client, "/anh/../documents/x.txt")[0].status_code == 404
    assert client.post(src).status_code == 405
