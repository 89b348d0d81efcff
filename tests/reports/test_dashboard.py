"""The /bao-cao/ page: totals, heatmap, charts, drill-down, exports links, phone and print; query counts."""
import datetime as dt
import re

import pytest

from organizations.models import Organization, OrganizationKind, Role
from tests.factories import MembershipFactory, UserFactory
from tests.reports.conftest import API, local, meet, task
from topics.reports.svg import MANY, MISSING, ONE, PENDING

pytestmark = pytest.mark.django_db
ROOT = "Đảng bộ Khối Thử"


def heatmap_rows(svg: str) -> dict:
    """{cell name: [(count shown, fill colour) per quarter]} read back from the heatmap SVG."""
    rows = {}
    for part in svg.split("<title>")[2:]:
        name, rest = part.split("</title>", 1)
        rows[name] = re.findall(r'fill="(#[0-9a-f]+)"/><text [^>]*>([^<]+)</text>', rest)
        rows[name] = [(n, fill) for fill, n in rows[name]]
    return rows


def page(client, **params):
    response = client.get("/bao-cao/", {"year": 2025, **params})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_totals_heatmap_and_charts(history, as_user):
    html = page(as_user(history["users"]["staff_root"]), org=ROOT)
    assert "Đảng bộ Khối Thử — năm 2025" in html
    assert "<dt>Số buổi sinh hoạt chuyên đề</dt><dd>7</dd>" in html
    assert "<dt>Bình quân mỗi chi bộ</dt><dd>2,33</dd>" in html
    assert "1/3 <small>(33,3 %)</small>" in html
    assert "<dd>69,5</dd>" in html and "<dd>81,1 %</dd>" in html
    # Heatmap: an inline SVG, one square per cell and quarter, each with its count as text.
    svg = re.search(r'<svg[^>]*class="chart heatmap".*?</svg>', html, re.S).group(0)
    assert svg.count("<rect") == 12
    assert heatmap_rows(svg) == {
        "Chi bộ Trực thuộc 3": [("0", MISSING)] * 4,
        "Chi bộ Văn phòng 1": [("1", ONE), ("1", ONE), ("1", ONE), ("2", MANY)],
        "Chi bộ Văn phòng 2": [("1", ONE), ("0", MISSING), ("1", ONE), ("0", MISSING)],
    }
    # Charts: ratings (with the unscored bar) and top topics, server-rendered.
    assert 'aria-label="Xếp loại chất lượng các buổi sinh hoạt"' in html
    assert "Chưa chấm điểm" in html
    assert 'aria-label="Chủ đề được sinh hoạt nhiều nhất"' in html and "Xây dựng Đảng" in html
    # Per-cell table with the missing quarters flagged.
    assert '<td class="missing">2, 4</td>' in html
    # No CDN, no script of its own: everything is served by the portal.
    assert not re.search(r'(src|href)="https?://', html)
    assert "<script" not in html.split("</main>")[0].split('<main')[1]


def test_phone_and_print_friendly(history, as_user):
    html = page(as_user(history["users"]["staff_root"]), org=ROOT)
    assert 'name="viewport"' in html
    assert html.count('class="table-scroll"') >= 2 and 'class="heatmap-box"' in html
    assert "@media print" in html


def test_export_links_carry_the_same_filters(history, as_user):
    html = page(as_user(history["users"]["staff_root"]), org=ROOT, quarter=3)
    for fmt in ("csv", "xlsx"):
        assert re.search(rf'href="{API}\?org=[^"]*&amp;year=2025&amp;quarter=3&amp;format={fmt}"', html)
    assert "/bao-cao/bao-cao-nam.docx?org=" in html
    assert "Đảng bộ Khối Thử — quý 3/2025" in html


def test_drill_down_from_dang_bo_to_cell_to_meeting(history, as_user):
    client = as_user(history["users"]["staff_root"])
    html = page(client, org=ROOT)
    assert 'href="/bao-cao/?org=%C4%90%E1%BA%A3ng+b%E1%BB%99+S%E1%BB%9F+Th%E1%BB%AD&amp;year=2025"' in html
    assert 'href="/bao-cao/?org=Chi+b%E1%BB%99+V%C4%83n+ph%C3%B2ng+1&amp;year=2025"' in html
    cell_html = page(client, org="Chi bộ Văn phòng 1")
    meeting = history["vp1"].meetings.get(scheduled_at=local("2025-04-10 19:00"))
    assert f'href="/sinh-hoat/{meeting.pk}/"' in cell_html
    assert "10/04/2025 19:00" in cell_html
    # Cancelled meetings are listed but marked as not counted.
    assert "Đã hủy <small>(không tính)</small>" in cell_html
    # Breadcrumbs lead back up.
    assert '<a href="/bao-cao/?org=%C4%90%E1%BA%A3ng+b%E1%BB%99+Kh%E1%BB%91i+Th%E1%BB%AD&amp;year=2025">' in cell_html


def test_secretary_sees_only_their_cell_row(history, as_user):
    client = as_user(history["users"]["secretary2"])
    html = page(client)                      # default organization: their own cell
    assert "Chi bộ Văn phòng 2" in html and "Chi bộ Văn phòng 1" not in html
    html = page(client, org=ROOT)
    assert "Chi bộ Văn phòng 2" in html and "Chi bộ Văn phòng 1" not in html
    assert "Chi bộ Trực thuộc 3" not in html
    assert "báo cáo chỉ gồm chi bộ của bạn" in html


def test_staff_picks_among_their_organizations(history, as_user):
    user = history["users"]["staff_root"]
    MembershipFactory(user=user, organization=history["other"], role=Role.STAFF)
    html = page(as_user(user))
    options = re.findall(r'<option value="([^"]+)"[^>]*>', html.split('name="org"')[1].split("</select>")[0])
    assert options == ["Đảng bộ Khác", "Đảng bộ Khối Thử"]


# -- query counts: constant whatever the number of cells -----------------------------------------

def build(n_cells: int):
    root = Organization.objects.create(name=f"Đảng bộ Đo {n_cells}", kind=OrganizationKind.COMMITTEE)
    base = Organization.objects.create(name=f"Đảng bộ cơ sở Đo {n_cells}", kind=OrganizationKind.BASE, parent=root)
    for i in range(n_cells):
        cell = Organization.objects.create(name=f"Chi bộ Đo {n_cells}-{i}", kind=OrganizationKind.CELL,
                                           parent=base if i % 2 else root)
        for j, when in enumerate(("2025-02-01 08:00", "2025-05-01 08:00", "2025-08-01 08:00")):
            m = meet(cell, when, score=60 + i % 40, att=(8, 10), topic=f"Chủ đề {j}",
                     announced="2025-01-01 08:00", outcome_after=dt.timedelta(days=i % 4))
            task(m, due=dt.date(2025, 9, 1))
        meet(cell, "2025-11-01 08:00", status="cancelled")
    user = UserFactory(username=f"staff{n_cells}")
    MembershipFactory(user=user, organization=root, role=Role.STAFF)
    return root, user


@pytest.mark.parametrize("n_cells", [3, 30])
def test_api_query_count_is_constant(client, django_assert_max_num_queries, n_cells):
    root, user = build(n_cells)
    client.force_login(user)
    # 8 before issue 19; +1 the sheets that apply (year levels), +3 the adoption figures staff see.
    with django_assert_max_num_queries(12):
        data = client.get(API, {"org": root.name, "year": 2025}).json()
    assert len(data["cells"]) == n_cells and data["total_meetings"] == 3 * n_cells
    for fmt in ("csv", "xlsx"):
        with django_assert_max_num_queries(12):
            assert client.get(API, {"org": root.name, "year": 2025, "format": fmt}).status_code == 200


@pytest.mark.parametrize("n_cells", [3, 30])
def test_dashboard_query_count_is_constant(client, django_assert_max_num_queries, n_cells):
    root, user = build(n_cells)
    client.force_login(user)
    with django_assert_max_num_queries(16):  # 12 before issue 19: year levels and adoption, as for the API
        html = page(client, org=root.name)
    assert html.count("<rect") >= 4 * n_cells
    with django_assert_max_num_queries(17):
        page(client, org=f"Chi bộ Đo {n_cells}-1")


def test_quarters_not_over_yet_are_grey_not_red(history, as_user):
    """This year's unfinished quarters are grey on the heatmap, though the JSON still lists them as missing."""
    from django.utils import timezone

    today = timezone.localdate()
    current_q = (today.month - 1) // 3 + 1
    meet(history["tt3"], f"{today.year}-01-01 08:00", score=95)
    client = as_user(history["users"]["staff_root"])
    svg = re.search(r'<svg[^>]*class="chart heatmap".*?</svg>', page(client, org=ROOT, year=today.year), re.S).group(0)
    row = heatmap_rows(svg)["Chi bộ Trực thuộc 3"]
    assert row[0] == ("1", ONE)
    assert all(fill == MISSING for _n, fill in row[1:current_q - 1])      # finished quarters without meeting
    assert all(cell == ("–", PENDING) for cell in row[max(1, current_q - 1):])  # current and later quarters
    data = client.get(API, {"org": ROOT, "year": today.year}).json()
    cell = next(c for c in data["cells"] if c["cell"] == "Chi bộ Trực thuộc 3")
    assert cell["quarters_missing"] == [2, 3, 4]
