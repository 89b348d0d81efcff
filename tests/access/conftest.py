"""A small world for the privacy tests: two đảng bộ, three cells, one user per role, three documents
(public, internal, restricted to cell A) with attachments, a private meeting of cell A with minutes and a
conclusion, and a public meeting of cell A whose materials are the three documents.

Every title and text carries a made-up word (ALPHAPUB, BETAINT, …) so a test can tell, from any
response, whether a piece of private data reached a user.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from library.models import ItemAttachment, Visibility
from organizations.models import OrganizationKind, Role
from tests.factories import (LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, OrganizationFactory,
                             RelationFactory, TopicFactory)
from tests.world import logged_in, person, superuser
from topics.models import MeetingStatus

ROLES = ["anonymous", "member_a", "member_b", "secretary_a", "staff_above_a", "staff_sibling", "superuser"]

# Who may see what (organizations/access.py). The matrix tests compare every surface with this table.
VISIBLE = {
    "public": set(ROLES),
    "internal": set(ROLES) - {"anonymous"},
    "restricted_a": {"member_a", "secretary_a", "staff_above_a", "superuser"},
    "meeting_a": {"member_a", "secretary_a", "staff_above_a", "superuser"},
    "minutes_a": {"member_a", "secretary_a", "staff_above_a", "superuser"},
}

TOKENS = {
    "public": "ALPHAPUB",
    "internal": "BETAINT",
    "restricted_a": "GAMMARES",
    "meeting_a": "DELTAMEET",
    "minutes_a": "EPSILONMIN",   # in the minutes
    "conclusion_a": "ZETACONCL",  # in the chair's conclusion (outcome text)
}


def make_document_file(title: str, content: bytes, name: str, collection=None):
    from wagtail.documents import get_document_model

    from organizations.file_scopes import collection_for

    Document = get_document_model()
    return Document.objects.create(title=title, file=ContentFile(content, name=name),
                                   collection=collection or collection_for(None))


def attach(item, title: str, content: bytes, name: str):
    doc = make_document_file(title, content, name)
    ItemAttachment.objects.create(item=item, document=doc, caption=title)
    return doc


@dataclass
class World:
    root: object
    dang_bo_x: object
    dang_bo_y: object
    cell_a: object
    cell_b: object
    cell_c: object
    topic: object
    items: dict
    files: dict
    meeting: object
    public_meeting: object
    users: dict = field(default_factory=dict)

    def client(self, role: str) -> Client:
        return logged_in(self.users.get(role))


@pytest.fixture
def world(db) -> World:
    root = OrganizationFactory(name="Đảng bộ Tỉnh Ma Trận", kind=OrganizationKind.COMMITTEE)
    x = OrganizationFactory(name="Đảng bộ Khối Ma Trận X", parent=root)
    y = OrganizationFactory(name="Đảng bộ Khối Ma Trận Y", parent=root)
    a = OrganizationFactory(name="Chi bộ Ma Trận A", parent=x, kind=OrganizationKind.CELL)
    b = OrganizationFactory(name="Chi bộ Ma Trận B", parent=x, kind=OrganizationKind.CELL)
    c = OrganizationFactory(name="Chi bộ Ma Trận C", parent=y, kind=OrganizationKind.CELL)
    secret_issuer = OrganizationFactory(name="Ban Tuyên giáo GAMMAISSUER", kind=OrganizationKind.BODY)
    topic = TopicFactory(name="Chủ đề ma trận quyền xem")

    public = LibraryItemFactory(
        kind="CT", symbol="71-CT/MT", title=f"Chỉ thị công khai {TOKENS['public']} về học tập",
        summary=f"Tóm tắt {TOKENS['public']} matranchung", visibility=Visibility.PUBLIC, topics=[topic])
    internal = LibraryItemFactory(
        kind="HD", symbol="72-HD/MT", title=f"Hướng dẫn nội bộ {TOKENS['internal']} về sinh hoạt",
        summary=f"Tóm tắt {TOKENS['internal']} matranchung", visibility=Visibility.INTERNAL, topics=[topic])
    restricted = LibraryItemFactory(
        kind="NQ", symbol="73-NQ/MT", title=f"Nghị quyết hạn chế {TOKENS['restricted_a']} của chi bộ",
        summary=f"Tóm tắt {TOKENS['restricted_a']} matranchung", visibility=Visibility.RESTRICTED,
        issuer=secret_issuer, allowed=[a], topics=[topic])
    items = {"public": public, "internal": internal, "restricted_a": restricted}
    files = {
        key: attach(item, f"Tệp {TOKENS[key]}", f"noi dung tep {TOKENS[key]}".encode(), f"tep-{key}.txt")
        for key, item in items.items()
    }
    # The public document's relations panel names both private documents (one each way).
    RelationFactory(source=public, target=internal, relation_type="cites")
    RelationFactory(source=restricted, target=public, relation_type="implements")

    meeting = MeetingFactory(
        cell=a, title=f"Sinh hoạt chuyên đề {TOKENS['meeting_a']} quý II", topic=topic,
        scheduled_at=timezone.now() - dt.timedelta(days=10), status=MeetingStatus.CONCLUDED,
        minutes=f"Diễn biến: các đồng chí phát biểu {TOKENS['minutes_a']}.",
        conclusion=f"Chi bộ thống nhất {TOKENS['conclusion_a']}.", score=92,
        attendance_present=9, attendance_total=10, speakers=5, opinions=7)
    public_meeting = MeetingFactory(
        cell=a, title="Buổi sinh hoạt mẫu công khai", is_public=True, status=MeetingStatus.ANNOUNCED,
        scheduled_at=timezone.now() + dt.timedelta(days=3))
    for i, item in enumerate([public, internal, restricted]):
        MeetingMaterialFactory(meeting=public_meeting, item=item, sort_order=i)
        MeetingMaterialFactory(meeting=meeting, item=item, sort_order=i)

    users = {
        "member_a": person("dv_a", a, Role.MEMBER),
        "member_b": person("dv_b", b, Role.MEMBER),
        "secretary_a": person("bt_a", a, Role.SECRETARY),
        "staff_above_a": person("cb_x", x, Role.STAFF),
        "staff_sibling": person("cb_y", y, Role.STAFF),
        "superuser": superuser("quantri"),
    }
    return World(root, x, y, a, b, c, topic, items, files, meeting, public_meeting, users)
