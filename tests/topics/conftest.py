"""A small organization tree with one user per role, shared by the meetings tests.

    Đảng bộ Khối (root)
    ├── Đảng bộ cơ sở Một  ── Chi bộ A, Chi bộ B
    └── Đảng bộ cơ sở Hai  ── Chi bộ C          (the "sibling đảng bộ")
"""
import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from organizations.models import OrganizationKind, Role
from tests.factories import MeetingFactory
from tests.world import local, logged_in, org, person, superuser

__all__ = ["local"]  # the meetings tests import it from here


@pytest.fixture
def world(db):
    root = org("Đảng bộ Khối Thử")
    base1 = org("Đảng bộ cơ sở Một", OrganizationKind.BASE, root)
    base2 = org("Đảng bộ cơ sở Hai", OrganizationKind.BASE, root)
    cell_a = org("Chi bộ A", OrganizationKind.CELL, base1)
    cell_b = org("Chi bộ B", OrganizationKind.CELL, base1)
    cell_c = org("Chi bộ C", OrganizationKind.CELL, base2)
    user = person

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
        superuser=superuser("admin"),
        anonymous=AnonymousUser(),
    )
    w.meeting_a = MeetingFactory(cell=cell_a, title="Học tập chuyên đề năm của chi bộ A",
                                 scheduled_at=timezone.now() + dt.timedelta(days=5), place="Hội trường A")
    w.public_b = MeetingFactory(cell=cell_b, title="Buổi sinh hoạt mẫu của chi bộ B", is_public=True,
                                scheduled_at=timezone.now() + dt.timedelta(days=6))
    return w


@pytest.fixture
def client_for():
    """client_for(user) → a test client logged in as ``user`` (anonymous: a plain client)."""
    return logged_in
