"""Document numbers as people type them, on every engine: compact and glued forms find and pin the document;
``exact`` means the number *and* the issuer part (when typed) *and* the year or date (when typed) match."""
import datetime as dt

import pytest
from django.test import Client

from tests.factories import CellFactory, LibraryItemFactory, MembershipFactory, OrganizationFactory

BTCTW = "Ban Tổ chức Trung ương"


@pytest.fixture
def numbered(engine):
    bct = OrganizationFactory(name="Bộ Chính trị")
    btctw = OrganizationFactory(name=BTCTW)
    cell = CellFactory(name="Chi bộ Sở Tư pháp")
    docs = {
        "05-CT/TW": LibraryItemFactory(kind="CT", symbol="05-CT/TW", issuer=bct, issued_on=dt.date(2016, 5, 15),
                                       title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh"),
        "35-NQ/TW": LibraryItemFactory(kind="NQ", symbol="35-NQ/TW", issuer=bct, issued_on=dt.date(2018, 10, 22),
                                       title="Nghị quyết về bảo vệ nền tảng tư tưởng của Đảng"),
        "12-HD/BTCTW@2018": LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=btctw,
                                               issued_on=dt.date(2018, 7, 6),
                                               title="Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ"),
        "12-HD/BTCTW@2022": LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=btctw,
                                               issued_on=dt.date(2022, 10, 18),
                                               title="Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ (mới)"),
        "04-NQ/TW": LibraryItemFactory(kind="NQ", symbol="04-NQ/TW", issuer=bct, issued_on=dt.date(2016, 10, 30),
                                       title="Nghị quyết Hội nghị Trung ương 4 về xây dựng Đảng"),
        "04-NQ/CB": LibraryItemFactory(kind="NQ", symbol="04-NQ/CB", issuer=cell, issued_on=dt.date(2026, 8, 18),
                                       title="Nghị quyết của chi bộ về thực hành tiết kiệm", visibility="restricted",
                                       allowed=[cell]),
    }
    # Documents that merely cite the numbers in their titles must not take their place.
    LibraryItemFactory(kind="KH", symbol="77-KH/TU", issued_on=dt.date(2023, 1, 1),
                       title="Kế hoạch thực hiện Nghị quyết 35-NQ/TW, Chỉ thị 05-CT/TW và Hướng dẫn 12-HD/BTCTW")
    engine.sync()
    docs["cell"] = cell
    return docs


def _top(data, n=1):
    return [(r["symbol"], r["issued_on"], r["exact"]) for r in data["results"][:n]]


@pytest.mark.parametrize("typed, symbol", [
    ("CT05", "05-CT/TW"), ("ct05", "05-CT/TW"), ("CT 05", "05-CT/TW"), ("nq35", "35-NQ/TW"),
    ("NQ35", "35-NQ/TW"), ("35NQ/TW", "35-NQ/TW"), ("35nq-tw", "35-NQ/TW"),
])
def test_compact_and_glued_numbers_pin_the_document(numbered, engine, typed, symbol):
    data = engine.api(q=typed)
    assert data["results"][0]["symbol"] == symbol and data["results"][0]["exact"] is True, typed
    assert [e["symbol"] for e in data["exact"]] == [symbol]


@pytest.mark.parametrize("typed", ["12HD/BTCTW", "hd 12 btctw", "HD12", "hd12 btctw"])
def test_compact_forms_of_a_shared_number_pin_both_versions(numbered, engine, typed):
    data = engine.api(q=typed)
    assert _top(data, 2) == [("12-HD/BTCTW", "2022-10-18", True), ("12-HD/BTCTW", "2018-07-06", True)], typed


@pytest.mark.parametrize("typed, near", [
    ("35-NQ/TU", ("35-NQ/TW", "2018-10-22")),        # a province number that does not exist
    ("12-HD/ĐUK", ("12-HD/BTCTW", "2022-10-18")),    # another issuer's guidance
    ("04-NQ/CB", ("04-NQ/TW", "2016-10-30")),        # the cell's own is restricted: an anonymous visitor
])
def test_another_issuers_document_is_a_near_match_not_exact(numbered, engine, typed, near):
    data = engine.api(q=typed)
    assert (data["results"][0]["symbol"], data["results"][0]["issued_on"]) == near, typed
    assert not any(r["exact"] for r in data["results"]), typed
    assert "exact" not in data, typed  # the page's "exact number" banner stays away
    assert "04-NQ/CB" not in {r["symbol"] for r in data["results"]}


def test_the_issuers_own_document_is_exact_and_the_other_follows(numbered, engine):
    member = MembershipFactory(organization=numbered["cell"]).user
    client = Client()
    client.force_login(member)
    data = engine.api(client, q="04-NQ/CB")
    assert _top(data, 2) == [("04-NQ/CB", "2026-08-18", True), ("04-NQ/TW", "2016-10-30", False)]


@pytest.mark.parametrize("typed, first, second", [
    ("12-HD/BTCTW 2018", "2018-07-06", "2022-10-18"),
    ("12-HD/BTCTW ngày 06/7/2018", "2018-07-06", "2022-10-18"),
    ("12-HD/BTCTW ngày 6-7-2018", "2018-07-06", "2022-10-18"),
    ("12 hd btctw năm 2022", "2022-10-18", "2018-07-06"),
    ("Hướng dẫn 12 năm 2018", "2018-07-06", "2022-10-18"),
])
def test_a_year_or_date_picks_the_version(numbered, engine, typed, first, second):
    data = engine.api(q=typed)
    assert _top(data, 2) == [("12-HD/BTCTW", first, True), ("12-HD/BTCTW", second, False)], typed
    assert [e["issued_on"] for e in data["exact"]] == [first]


def test_a_date_that_matches_no_version_marks_none_exact(numbered, engine):
    data = engine.api(q="12-HD/BTCTW ngày 01/01/2020")
    assert [r["symbol"] for r in data["results"][:2]] == ["12-HD/BTCTW", "12-HD/BTCTW"]
    assert not any(r["exact"] for r in data["results"])
