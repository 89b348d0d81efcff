"""The search page /tim-kiem/: what a person sees (facets, marks, exact number link, did-you-mean, paging)."""
import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from tests.factories import LibraryItemFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db_settings):
    issuer = OrganizationFactory(name="Ban Tổ chức Trung ương")
    items = [
        LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", title="Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ",
                           issuer=issuer, issued_on=dt.date(2018, 7, 6)),
        LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", title="Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ (mới)",
                           issuer=issuer, issued_on=dt.date(2022, 10, 18)),
        LibraryItemFactory(kind="CT", symbol="10-CT/TW", title="Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ",
                           issued_on=dt.date(2007, 3, 30), body="<p>Sinh hoạt chi bộ phải có nội dung thiết thực.</p>"),
        LibraryItemFactory(kind="NQ", symbol="16-NQ/TU", title="Nghị quyết về chuyển đổi số <b>toàn diện</b>"),
    ]
    for i in range(22):
        LibraryItemFactory(kind="CV", symbol=f"{200 + i}-CV/TU", title=f"Công văn về lịch sinh hoạt chi bộ tháng {i}")
    return items


def test_results_with_marks_facets_and_paging(library, django_assert_max_num_queries):
    client = Client()
    client.get("/tim-kiem/", {"q": "khởi động"})  # first request warms URL and template caches
    # A fixed number of queries whatever the number of results (term statistics: one per new query word).
    with django_assert_max_num_queries(25):
        client.get("/tim-kiem/", {"q": "sinh hoat chi bo"})
    with django_assert_max_num_queries(15):
        resp = client.get("/tim-kiem/", {"q": "sinh hoat chi bo"})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "25 kết quả" in html
    assert "<mark>Sinh</mark> <mark>hoạt</mark>" in html or "<mark>sinh</mark> <mark>hoạt</mark>" in html
    assert "Cơ quan ban hành" in html and "Ban Tổ chức Trung ương" in html and "Công văn" in html
    assert "Trang 1/2" in html and 'rel="next"' in html
    assert "30/03/2007" in html  # dates as dd/mm/yyyy
    page2 = client.get("/tim-kiem/", {"q": "sinh hoat chi bo", "page": 2}).content.decode()
    assert "Trang 2/2" in page2 and 'rel="prev"' in page2


def test_facet_link_filters(library):
    html = Client().get("/tim-kiem/", {"q": "sinh hoạt chi bộ", "kind": "HD"}).content.decode()
    assert "2 kết quả" in html and "Bỏ lọc" in html


def test_number_query_links_the_exact_documents_with_dates(library):
    html = Client().get("/tim-kiem/", {"q": "12 hd btctw"}).content.decode()
    assert "Nhiều văn bản cùng số hiệu" in html
    assert html.index("18/10/2022") < html.index("06/07/2018")  # newest first, dates shown
    one = Client().get("/tim-kiem/", {"q": "10 ct tw"}).content.decode()
    assert "Đúng số hiệu:" in one and f'href="/thu-vien/{library[2].pk}/"' in one


def test_did_you_mean_link(library):
    html = Client().get("/tim-kiem/", {"q": "chuyen doi so"}).content.decode()
    assert "Có phải bạn muốn tìm" in html
    start = html.index("Có phải bạn muốn tìm")
    href = html[html.index('href="', start) + 6:]
    href = href[:href.index('"')].replace("&amp;", "&")
    assert parse_qs(urlparse(href).query)["q"] == ["chuyển đổi số"]


def test_titles_are_escaped(library):
    html = Client().get("/tim-kiem/", {"q": "chuyển đổi số"}).content.decode()
    assert "&lt;b&gt;toàn diện&lt;/b&gt;" in html  # the title's markup is shown as text, whole
    assert "<b>toàn diện</b>" not in html


def test_empty_page_shows_the_form_and_hints(library):
    html = Client().get("/tim-kiem/").content.decode()
    assert 'name="q"' in html and "10 ct tw" in html
