"""Validity in results, on every engine: each hit says whether it is in force or what replaced it (linked only
when the viewer may see the replacement), a validity facet and filter, and a replaced or expired document ranks
below what is in force for the same words."""
import datetime as dt

import pytest
from django.test import Client

from tests.factories import CellFactory, LibraryItemFactory, MeetingFactory, RelationFactory

TITLE = "Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ"


@pytest.fixture
def versions(engine):
    # The old version is older and says the words once more: without its status it would rank first.
    old = LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issued_on=dt.date(2018, 7, 6), title=TITLE,
                             body="<p>Nâng cao chất lượng sinh hoạt chi bộ, sinh hoạt chi bộ nền nếp.</p>")
    new = LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issued_on=dt.date(2022, 10, 18),
                             title=TITLE + " (thay thế)", body="<p>Sinh hoạt chi bộ.</p>")
    RelationFactory(source=new, target=old, relation_type="replaces")
    expired = LibraryItemFactory(kind="CT", symbol="10-CT/TW", issued_on=dt.date(2007, 3, 30), validity="het_hieu_luc",
                                 title="Chỉ thị về thực hành tiết kiệm trong cơ quan đảng",
                                 body="<p>Thực hành tiết kiệm, tiết kiệm trong cơ quan đảng.</p>")
    in_force = LibraryItemFactory(kind="CT", symbol="50-CT/TW", issued_on=dt.date(2025, 7, 23),
                                  title="Chỉ thị về thực hành tiết kiệm, chống lãng phí", body="<p>Tiết kiệm.</p>")
    MeetingFactory(title="Sinh hoạt chi bộ tháng 5", is_public=True)
    engine.sync()
    return {"old": old, "new": new, "expired": expired, "in_force": in_force}


def _by_symbol_date(results):
    return {(r["symbol"], r["issued_on"]): r for r in results}


def test_each_hit_shows_its_status_and_its_replacement(versions, engine):
    results = engine.api(q="sinh hoạt chi bộ")["results"]
    rows = _by_symbol_date(results)
    old, new = rows[("12-HD/BTCTW", "2018-07-06")], rows[("12-HD/BTCTW", "2022-10-18")]
    assert old["validity"] == "duoc_thay_the" and old["validity_label"] == "Được thay thế"
    assert old["replaced_by"] == [{"title": versions["new"].title, "symbol": "12-HD/BTCTW",
                                   "url": f"/thu-vien/{versions['new'].pk}/", "issued_on": "2022-10-18"}]
    assert new["validity"] == "con_hieu_luc" and new["validity_label"] == "Còn hiệu lực" and new["replaced_by"] == []
    meeting = next(r for r in results if r["type"] == "meeting")
    assert meeting["validity"] is None and meeting["replaced_by"] == []
    expired = engine.api(q="thực hành tiết kiệm")["results"]
    assert _by_symbol_date(expired)[("10-CT/TW", "2007-03-30")]["validity_label"] == "Hết hiệu lực toàn bộ"
    for r in results:  # the contract's fields are all still there
        assert {"title", "symbol", "kind", "url", "issued_on", "snippet", "score", "exact"} <= set(r)


def test_a_replaced_or_expired_document_ranks_below_what_is_in_force(versions, engine):
    titles = engine.titles(q="nâng cao chất lượng sinh hoạt chi bộ")
    assert titles.index(versions["new"].title) < titles.index(versions["old"].title)
    titles = engine.titles(q="thực hành tiết kiệm")
    assert titles.index(versions["in_force"].title) < titles.index(versions["expired"].title)
    # A query only the old document answers still finds it first.
    assert engine.titles(q="nền nếp")[0] == versions["old"].title


def test_validity_facet_and_filter(versions, engine):
    def facet(**params):
        return {f["value"]: (f["label"], f["count"]) for f in engine.api(**params)["facets"]["validity"]}

    assert facet(q="sinh hoạt chi bộ", kind="HD") == {"con_hieu_luc": ("Còn hiệu lực", 1),
                                                       "duoc_thay_the": ("Được thay thế", 1)}
    assert facet(q="tiết kiệm") == {"con_hieu_luc": ("Còn hiệu lực", 1), "het_hieu_luc": ("Hết hiệu lực toàn bộ", 1)}
    only = engine.api(q="sinh hoạt chi bộ", validity="duoc_thay_the")
    assert only["count"] == 1 and only["results"][0]["issued_on"] == "2018-07-06"
    assert engine.api(q="tiết kiệm", validity="het hieu luc toan bo")["count"] == 1
    bad = Client().get("/api/search/", {"q": "chi bộ", "validity": "mãi mãi"})
    assert bad.status_code == 400 and bad.json()["error"] == "Tình trạng hiệu lực không hợp lệ."


def test_a_replacement_the_viewer_may_not_see_is_not_linked(engine):
    cell = CellFactory(name="Chi bộ Văn phòng")
    old = LibraryItemFactory(kind="KH", symbol="3-KH/CB", title="Kế hoạch sinh hoạt chuyên đề của chi bộ")
    secret = LibraryItemFactory(kind="KH", symbol="4-KH/CB", title="Kế hoạch mới của chi bộ", visibility="restricted",
                                allowed=[cell])
    RelationFactory(source=secret, target=old, relation_type="replaces")
    engine.sync()
    hit = engine.api(q="kế hoạch sinh hoạt chuyên đề")["results"][0]
    assert hit["symbol"] == "3-KH/CB" and hit["validity_label"] == "Được thay thế" and hit["replaced_by"] == []
    html = Client().get("/tim-kiem/", {"q": "kế hoạch sinh hoạt chuyên đề"}).content.decode()
    assert "4-KH/CB" not in html and f"/thu-vien/{secret.pk}/" not in html


def test_replacement_follows_the_relation_both_ways(engine):
    old = LibraryItemFactory(kind="HD", symbol="9-HD/BTCTW", title="Hướng dẫn về nội dung sinh hoạt chi bộ")
    engine.sync()
    assert engine.api(q="nội dung sinh hoạt chi bộ")["results"][0]["validity"] == "con_hieu_luc"
    new = LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", title="Hướng dẫn mới")
    relation = RelationFactory(source=new, target=old, relation_type="replaces")
    engine.sync()
    assert engine.api(q="nội dung sinh hoạt chi bộ")["results"][0]["validity"] == "duoc_thay_the"
    relation.delete()
    engine.sync()
    assert engine.api(q="nội dung sinh hoạt chi bộ")["results"][0]["validity"] == "con_hieu_luc"
    RelationFactory(source=new, target=old, relation_type="replaces")
    new.delete()
    engine.sync()
    assert engine.api(q="nội dung sinh hoạt chi bộ")["results"][0]["validity"] == "con_hieu_luc"


def test_search_page_shows_status_link_and_facet(versions, engine):
    html = Client().get("/tim-kiem/", {"q": "sinh hoạt chi bộ"}).content.decode()
    assert "Được thay thế bởi" in html and f'href="/thu-vien/{versions["new"].pk}/"' in html
    assert "Còn hiệu lực" in html and "Hiệu lực</h2>" in html
