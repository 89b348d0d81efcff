"""Year levels, meeting kinds and adoption figures in the committee report, against figures worked out by hand.

Year 2025, sheets of tests/scoring/conftest.py:

* Chi bộ Một A (Khối Một: Tốt ≥ 90, Khá ≥ 70, TB ≥ 50; good year = every meeting ≥ Khá and ≥ 3 Tốt; fair =
  every meeting ≥ TB and ≥ 2 Khá or better; average = ≥ 1 TB or better):
  thematic 95, 92, 90, 75 → Tốt 3, Khá 1 → a good year; regular 60 (TB) → an average year on its own;
  both kinds → the lower: trung_binh.
* Chi bộ Hai B (Khối Hai's thematic sheet: Tốt ≥ 85, Khá ≥ 65; good year = every meeting ≥ Khá and ≥ 1 Tốt;
  no other rule): thematic 86 (Tốt there, Khá under 42-HD) and 70 (Khá) → tot; regular 75 on the regular sheet
  (90/70/50, no year rule) → kha, year level unknown.
* Chi bộ Hai C1 (its cơ sở's sheet, no year rule): thematic 88 → Khá; no year level.
* Chi bộ Hai D (Khối Hai's sheet): thematic 90 (Tốt) and one held but unscored → "every meeting ≥ Khá" fails
  → kem.

Adoption of Chi bộ Một A (thematic, 2025): members with an activated account: secretary_a, member_a,
member_a2 = 3 (invited_a has no password yet); signed in during 2025: secretary_a (a sign-in on 01/02/2025)
and member_a (last login 01/06/2025) = 2 (member_a2 signed in on 31/12/2024 and 01/01/2026 only); roster =
the largest attendance total recorded = 6; required materials of the counted meetings: X and Y at the
March meeting, X again in June = 3 slots × 3 accounts = 9 pairs; read before the meeting: March X by
secretary_a and member_a2 (member_a read it an hour after the start), March Y by member_a (staff_one's read
does not count: not a member), June X by all three = 6 → 6/9 = 0.667.
"""
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from organizations.models import Organization, OrganizationKind, Role, SignIn
from study.models import ReadMark
from tests.factories import LibraryItemFactory, UserFactory
from tests.scoring.conftest import local, logged_in, meeting, user
from topics.models import MeetingMaterial
from topics.scoring.rollup import year_level
from topics.scoring.sheets import effective_version

pytestmark = pytest.mark.django_db
API = "/api/reports/thematic-meetings/"


def scored(cell, when, score, kind="chuyen_de", **extra):
    m = meeting(cell, when, kind=kind, **extra)
    m.score, m.scoring_version = score, effective_version(cell, kind)
    m.save()
    return m


@pytest.fixture
def year(two):
    a, b, c1 = two.cell_a, two.cell_b, two.cell_c1
    d = Organization.objects.create(name="Chi bộ Hai D", kind=OrganizationKind.CELL, parent=two.two)
    march = scored(a, "2025-03-10 08:00", 95, attendance_present=5, attendance_total=5)
    june = scored(a, "2025-06-10 08:00", 92, attendance_total=6, attendance_present=6)
    scored(a, "2025-09-10 08:00", 90)
    scored(a, "2025-11-10 08:00", 75)
    regular = scored(a, "2025-04-10 08:00", 60, kind="thuong_ky")
    scored(a, "2024-12-10 08:00", 40)  # another year
    scored(b, "2025-02-10 08:00", 86)
    scored(b, "2025-08-10 08:00", 70)
    scored(b, "2025-05-10 08:00", 75, kind="thuong_ky")
    scored(c1, "2025-04-10 08:00", 88)
    scored(d, "2025-03-10 08:00", 90)
    meeting(d, "2025-10-10 08:00", status="held")
    meeting(a, "2025-12-01 08:00", status="planned")  # not counted anywhere
    return {"a": a, "d": d, "march": march, "june": june, "regular": regular}


def report(client, org, **params):
    response = client.get(API, {"org": org, "year": 2025, **params})
    assert response.status_code == 200, response.content
    return response.json()


def cells(data):
    return {c["cell"]: c for c in data["cells"]}


def test_year_levels_and_ratings_follow_each_cells_sheet(two, year):
    data = report(logged_in(two.staff_two), "Đảng bộ Khối Hai")
    rows = cells(data)
    assert {name: c["year_level"] for name, c in rows.items()} == {
        "Chi bộ Hai B": "tot", "Chi bộ Hai C1": None, "Chi bộ Hai D": "kem"}
    assert rows["Chi bộ Hai B"]["ratings"] == {"tot": 1, "kha": 1, "trung_binh": 0, "kem": 0}
    assert rows["Chi bộ Hai C1"]["ratings"] == {"tot": 0, "kha": 1, "trung_binh": 0, "kem": 0}
    assert rows["Chi bộ Hai D"]["ratings"]["tot"] == 1 and rows["Chi bộ Hai D"]["unscored"] == 1
    assert data["ratings"] == {"tot": 2, "kha": 2, "trung_binh": 0, "kem": 0} and data["unscored"] == 1
    assert data["year_levels"] == {"tot": 1, "kha": 0, "trung_binh": 0, "kem": 1}
    assert data["kind"] == "chuyen_de" and data["total_meetings"] == 5
    # Every field the report had keeps its meaning: 4 thematic meetings of Khối Một, 2025 only.
    one = report(logged_in(two.staff_one), "Đảng bộ Khối Một")
    row = cells(one)["Chi bộ Một A"]
    assert (row["meetings"], row["quarters_missing"], row["average_score"], row["year_level"]) == (4, [], 88.0, "tot")
    assert row["ratings"] == {"tot": 3, "kha": 1, "trung_binh": 0, "kem": 0}


def test_regular_meetings_and_both_kinds(two, year):
    staff = logged_in(two.staff_one)
    regular = cells(report(staff, "Đảng bộ Khối Một", kind="thuong_ky"))["Chi bộ Một A"]
    assert (regular["meetings"], regular["ratings"]["trung_binh"], regular["year_level"]) == (1, 1, "trung_binh")
    both = report(staff, "Đảng bộ Khối Một", kind="all")
    row = cells(both)["Chi bộ Một A"]
    assert both["kind"] == "all" and row["meetings"] == 5
    assert row["ratings"] == {"tot": 3, "kha": 1, "trung_binh": 1, "kem": 0}
    assert row["year_level"] == "trung_binh"  # good thematic year, average regular year: the lower
    hai = cells(report(logged_in(two.staff_two), "Đảng bộ Khối Hai", kind="all"))["Chi bộ Hai B"]
    assert hai["year_level"] == "tot"  # the regular sheet has no year rule: the thematic one decides
    assert logged_in(two.staff_one).get(API, {"org": "Đảng bộ Khối Một", "kind": "hop"}).status_code == 400


def test_a_quarter_has_no_year_level(two, year):
    data = report(logged_in(two.staff_one), "Đảng bộ Khối Một", quarter=1)
    assert data["year_levels"] is None and cells(data)["Chi bộ Một A"]["year_level"] is None


@pytest.mark.parametrize("counts, unscored, expected", [
    ({"tot": 7, "kha": 5, "trung_binh": 0, "kem": 0}, 0, "tot"),        # the đảng bộ khối of the issue
    ({"tot": 6, "kha": 6, "trung_binh": 0, "kem": 0}, 0, "kha"),        # one good meeting short
    ({"tot": 11, "kha": 0, "trung_binh": 1, "kem": 0}, 0, "kha"),       # one meeting below fair
    ({"tot": 7, "kha": 4, "trung_binh": 0, "kem": 0}, 1, "kha"),        # an unscored meeting
    ({"tot": 0, "kha": 0, "trung_binh": 0, "kem": 3}, 0, "kem"),
    ({"tot": 0, "kha": 0, "trung_binh": 0, "kem": 0}, 0, None),
])
def test_year_rules(counts, unscored, expected):
    rules = [{"level": "tot", "all_at_least": "kha", "min_count": 7, "count_level": "tot"},
             {"level": "kha", "all_at_least": "", "min_count": 6, "count_level": "kha"},
             {"level": "trung_binh", "all_at_least": "", "min_count": 1, "count_level": "trung_binh"}]
    assert year_level(rules, counts, unscored) == expected


# -- adoption ----------------------------------------------------------------------------------------------
@pytest.fixture
def adoption(two, year):
    x, y, z = (LibraryItemFactory(title=f"Tài liệu {n}") for n in "XYZ")
    for item, required in ((x, True), (y, True), (z, False)):
        MeetingMaterial.objects.create(meeting=year["march"], item=item, required=required)
    MeetingMaterial.objects.create(meeting=year["june"], item=x, required=True)
    MeetingMaterial.objects.create(meeting=year["regular"], item=y, required=True)  # a regular meeting
    reads = [(two.secretary_a, x, "2025-03-09 20:00"), (two.member_a, x, "2025-03-10 09:00"),
             (two.member_a2, x, "2025-03-01 08:00"), (two.member_a, y, "2025-03-05 08:00"),
             (two.member_a, z, "2025-03-05 08:00"), (two.staff_one, y, "2025-03-01 08:00")]
    for u, item, when in reads:
        ReadMark.objects.create(user=u, item=item, opened_at=local(when), read_at=local(when))
    SignIn.objects.create(user=two.secretary_a, on=dt.date(2025, 2, 1))
    SignIn.objects.create(user=two.member_a2, on=dt.date(2024, 12, 31))
    SignIn.objects.create(user=two.member_a2, on=dt.date(2026, 1, 1))
    type(two.member_a).objects.filter(pk=two.member_a.pk).update(last_login=local("2025-06-01 08:00"))
    return {"members": 6, "accounts": 3, "signed_in": 2, "materials_read": 0.667}


def test_adoption_figures_match_the_hand_count(two, adoption):
    data = report(logged_in(two.staff_one), "Đảng bộ Khối Một")
    assert cells(data)["Chi bộ Một A"]["adoption"] == adoption
    assert data["adoption"] == adoption


def test_adoption_is_for_staff_of_the_dang_bo_and_above_only(two, adoption):
    secretary = report(logged_in(two.secretary_a), "Chi bộ Một A")
    assert secretary["adoption"] is None and secretary["cells"][0]["adoption"] is None
    assert secretary["cells"][0]["year_level"] == "tot"  # the cell's own year level is not an adoption figure
    assert logged_in(two.staff_two).get(API, {"org": "Đảng bộ Khối Một", "year": 2025}).status_code == 403
    assert cells(report(logged_in(two.superuser), "Đảng bộ Khối Một"))["Chi bộ Một A"]["adoption"] == adoption
    # A staff member of the cell's own đảng bộ opening the cell's report sees them too.
    assert report(logged_in(two.staff_one), "Chi bộ Một A")["cells"][0]["adoption"] == adoption


def test_dashboard_and_exports_show_year_levels_and_adoption(two, adoption, django_assert_max_num_queries):
    staff = logged_in(two.staff_one)
    with django_assert_max_num_queries(17):
        html = staff.get("/bao-cao/", {"org": "Đảng bộ Khối Một", "year": 2025}).content.decode()
    assert "Xếp loại năm" in html and 'data-year-level="tot">Tốt<' in html
    assert "Có tài khoản" in html and ">3/6<" in html and "66,7 %" in html and "data-adoption" in html
    secretary_html = logged_in(two.secretary_a).get("/bao-cao/", {"org": "Chi bộ Một A", "year": 2025}).content
    assert "Có tài khoản".encode() not in secretary_html and b"data-adoption" not in secretary_html
    assert 'data-year-level="tot"'.encode() in secretary_html
    regular = staff.get("/bao-cao/", {"org": "Đảng bộ Khối Một", "year": 2025, "kind": "thuong_ky"}).content.decode()
    assert 'data-year-level="trung_binh">Trung bình<' in regular and 'value="thuong_ky" selected' in regular

    response = staff.get(API, {"org": "Đảng bộ Khối Một", "year": 2025, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    header, row = rows[0], rows[1]
    values = dict(zip(header, row))
    assert values["Xếp loại năm"] == "Tốt" and values["Đảng viên có tài khoản"] == 3
    assert values["Đảng viên đăng nhập trong kỳ"] == 2 and values["Số đảng viên (theo biên bản)"] == 6
    assert values["Tỷ lệ đọc tài liệu bắt buộc trước buổi sinh hoạt"] == 0.667
    secretary_csv = logged_in(two.secretary_a).get(API, {"org": "Chi bộ Một A", "year": 2025, "format": "csv"})
    assert "Xếp loại năm" in secretary_csv.content.decode("utf-8-sig")
    assert "tài khoản" not in secretary_csv.content.decode("utf-8-sig")


def test_signing_in_is_recorded_once_a_day(two, client):
    u = UserFactory(username="dang_nhap")
    for _ in range(2):
        response = client.post("/tai-khoan/dang-nhap/", {"username": "dang_nhap", "password": "Mat-khau-thu-2026"})
        assert response.status_code == 302
        client.logout()
    assert SignIn.objects.filter(user=u).count() == 1


def test_other_cells_members_never_count(two, adoption):
    """A member of another cell who read the same material before the meeting is not in cell A's figures."""
    stranger = user("stranger_b", two.cell_b, Role.MEMBER)
    x = MeetingMaterial.objects.filter(meeting__cell=two.cell_a, required=True).first().item
    ReadMark.objects.create(user=stranger, item=x, read_at=local("2025-01-01 08:00"))
    assert cells(report(logged_in(two.staff_one), "Đảng bộ Khối Một"))["Chi bộ Một A"]["adoption"] == adoption


def test_regular_meetings_do_not_fill_the_thematic_plan(two):
    """12-HD asks for a thematic meeting every quarter: a regular meeting in Q2 leaves Q2 missing."""
    meeting(two.cell_a, "2025-02-10 08:00")
    meeting(two.cell_a, "2025-05-10 08:00", kind="thuong_ky")
    html = logged_in(two.secretary_a).get(f"/to-chuc/{two.cell_a.pk}/ke-hoach/2025/").content.decode()
    assert 'data-missing="2,3,4"' in html
    plan = logged_in(two.staff_one).get(f"/to-chuc/{two.one.pk}/ke-hoach/2025/").content.decode()
    assert "Chi bộ Một A" in plan


def test_meetings_api_gives_the_kind_and_the_level_on_the_cells_sheet(two, year):
    data = logged_in(two.staff_two).get("/api/meetings/", {"cell": "Chi bộ Hai B"}).json()
    by_score = {m["score"]: m for m in data["results"]}
    assert (by_score[86]["kind"], by_score[86]["level"]) == ("chuyen_de", "tot")  # Khá under 42-HD, Tốt here
    assert (by_score[75]["kind"], by_score[75]["level"]) == ("thuong_ky", "kha")
