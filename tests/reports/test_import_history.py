"""A history imported through ``import_library`` meeting lines gives the expected API figures.

This is how the checks outside the repository use the report, so it goes through the real command and
the real HTTP API, with only the contract's fields (cell, title, scheduled_at, status, score,
attendance, topic).
"""
import json

import pytest
from django.core.management import call_command

from organizations.models import Organization, Role
from tests.factories import MembershipFactory, UserFactory
from tests.reports.conftest import API

pytestmark = pytest.mark.django_db

LINES = [
    {"type": "organization", "name": "Đảng bộ Khối Nhập"},
    {"type": "organization", "name": "Chi bộ Nhập 1", "parent": "Đảng bộ Khối Nhập"},
    {"type": "organization", "name": "Chi bộ Nhập 2", "parent": "Đảng bộ Khối Nhập"},
    {"type": "organization", "name": "Chi bộ Nhập 3", "parent": "Đảng bộ Khối Nhập"},
    # Chi bộ Nhập 1: one meeting a quarter; 00:30 on 1 January local time is Q1 2026.
    {"type": "meeting", "cell": "Chi bộ Nhập 1", "title": "Học tập Chỉ thị 50", "scheduled_at": "2026-01-01T00:30:00",
     "status": "concluded", "score": 95, "attendance": {"present": 19, "total": 20}, "topic": "Xây dựng Đảng"},
    {"type": "meeting", "cell": "Chi bộ Nhập 1", "title": "Phòng chống tham nhũng", "scheduled_at": "2026-04-15T14:00:00",
     "status": "held", "score": 70, "attendance": {"present": 15, "total": 20}, "topic": "Phòng, chống tham nhũng"},
    {"type": "meeting", "cell": "Chi bộ Nhập 1", "title": "Tư tưởng Hồ Chí Minh", "scheduled_at": "2026-07-15T14:00:00",
     "status": "concluded", "score": 69, "attendance": {"present": 18, "total": 20}, "topic": "Học tập và làm theo Bác"},
    {"type": "meeting", "cell": "Chi bộ Nhập 1", "title": "Chuyển đổi số", "scheduled_at": "2026-10-15T14:00:00",
     "status": "concluded", "score": 49, "attendance": {"present": 16, "total": 20}},
    # Not 2026: 23:30 on 31 December 2025 local time.
    {"type": "meeting", "cell": "Chi bộ Nhập 1", "title": "Tổng kết năm", "scheduled_at": "2025-12-31T23:30:00",
     "status": "concluded", "score": 90},
    # Chi bộ Nhập 2: Q2 only, plus a cancelled and a planned meeting that do not count.
    {"type": "meeting", "cell": "Chi bộ Nhập 2", "title": "Nghị quyết Đại hội", "scheduled_at": "2026-05-20T08:00:00",
     "status": "concluded", "score": 50, "attendance": {"present": 9, "total": 12}, "topic": "Xây dựng Đảng"},
    {"type": "meeting", "cell": "Chi bộ Nhập 2", "title": "Buổi bị hủy", "scheduled_at": "2026-08-20T08:00:00",
     "status": "cancelled", "score": 100, "attendance": {"present": 12, "total": 12}},
    {"type": "meeting", "cell": "Chi bộ Nhập 2", "title": "Buổi dự kiến", "scheduled_at": "2026-11-20T08:00:00"},
    # Chi bộ Nhập 3: none.
]


@pytest.fixture
def imported(tmp_path):
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in LINES) + "\n", encoding="utf-8")
    call_command("import_library", str(path))
    call_command("import_library", str(path))  # re-importing changes nothing
    user = UserFactory(username="can_bo_nhap")
    MembershipFactory(user=user, organization=Organization.objects.get(name="Đảng bộ Khối Nhập"), role=Role.STAFF)
    return user


def test_imported_history_figures(imported, client):
    client.force_login(imported)
    data = client.get(API, {"org": "Đảng bộ Khối Nhập", "year": 2026}).json()
    assert data["total_meetings"] == 5
    assert data["average_per_cell"] == pytest.approx(5 / 3)
    assert data["ratings"] == {"tot": 1, "kha": 1, "trung_binh": 2, "kem": 1}
    cells = {c["cell"]: c for c in data["cells"]}
    one, two, three = cells["Chi bộ Nhập 1"], cells["Chi bộ Nhập 2"], cells["Chi bộ Nhập 3"]
    assert one["meetings"] == 4 and one["quarters_missing"] == []
    assert one["ratings"] == {"tot": 1, "kha": 1, "trung_binh": 1, "kem": 1}
    assert one["average_score"] == 70.8                     # (95 + 70 + 69 + 49) / 4 = 70.75
    assert one["attendance_rate"] == 0.85                   # 68 / 80
    assert one["on_time_materials"] == 1.0 and one["on_time_outcomes"] == 1.0
    assert one["topics"] == ["Học tập và làm theo Bác", "Phòng, chống tham nhũng", "Xây dựng Đảng"]
    assert two["meetings"] == 1 and two["quarters_missing"] == [1, 3, 4]
    assert two["ratings"] == {"tot": 0, "kha": 0, "trung_binh": 1, "kem": 0}
    assert two["average_score"] == 50.0 and two["attendance_rate"] == 0.75
    assert three["meetings"] == 0 and three["quarters_missing"] == [1, 2, 3, 4]
    assert three["average_score"] is None and three["attendance_rate"] is None
    assert data["attendance_rate"] == 0.837                 # 77 / 92
    assert data["average_score"] == 66.6                    # 333 / 5
    q1 = client.get(API, {"org": "Đảng bộ Khối Nhập", "year": 2026, "quarter": 1}).json()
    assert q1["total_meetings"] == 1
    assert client.get(API, {"org": "Đảng bộ Khối Nhập", "year": 2025}).json()["total_meetings"] == 1
