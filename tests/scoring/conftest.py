"""Two đảng bộ that score their cells' meetings with different sheets, in one database (issue 19).

    Đảng bộ Khối Một (dang_bo)          staff_one      sheet "Phiếu Khối Một" for both kinds:
    │                                                  chuan_bi 15, du_hop 20, tien_hanh 45, ket_thuc 20;
    │                                                  Tốt ≥ 90, Khá ≥ 70, TB ≥ 50; attendance ≥ 80 %;
    │                                                  good year: every meeting ≥ Khá and ≥ 3 Tốt
    └── Chi bộ Một A                    secretary_a, member_a, member_a2, invited_a (no password yet)
    Đảng bộ Khối Hai (dang_bo)          staff_two      two sheets: thematic "Phiếu chuyên đề Khối Hai"
    │                                                  (noi_dung 60, thao_luan 40; Tốt ≥ 85, Khá ≥ 65, TB ≥ 45)
    │                                                  and regular "Phiếu thường kỳ Khối Hai"
    │                                                  (nen_nep 50, nghi_quyet 50; 90 / 70 / 50)
    ├── Chi bộ Hai B                    secretary_b, member_b
    └── Đảng bộ cơ sở Hai C (co_so)     its own sheet "Phiếu cơ sở Hai C" (muc_a 70, muc_b 30)
        └── Chi bộ Hai C1
    Chi bộ Tự do (a cell under no đảng bộ): the portal-wide default sheet
"""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from organizations.models import Organization, OrganizationKind, Role
from tests.factories import MembershipFactory, UserFactory
from topics.models import Meeting, MeetingStatus
from topics.scoring.models import ScoringCriterion, ScoringTemplate, YearRule
from topics.scoring.sheets import template_publish

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SCORING_URL = "/sinh-hoat/{pk}/cham-diem/"


def local(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def make_template(org, name, criteria, *, applies_to="all", thresholds=(90, 70, 50), year_rules=(), **settings):
    """A published template: ``criteria`` = [(code, label, points, check)], ``year_rules`` = [dict]."""
    tot, kha, tb = thresholds
    template = ScoringTemplate.objects.create(organization=org, name=name, applies_to=applies_to, tot_min=tot,
                                              kha_min=kha, trung_binh_min=tb, **settings)
    for i, (code, label, points, check) in enumerate(criteria):
        ScoringCriterion.objects.create(template=template, sort_order=i, code=code, label=label, points=points,
                                        auto_check=check)
    for i, rule in enumerate(year_rules):
        YearRule.objects.create(template=template, sort_order=i, **rule)
    template_publish(template)
    return template


def meeting(cell, when="2025-03-10 08:00", *, kind="chuyen_de", status=MeetingStatus.CONCLUDED, title=None, **extra):
    return Meeting.objects.create(cell=cell, kind=kind, status=status, scheduled_at=local(when),
                                  title=title or f"Sinh hoạt {cell.name} {when}", duration_minutes=120, **extra)


def user(username, org, role, **extra):
    u = UserFactory(username=username, first_name=username.replace("_", " ").title(), **extra)
    MembershipFactory(user=u, organization=org, role=role)
    return u


def logged_in(u) -> Client:
    c = Client()
    c.force_login(u)
    return c


@pytest.fixture
def two(db):
    one = Organization.objects.create(name="Đảng bộ Khối Một", kind=OrganizationKind.COMMITTEE)
    cell_a = Organization.objects.create(name="Chi bộ Một A", kind=OrganizationKind.CELL, parent=one)
    two_ = Organization.objects.create(name="Đảng bộ Khối Hai", kind=OrganizationKind.COMMITTEE)
    cell_b = Organization.objects.create(name="Chi bộ Hai B", kind=OrganizationKind.CELL, parent=two_)
    base_c = Organization.objects.create(name="Đảng bộ cơ sở Hai C", kind=OrganizationKind.BASE, parent=two_)
    cell_c1 = Organization.objects.create(name="Chi bộ Hai C1", kind=OrganizationKind.CELL, parent=base_c)
    free = Organization.objects.create(name="Chi bộ Tự do", kind=OrganizationKind.CELL)
    sheet_one = make_template(
        one, "Phiếu Khối Một", [("chuan_bi", "Chuẩn bị", 15, "materials"), ("du_hop", "Dự họp", 20, "attendance"),
                                ("tien_hanh", "Tiến hành", 45, ""), ("ket_thuc", "Kết thúc", 20, "minutes")],
        attendance_threshold=80,
        year_rules=[{"level": "tot", "all_at_least": "kha", "min_count": 3, "count_level": "tot"},
                    {"level": "kha", "all_at_least": "trung_binh", "min_count": 2, "count_level": "kha"},
                    {"level": "trung_binh", "all_at_least": "", "min_count": 1, "count_level": "trung_binh"}])
    sheet_two_cd = make_template(two_, "Phiếu chuyên đề Khối Hai",
                                 [("noi_dung", "Nội dung chuyên đề", 60, "duration"),
                                  ("thao_luan", "Thảo luận", 40, "")], applies_to="chuyen_de", thresholds=(85, 65, 45),
                                 year_rules=[{"level": "tot", "all_at_least": "kha", "min_count": 1,
                                              "count_level": "tot"}])
    sheet_two_tk = make_template(two_, "Phiếu thường kỳ Khối Hai",
                                 [("nen_nep", "Nền nếp", 50, "absences"), ("nghi_quyet", "Nghị quyết", 50, "")],
                                 applies_to="thuong_ky")
    sheet_c = make_template(base_c, "Phiếu cơ sở Hai C", [("muc_a", "Mục A", 70, ""), ("muc_b", "Mục B", 30, "")])
    w = SimpleNamespace(
        one=one, two=two_, base_c=base_c, cell_a=cell_a, cell_b=cell_b, cell_c1=cell_c1, free=free,
        sheet_one=sheet_one, sheet_two_cd=sheet_two_cd, sheet_two_tk=sheet_two_tk, sheet_c=sheet_c,
        staff_one=user("staff_one", one, Role.STAFF), staff_two=user("staff_two", two_, Role.STAFF),
        secretary_a=user("secretary_a", cell_a, Role.SECRETARY), member_a=user("member_a", cell_a, Role.MEMBER),
        member_a2=user("member_a2", cell_a, Role.MEMBER),
        secretary_b=user("secretary_b", cell_b, Role.SECRETARY), member_b=user("member_b", cell_b, Role.MEMBER),
        superuser=UserFactory(username="admin", is_superuser=True, is_staff=True),
    )
    w.invited_a = user("invited_a", cell_a, Role.MEMBER, password=None)
    w.invited_a.set_unusable_password()
    w.invited_a.save()
    return w
