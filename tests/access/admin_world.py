"""A small admin world for the admin privacy tests (tests/access/test_admin_matrix.py, test_admin_privacy.py).

* organizations: đảng bộ A and B, cell A1 under A and B1 under B;
* library items issued by A: public, internal, restricted to cell A1, restricted to đảng bộ A — each with
  a second revision; the one restricted to A is waiting in a moderation workflow;
* a document (file) and an image attached to / embedded in each restricted item, in A's collection;
* a meeting of cell A1 with minutes and a conclusion;
* a scoring template of đảng bộ A (the sheet A1's meetings are scored with).

Every object carries a made-up marker word (``marker(key, where)``) in its title, summary, body, file name or
image title. Roles: staff of A (owner), staff of B, secretary and member of A1, of B1, anonymous.
Objects get fixed, distinct ids (items 101–104, meeting 201, documents 301–302, images 401–402, template 501)
so one id names exactly one object whatever the URL is about.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from library.models import ItemAttachment, LibraryItem, Visibility
from organizations.file_scopes import collection_for
from organizations.models import OrganizationKind, Role
from organizations.roles import STAFF_GROUP, ensure_group
from tests.factories import LibraryItemFactory, MeetingFactory, MembershipFactory, OrganizationFactory
from topics.models import MeetingStatus
from topics.scoring.models import ScoringCriterion, ScoringTemplate
from topics.scoring.sheets import template_publish

ROLES = ["anonymous", "staff_a", "staff_b", "secretary_a1", "member_a1", "secretary_b1", "member_b1"]
LOGGED_IN = set(ROLES) - {"anonymous"}
OWNERS_OF_A1 = {"staff_a", "secretary_a1", "member_a1"}

# Who may see each object (the public site's rules), and who may manage it in the admin.
SEE = {
    "public": set(ROLES), "internal": LOGGED_IN,
    "cell": OWNERS_OF_A1, "dang_bo": OWNERS_OF_A1, "meeting": OWNERS_OF_A1, "template": OWNERS_OF_A1,
}
MANAGE = {
    "public": {"staff_a"}, "internal": {"staff_a"}, "cell": {"staff_a"}, "dang_bo": {"staff_a"},
    "meeting": {"staff_a", "secretary_a1"}, "template": {"staff_a"},
}


def marker(key: str, where: str) -> str:
    return f"MK{key.upper().replace('_', '')}{where.upper()}"


@dataclass
class AdminWorld:
    objects: dict  # key → {"item"/"meeting": obj, "files": [..]}
    users: dict
    ids: dict = field(default_factory=dict)  # object id → key of the object it belongs to

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _png(name: str) -> ImageFile:
    buf = io.BytesIO()
    PILImage.new("RGB", (32, 24), "blue").save(buf, "PNG")
    return ImageFile(buf, name=name)


@pytest.fixture
def admin_world(db) -> AdminWorld:
    root = OrganizationFactory(name="Đảng bộ Tỉnh Quản Trị", kind=OrganizationKind.COMMITTEE)
    dang_bo_a = OrganizationFactory(name="Đảng bộ Khối Quản Trị A", parent=root)
    dang_bo_b = OrganizationFactory(name="Đảng bộ Khối Quản Trị B", parent=root)
    cell_a1 = OrganizationFactory(name="Chi bộ Quản Trị A1", parent=dang_bo_a, kind=OrganizationKind.CELL)
    cell_b1 = OrganizationFactory(name="Chi bộ Quản Trị B1", parent=dang_bo_b, kind=OrganizationKind.CELL)
    users = {
        "staff_a": MembershipFactory(organization=dang_bo_a, role=Role.STAFF, user__username="qt_cb_a").user,
        "staff_b": MembershipFactory(organization=dang_bo_b, role=Role.STAFF, user__username="qt_cb_b").user,
        "secretary_a1": MembershipFactory(organization=cell_a1, role=Role.SECRETARY, user__username="qt_bt_a1").user,
        "member_a1": MembershipFactory(organization=cell_a1, role=Role.MEMBER, user__username="qt_dv_a1").user,
        "secretary_b1": MembershipFactory(organization=cell_b1, role=Role.SECRETARY, user__username="qt_bt_b1").user,
        "member_b1": MembershipFactory(organization=cell_b1, role=Role.MEMBER, user__username="qt_dv_b1").user,
    }
    specs = {
        "public": (101, Visibility.PUBLIC, []), "internal": (102, Visibility.INTERNAL, []),
        "cell": (103, Visibility.RESTRICTED, [cell_a1]), "dang_bo": (104, Visibility.RESTRICTED, [dang_bo_a]),
    }
    objects, ids = {}, {}
    Document, Image = get_document_model(), get_image_model()
    file_pk = {"cell": (301, 401), "dang_bo": (302, 402)}
    for key, (pk, visibility, allowed) in specs.items():
        item = LibraryItemFactory(
            pk=pk, kind="HD", symbol=f"{pk}-HD/QT", issuer=dang_bo_a, visibility=visibility, allowed=allowed,
            title=f"Hướng dẫn {marker(key, 'title')} về sinh hoạt", summary=f"Tóm tắt {marker(key, 'summary')}",
            body=f"<p>Toàn văn {marker(key, 'body')}.</p>")
        files = []
        if key in file_pk:
            doc_pk, img_pk = file_pk[key]
            doc = Document.objects.create(pk=doc_pk, title=f"Tệp {marker(key, 'doctitle')}",
                                          file=ContentFile(b"noi dung", name=f"{marker(key, 'file')}.txt"),
                                          collection=collection_for(dang_bo_a))
            image = Image.objects.create(pk=img_pk, title=f"Ảnh {marker(key, 'imagetitle')}",
                                         file=_png(f"{marker(key, 'imagefile')}.png"),
                                         collection=collection_for(dang_bo_a))
            ItemAttachment.objects.create(item=item, document=doc, caption="Tệp đính kèm")
            item.body += f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="Sơ đồ"/>'
            files = [doc, image]
            ids[doc.pk] = ids[image.pk] = key
        item.save()
        item.save_revision(user=users["staff_a"], log_action=True)
        item.title += " (sửa)"
        item.save_revision(user=users["staff_a"], log_action=True)
        ReferenceIndex.create_or_update_for_object(item)
        objects[key] = {"item": item, "files": files}
        ids[item.pk] = key
    meeting = MeetingFactory(
        pk=201, cell=cell_a1, title=f"Sinh hoạt chuyên đề {marker('meeting', 'title')}",
        scheduled_at=timezone.now() - timezone.timedelta(days=3), status=MeetingStatus.CONCLUDED,
        minutes=f"Diễn biến {marker('meeting', 'minutes')}", conclusion=f"Kết luận {marker('meeting', 'conclusion')}")
    objects["meeting"] = {"item": meeting, "files": []}
    ids[meeting.pk] = "meeting"
    template = ScoringTemplate.objects.create(pk=501, organization=dang_bo_a,
                                              name=f"Phiếu {marker('template', 'title')}")
    ScoringCriterion.objects.create(template=template, code="toan_bo", label="Toàn bộ", points=100)
    template_publish(template)
    objects["template"] = {"item": template, "files": []}
    ids[template.pk] = "template"
    # The moderation workflow of library items ("Cấp ủy duyệt", assigned by library migration 0006), with the
    # đảng bộ-restricted item waiting in it; its reviewers are the staff role group, each within their đảng bộ.
    ensure_group(STAFF_GROUP)
    workflow = objects["dang_bo"]["item"].get_workflow()
    workflow.start(objects["dang_bo"]["item"], users["staff_a"])
    return AdminWorld(objects=objects, users=users, ids=ids)


