"""A small organization tree with one user per role, shared by the meetings tests.

    Đảng bộ Khối (root)
    ├── Đảng bộ cơ sở Một  ── Chi bộ A, Chi bộ B
    └── Đảng bộ cơ sở Hai  ── Chi bộ C          (the "sibling đảng bộ")
"""
import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from organizations.models import OrganizationKind, Role
from tests.factories import CellFactory, MeetingFactory, MembershipFactory, OrganizationFactory, UserFactory

HN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args):
    return dt.datetime(*args, tzinfo=HN)


@pytest.fixture
def world(db):
    root = OrganizationFactory(name="Đảng bộ Khối Thử")
    base1 = OrganizationFactory(name="Đảng bộ cơ sở Một", parent=root, kind=OrganizationKind.BASE)
    base2 = OrganizationFactory(name="Đảng bộ cơ sở Hai", parent=root, kind=OrganizationKind.BASE)
    cell_a = CellFactory(name="Chi bộ A", parent=base1)
    cell_b = CellFactory(name="Chi bộ B", parent=base1)
    cell_c = CellFactory(name="Chi bộ C", parent=base2)

    def user(username, org, role):
        u = UserFactory(username=username, first_name=username.title())
        MembershipFactory(user=u, organization=org, role=role)
        return u

    w = SimpleNamespace(
        root=root, base1=base1, base2=base2, cell_a=cell_a, cell_b=cell_b, cell_c=cell_c,
        member_a=user("member_a", cell_a, Role.MEMBER),
        member_a2=user("member_a2", cell_a, Role.MEMBER),
        secretary_a=user("secretary_a", cell_a, Role.SECRETARY),
        member_b=user("member_b", cell_b, Role.MEMBER),
        secretary_b=user("secretary_b", cell_b, Role.SECRETARY),
        staff_base1=user("staff_base1", base1, Role.STAFF),
        staff_base2=user("staff_base2", base2, Role.STAFF),
        staff_root=user("staff_root", root, Role.STAFF),
        superuser=UserFactory(username="admin", is_superuser=True, is_staff=True),
        anonymous=AnonymousUser(),
    )
    w.meeting_a = MeetingFactory(cell=cell_a, title="Học tập chuyên đề năm của chi bộ A",
                                 scheduled_at=timezone.now() + dt.timedelta(days=5), place="Hội trường A")
    w.public_b = MeetingFactory(cell=cell_b, title="Buổi sinh hoạt mẫu của chi bộ B", is_public=True,
                                scheduled_at=timezone.now() + dt.timedelta(days=6))
    return w


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as ``user`` (anonymous: the plain client)."""
    from django.test import Client

    def make(user):
        if user is None or not getattr(user, "is_authenticated", False):
            return client
        c = Client()
        c.force_login(user)
        return c

    return make
