"""Files in the admin: staff of a đảng bộ list, choose and upload only in their subtree's collections."""
import pytest

from organizations.file_scopes import STAFF_ORG_GROUP_PREFIX, collection_for
from organizations.models import Membership, Role
from tests.access.conftest import make_document_file
from tests.access.test_images import make_image
from tests.factories import MembershipFactory, OrganizationFactory


def test_collections_mirror_the_organization_tree(world):
    cell = collection_for(world.cell_a)
    x = collection_for(world.dang_bo_x)
    province = collection_for(world.root)
    assert cell.get_parent().pk == x.pk and x.get_parent().pk == province.pk
    assert cell.name == "Chi bộ Ma Trận A"
    assert collection_for(world.cell_a).pk == cell.pk  # created once


def test_collection_follows_renames_and_moves(world):
    collection = collection_for(world.cell_a)
    world.cell_a.refresh_from_db()
    world.cell_a.name = "Chi bộ Ma Trận A mới"
    world.cell_a.parent = world.dang_bo_y
    world.cell_a.save()
    collection.refresh_from_db()
    assert collection.name == "Chi bộ Ma Trận A mới"
    assert collection.get_parent().pk == collection_for(world.dang_bo_y).pk


def test_staff_get_the_group_of_their_organization_and_lose_it_with_the_membership(world):
    user = world.users["staff_above_a"]
    names = list(user.groups.filter(name__startswith=STAFF_ORG_GROUP_PREFIX).values_list("name", flat=True))
    assert names == [f"{STAFF_ORG_GROUP_PREFIX}Đảng bộ Khối Ma Trận X (#{world.dang_bo_x.pk})"]
    Membership.objects.get(user=user, role=Role.STAFF).delete()
    assert not user.groups.filter(name__startswith=STAFF_ORG_GROUP_PREFIX).exists()


@pytest.fixture
def files_x_and_y(world):
    make_document_file("Tệp của X XDOCTITLE", b"x", "x.txt", collection=collection_for(world.cell_a))
    make_document_file("Tệp của Y YDOCTITLE", b"y", "y.txt", collection=collection_for(world.dang_bo_y))
    make_image("Ảnh của X XIMGTITLE", collection=collection_for(world.dang_bo_x))
    make_image("Ảnh của Y YIMGTITLE", collection=collection_for(world.dang_bo_y))


@pytest.mark.parametrize("url", ["/admin/documents/", "/admin/documents/chooser/", "/admin/images/",
                                 "/admin/images/chooser/"])
@pytest.mark.parametrize("role, sees, never", [
    ("staff_above_a", "X", "Y"),
    ("staff_sibling", "Y", "X"),
])
def test_admin_file_listings_stay_in_the_staff_subtree(world, files_x_and_y, url, role, sees, never):
    kind = "IMG" if "images" in url else "DOC"
    response = world.client(role).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{sees}{kind}TITLE" in html
    assert f"{never}{kind}TITLE" not in html


def test_staff_of_the_province_see_every_subtree(world, files_x_and_y):
    user = MembershipFactory(organization=world.root, role=Role.STAFF, user__username="cb_tinh").user
    from django.test import Client

    client = Client()
    client.force_login(user)
    html = client.get("/admin/documents/").content.decode()
    assert "XDOCTITLE" in html and "YDOCTITLE" in html


def test_secretaries_and_members_have_no_file_admin(world, files_x_and_y):
    assert world.client("secretary_a").get("/admin/documents/").status_code in (302, 403)
    assert world.client("member_a").get("/admin/documents/").status_code in (302, 403)


def test_staff_uploads_land_in_their_own_collection(world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    client = world.client("staff_sibling")
    assert "Đảng bộ Khối Ma Trận X" not in client.get("/admin/documents/add/").content.decode()
    response = client.post("/admin/documents/add/", {
        "title": "Tệp tải lên của Y", "file": SimpleUploadedFile("tai-len.txt", b"noi dung")})
    assert response.status_code == 302
    doc = get_document_model().objects.get(title="Tệp tải lên của Y")
    assert doc.collection_id == collection_for(world.dang_bo_y).pk
    # …and staff of X never see it.
    assert "Tệp tải lên của Y" not in world.client("staff_above_a").get("/admin/documents/").content.decode()


def test_uploaded_image_thumbnail_is_served_to_its_staff_only(world):
    import io
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (300, 200), "blue").save(buf, "PNG")
    client = world.client("staff_above_a")
    response = client.post("/admin/images/add/", {
        "title": "Ảnh hội nghị X", "file": SimpleUploadedFile("hoi-nghi.png", buf.getvalue(), "image/png")})
    assert response.status_code == 302
    html = client.get("/admin/images/").content.decode()
    thumb = re.search(r'src="(/anh/images/hoi-nghi[^"]+)"', html).group(1)
    assert client.get(thumb).status_code == 200
    assert world.client("staff_sibling").get(thumb).status_code == 404
    assert world.client("member_a").get(thumb).status_code == 404


def test_files_uploaded_before_collections_move_to_their_issuer(world):
    """After an upgrade (post_migrate), an attached file left in the root collection joins its item's
    issuer's collection; an unattached one stays for superusers."""
    from library.models import ItemAttachment
    from library.attachments import adopt_root_files

    item = world.items["public"]
    item.issuer = world.dang_bo_x
    item.save()
    doc = make_document_file("Tệp cũ XOLDDOC", b"cu", "cu.txt")
    loose = make_document_file("Tệp lẻ", b"le", "le.txt")
    ItemAttachment.objects.create(item=item, document=doc)
    assert adopt_root_files() >= 1
    doc.refresh_from_db()
    loose.refresh_from_db()
    assert doc.collection_id == collection_for(world.dang_bo_x).pk
    assert loose.collection_id == collection_for(None).pk
    assert adopt_root_files() == 0  # idempotent
    assert "XOLDDOC" in world.client("staff_above_a").get("/admin/documents/").content.decode()
