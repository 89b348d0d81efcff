"""Every figure of the JSON report against the hand-worked history of conftest.py."""
import datetime as dt

import pytest

from tests.reports.conftest import API, TZ
from topics.reports.selectors import quarter_bounds

pytestmark = pytest.mark.django_db


def report(client, **params):
    response = client.get(API, {"year": 2025, **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def by_cell(data):
    return {c["cell"]: c for c in data["cells"]}


def test_year_totals(history, as_user):
    data = report(as_user(history["users"]["staff_root"]), org="Đảng bộ Khối Thử")
    assert data["org"] == "Đảng bộ Khối Thử"
    assert data["year"] == 2025
    assert data["quarter"] is None
    assert data["cells_count"] == 3
    assert data["total_meetings"] == 7
    assert data["average_per_cell"] == pytest.approx(7 / 3)
    assert data["compliant_cells"] == 1
    assert data["compliant_share"] == 0.333
    assert data["ratings"] == {"tot": 1, "kha": 2, "trung_binh": 2, "kem": 1}
    assert data["unscored"] == 1
    assert data["average_score"] == 69.5
    assert data["attendance_rate"] == 0.811
    assert data["on_time_materials"] == 0.857
    assert data["on_time_outcomes"] == 0.714
    assert (data["open_tasks"], data["overdue_tasks"]) == (2, 1)
    assert data["top_topics"][0] == {"topic": "Học tập và làm theo Bác", "meetings": 2}


def test_cell_with_every_quarter(history, as_user):
    vp1 = by_cell(report(as_user(history["users"]["staff_root"]), org="Đảng bộ Khối Thử"))["Chi bộ Văn phòng 1"]
    # The cancelled (score 95), planned, 31/12/2024 23:30 and 01/01/2026 00:30 meetings are not counted.
    assert vp1["meetings"] == 5
    assert vp1["quarters"] == {"1": 1, "2": 1, "3": 1, "4": 2}
    assert vp1["quarters_missing"] == []
    assert vp1["compliant"] is True
    # Boundaries: 90 → tốt; 89 and 70 → khá; 69 and 50 → trung bình.
    assert vp1["ratings"] == {"tot": 1, "kha": 2, "trung_binh": 2, "kem": 0}
    assert vp1["average_score"] == 73.6
    assert vp1["attendance_rate"] == 0.8          # 64 / 80; the meeting without attendance is left out
    assert vp1["on_time_materials"] == 0.8        # announced 1 hour before: late; exactly 1 day: on time
    assert vp1["on_time_outcomes"] == 0.6         # 1 minute past end + 2 days and 3 days after: late
    assert (vp1["late_materials"], vp1["late_outcomes"]) == (1, 2)
    assert vp1["topics"] == ["Học tập và làm theo Bác", "Phòng, chống tham nhũng", "Xây dựng Đảng"]
    assert "Chủ đề bị hủy" not in vp1["topics"] and "Chủ đề dự kiến" not in vp1["topics"]
    assert (vp1["open_tasks"], vp1["overdue_tasks"]) == (2, 1)


def test_cell_with_missing_quarters_and_cell_without_meetings(history, as_user):
    cells = by_cell(report(as_user(history["users"]["staff_root"]), org="Đảng bộ Khối Thử"))
    vp2 = cells["Chi bộ Văn phòng 2"]
    assert vp2["meetings"] == 2                   # the cancelled and the postponed meetings do not count
    assert vp2["quarters_missing"] == [2, 4]
    assert vp2["ratings"] == {"tot": 0, "kha": 0, "trung_binh": 0, "kem": 1}   # 49 → kém
    assert vp2["unscored"] == 1
    assert vp2["average_score"] == 49.0
    assert vp2["attendance_rate"] == 0.9
    assert vp2["on_time_materials"] == 1.0 and vp2["on_time_outcomes"] == 1.0
    assert vp2["topics"] == ["Xây dựng Đảng"]
    tt3 = cells["Chi bộ Trực thuộc 3"]
    assert tt3["meetings"] == 0
    assert tt3["quarters_missing"] == [1, 2, 3, 4]
    assert tt3["ratings"] == {"tot": 0, "kha": 0, "trung_binh": 0, "kem": 0}
    assert tt3["average_score"] is None and tt3["attendance_rate"] is None
    assert tt3["on_time_materials"] is None and tt3["on_time_outcomes"] is None
    assert tt3["topics"] == [] and tt3["open_tasks"] == 0
    assert "Chi bộ Khác 1" not in cells        # another đảng bộ's cell never appears


def test_quarter_filter(history, as_user):
    client = as_user(history["users"]["staff_root"])
    q4 = report(client, org="Đảng bộ Khối Thử", quarter=4)
    assert q4["quarter"] == 4 and q4["total_meetings"] == 2
    cells = by_cell(q4)
    assert cells["Chi bộ Văn phòng 1"]["meetings"] == 2
    assert cells["Chi bộ Văn phòng 1"]["quarters_missing"] == []
    assert cells["Chi bộ Văn phòng 1"]["ratings"] == {"tot": 0, "kha": 0, "trung_binh": 2, "kem": 0}
    assert cells["Chi bộ Văn phòng 1"]["on_time_outcomes"] == 0.5
    assert cells["Chi bộ Văn phòng 2"]["quarters_missing"] == [4]     # postponed meeting does not count
    assert cells["Chi bộ Trực thuộc 3"]["quarters_missing"] == [4]
    assert q4["compliant_cells"] == 1
    q2 = by_cell(report(client, org="Đảng bộ Khối Thử", quarter=2))
    assert q2["Chi bộ Văn phòng 2"]["meetings"] == 0                 # only a cancelled one in Q2
    assert q2["Chi bộ Văn phòng 1"]["average_score"] == 89.0
    q1 = by_cell(report(client, org="Đảng bộ Khối Thử", quarter=1))
    assert q1["Chi bộ Văn phòng 1"]["meetings"] == 1                 # 01/01 00:30 local is Q1 2025


def test_report_of_a_lower_organization_and_of_one_cell(history, as_user):
    client = as_user(history["users"]["staff_root"])
    sub = report(client, org="Đảng bộ Sở Thử")
    assert [c["cell"] for c in sub["cells"]] == ["Chi bộ Văn phòng 1", "Chi bộ Văn phòng 2"]
    assert sub["total_meetings"] == 7 and sub["average_per_cell"] == 3.5
    one = report(client, org="Chi bộ Văn phòng 2")
    assert [c["cell"] for c in one["cells"]] == ["Chi bộ Văn phòng 2"]
    assert one["average_per_cell"] == 2


def test_organization_without_cells_has_zero_average(history, as_user):
    from organizations.models import Organization, OrganizationKind

    Organization.objects.create(name="Đảng bộ Trống", kind=OrganizationKind.COMMITTEE)
    data = report(as_user(history["users"]["superuser"]), org="Đảng bộ Trống")
    assert data["cells"] == [] and data["total_meetings"] == 0 and data["average_per_cell"] == 0


def test_quarter_bounds_are_local_midnights():
    start, end = quarter_bounds(2026, 1)
    assert start == dt.datetime(2026, 1, 1, tzinfo=TZ)
    assert start.astimezone(dt.timezone.utc) == dt.datetime(2025, 12, 31, 17, 0, tzinfo=dt.timezone.utc)
    assert end == dt.datetime(2026, 4, 1, tzinfo=TZ)
    assert quarter_bounds(2026, 4)[1] == dt.datetime(2027, 1, 1, tzinfo=TZ)
