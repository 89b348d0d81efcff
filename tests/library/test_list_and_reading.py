"""The library list (sort, keyword, reset, validity badges, folded facets) and the item page laid out for
reading (text first, compact metadata, folded relations with counts, packs read aloud whole)."""
import datetime as dt
import re

import pytest

from library.models import ItemType, RelationType, Validity, Visibility
from tests.factories import LibraryItemFactory, OrganizationFactory, RelationFactory

pytestmark = pytest.mark.django_db
LIST = "/thu-vien/"


def titles(client, **params) -> list[str]:
    html = client.get(LIST, params).content.decode()
    return re.findall(r'<li class="item-card">\s*<a [^>]*><strong>(.*?)</strong>', html, re.S)


@pytest.fixture
def shelf():
    tw = OrganizationFactory(name="Ban Chấp hành Trung ương", kind="co_quan")
    tu = OrganizationFactory(name="An Giang Tỉnh ủy", kind="co_quan")
    return {
        "ct9": LibraryItemFactory(symbol="9-CT/TW", kind="CT", issuer=tw, issued_on=dt.date(2021, 1, 1),
                                  title="Chỉ thị chín", validity=Validity.PARTLY_EXPIRED),
        "ct10": LibraryItemFactory(symbol="10-CT/TW", kind="CT", issuer=tw, issued_on=dt.date(2007, 3, 30),
                                   title="Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ", validity=Validity.EXPIRED),
        "nq100": LibraryItemFactory(symbol="100-NQ/TU", kind="NQ", issuer=tu, issued_on=dt.date(2024, 6, 1),
                                    title="Nghị quyết một trăm", validity=Validity.NOT_YET),
        "guide": LibraryItemFactory(item_type=ItemType.STUDY_GUIDE, symbol="", kind="", issuer=tu,
                                    issued_on=dt.date(2025, 2, 2), title="Tài liệu học tập không số",
                                    validity=Validity.UNKNOWN),
    }


def _strip(html_titles):
    return [re.sub(r"<[^>]+>", "", t) for t in html_titles]


def test_sorts_newest_by_number_and_by_issuer(client, shelf):
    assert _strip(titles(client))[0] == "Tài liệu học tập không số"  # newest first by default
    by_number = _strip(titles(client, sap_xep="so_hieu"))
    assert by_number[:3] == ["9-CT/TW — Chỉ thị chín", "10-CT/TW — Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ",
                             "100-NQ/TU — Nghị quyết một trăm"]
    assert by_number[-1] == "Tài liệu học tập không số"  # no number: last
    by_issuer = _strip(titles(client, sap_xep="co_quan"))
    assert by_issuer[0].startswith("Tài liệu học tập") and by_issuer[-1].startswith("10-CT/TW")
    # An unknown sort falls back to the default, never a 500.
    assert client.get(LIST, {"sap_xep": "'; drop table"}).status_code == 200


def test_keyword_matches_title_and_a_sloppy_number(client, shelf):
    assert _strip(titles(client, tu_khoa="sinh hoạt chi bộ")) == [
        "10-CT/TW — Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ"]
    assert _strip(titles(client, tu_khoa="10 ct tw")) == ["10-CT/TW — Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ"]
    html = client.get(LIST, {"tu_khoa": "khong co gi", "sap_xep": "so_hieu"}).content.decode()
    assert "Không có văn bản phù hợp" in html
    # The search page is offered for diacritic-free and full-text search; filters can be reset.
    assert 'href="/tim-kiem/?q=khong%20co%20gi"' in html and 'data-reset' in html
    assert 'data-reset' not in client.get(LIST).content.decode()


def test_every_validity_status_has_a_badge_and_facets_fold(client, shelf):
    html = client.get(LIST).content.decode()
    for css, label in (("warn", "Hết hiệu lực một phần"), ("danger", "Hết hiệu lực toàn bộ"),
                       ("info", "Chưa có hiệu lực")):
        assert f'<span class="badge {css}">{label}</span>' in html
    assert html.count('class="badge ok">Còn hiệu lực') == 0  # none in force in this shelf
    LibraryItemFactory(validity=Validity.IN_FORCE)
    assert '<span class="badge ok">Còn hiệu lực</span>' in client.get(LIST).content.decode()
    assert re.search(r'<details class="facet-box" data-open-wide>\s*<summary>Lọc</summary>', html)
    # The chosen filters unfold the box, so a member sees what is applied.
    assert '<details class="facet-box" data-open-wide open>' in client.get(LIST, {"hieu_luc": "het_hieu_luc"}).content.decode()


def test_list_with_keyword_and_sort_has_bounded_queries(client, shelf, django_assert_max_num_queries):
    for _ in range(25):
        LibraryItemFactory()
    with django_assert_max_num_queries(12):
        assert client.get(LIST, {"tu_khoa": "Chỉ thị", "sap_xep": "so_hieu", "hieu_luc": "con_hieu_luc"}).status_code == 200


def test_one_search_box_per_page(client, shelf):
    for path in ("/", LIST, "/tim-kiem/?q=chi+bo"):
        html = client.get(path).content.decode()
        assert html.count('type="search"') == 1, path
    assert client.get(shelf["ct10"].get_absolute_url()).content.decode().count('type="search"') == 1


def test_item_page_puts_the_text_first_and_folds_relations(client, shelf):
    doc = shelf["ct10"]
    for n in range(3):
        RelationFactory(source=LibraryItemFactory(title=f"Hướng dẫn {n}"), target=doc, relation_type=RelationType.GUIDES)
    RelationFactory(source=LibraryItemFactory(title="Văn bản căn cứ"), target=doc, relation_type=RelationType.BASED_ON)
    html = client.get(doc.get_absolute_url()).content.decode()
    order = [html.index(marker) for marker in ('<h1 lang="vi">', 'class="status-line"', 'id="toan-van"',
                                               'class="meta-list"', 'id="quan-he"')]
    assert order == sorted(order), "title, status, text, metadata, relations: in that order"
    assert "<summary>Văn bản liên quan (4)</summary>" in html
    assert "Được hướng dẫn bởi (3)" in html and "Là căn cứ của (1)" in html
    assert re.search(r'<details class="fold" id="quan-he">', html)  # folded: no "open"
    assert re.search(r'<span class="badge danger"[^>]*>Hết hiệu lực toàn bộ</span>', html)
    assert '<dt>Ngày ban hành</dt><dd><time datetime="2007-03-30">30/03/2007</time></dd>' in html


def test_pack_purpose_questions_and_materials_are_read_aloud(client):
    guide = LibraryItemFactory(item_type=ItemType.STUDY_GUIDE, symbol="", kind="", title="Tài liệu hướng dẫn gói")
    extra = LibraryItemFactory(title="Tài liệu kèm theo gói")
    pack = LibraryItemFactory(item_type=ItemType.SESSION_PACK, symbol="", kind="", guide=guide, body="",
                              purpose="MỤC ĐÍCH CỦA GÓI", discussion_questions="Câu hỏi một?\nCâu hỏi hai?")
    RelationFactory(source=pack, target=extra, relation_type=RelationType.INCLUDES)
    html = client.get(pack.get_absolute_url()).content.decode()
    read_aloud = re.search(r'<section id="toan-van".*?</section>', html, re.S).group(0)
    for text in ("MỤC ĐÍCH CỦA GÓI", "Câu hỏi một?", "Câu hỏi hai?", "Tài liệu hướng dẫn gói", "Tài liệu kèm theo gói"):
        assert text in read_aloud


def test_english_interface_keeps_vietnamese_content_marked_vietnamese(client, shelf):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(shelf["ct10"].get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert '<h1 lang="vi">' in html and '<div class="reading" lang="vi">' in html
    listing = client.get(LIST).content.decode()
    assert re.search(r'<a href="/thu-vien/\d+/" lang="vi"><strong>', listing)


def test_restricted_items_stay_out_of_keyword_results(client, shelf):
    other = OrganizationFactory(name="Chi bộ khác")
    LibraryItemFactory(title="Chỉ thị mật về sinh hoạt chi bộ", visibility=Visibility.RESTRICTED, allowed=[other])
    assert all("mật" not in t for t in titles(client, tu_khoa="sinh hoạt chi bộ"))
