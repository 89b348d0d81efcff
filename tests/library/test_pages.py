"""Library pages as a visitor and an editor sees them."""
import datetime as dt
import re

import pytest
from django.urls import reverse

from library.models import ItemType, LibraryItem, Relation, Visibility
from tests.factories import (CellFactory, LibraryItemFactory, MembershipFactory, OrganizationFactory, TopicFactory,
                             UserFactory)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """Visible text of a page (tags stripped, whitespace collapsed)."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def btctw():
    return OrganizationFactory(name="Ban Tổ chức Trung ương", kind="co_quan")


def test_two_documents_may_share_a_symbol_and_the_ui_tells_them_apart(client, btctw):
    old = LibraryItemFactory(symbol="12-HD/BTCTW", kind="HD", issuer=btctw, issued_on=dt.date(2018, 5, 18),
                             title="Hướng dẫn về nâng cao chất lượng sinh hoạt chi bộ")
    new = LibraryItemFactory(symbol="12-HD/BTCTW", kind="HD", issuer=btctw, issued_on=dt.date(2022, 10, 6),
                             title="Hướng dẫn mới về sinh hoạt chi bộ")
    assert old.pk != new.pk and old.identity != new.identity
    listing = text_of(client.get(reverse("library:index")))
    assert "18/05/2018" in listing and "06/10/2022" in listing


def test_the_identity_rule_refuses_a_true_duplicate_in_the_admin_form(btctw):
    from django.core.exceptions import ValidationError

    LibraryItemFactory(symbol="09-HD/BTCTW", kind="HD", issuer=btctw, issued_on=dt.date(2012, 3, 3))
    dup = LibraryItem(item_type=ItemType.DOCUMENT, symbol="09 hd btctw", kind="HD", issuer=btctw,
                      issued_on=dt.date(2012, 3, 3), title="Bản trùng")
    with pytest.raises(ValidationError, match="Đã có văn bản"):
        dup.full_clean()


def test_relations_show_both_ways_with_counts(client, btctw):
    old = LibraryItemFactory(symbol="12-HD/BTCTW", kind="HD", issuer=btctw, issued_on=dt.date(2018, 5, 18))
    new = LibraryItemFactory(symbol="12-HD/BTCTW", kind="HD", issuer=btctw, issued_on=dt.date(2022, 10, 6))
    directive = LibraryItemFactory(symbol="10-CT/TW", kind="CT", issued_on=dt.date(2007, 3, 30))
    Relation.objects.create(source=new, target=old, relation_type="replaces")
    Relation.objects.create(source=new, target=directive, relation_type="guides")
    Relation.objects.create(source=old, target=directive, relation_type="guides")

    old_page = text_of(client.get(old.get_absolute_url()))
    assert "Được thay thế bởi 12-HD/BTCTW (2022)" in old_page
    new_page = text_of(client.get(new.get_absolute_url()))
    assert "Thay thế (1)" in new_page and "12-HD/BTCTW (2018)" in new_page
    directive_page = text_of(client.get(directive.get_absolute_url()))
    assert "Được hướng dẫn bởi (2)" in directive_page


def test_related_panel_hides_items_the_visitor_may_not_see(client):
    public = LibraryItemFactory(symbol="35-NQ/TW", kind="NQ")
    secret = LibraryItemFactory(symbol="77-HD/ĐUK", kind="HD", visibility=Visibility.INTERNAL,
                                title="Hướng dẫn nội bộ tuyệt mật")
    Relation.objects.create(source=secret, target=public, relation_type="guides")
    page = text_of(client.get(public.get_absolute_url()))
    assert "77-HD/ĐUK" not in page and "Được hướng dẫn bởi" not in page


def test_anonymous_visitors_never_see_internal_or_restricted_items(client):
    cell = CellFactory()
    public = LibraryItemFactory(title="Văn bản công khai về học tập")
    internal = LibraryItemFactory(title="Văn bản nội bộ về học tập", visibility=Visibility.INTERNAL)
    restricted = LibraryItemFactory(title="Văn bản hạn chế về học tập", visibility=Visibility.RESTRICTED,
                                    allowed=[cell])
    listing = text_of(client.get(reverse("library:index")))
    assert public.title in listing
    assert internal.title not in listing and restricted.title not in listing
    login = client.get(internal.get_absolute_url())
    assert login.status_code == 302 and "/tai-khoan/dang-nhap/" in login["Location"]
    assert client.get(restricted.get_absolute_url()).status_code == 404


def test_members_of_the_named_cell_see_a_restricted_item_and_others_get_404(client):
    cell_a, cell_b = CellFactory(), CellFactory()
    restricted = LibraryItemFactory(visibility=Visibility.RESTRICTED, allowed=[cell_a])
    member_a = MembershipFactory(organization=cell_a).user
    member_b = MembershipFactory(organization=cell_b).user
    client.force_login(member_a)
    assert client.get(restricted.get_absolute_url()).status_code == 200
    client.force_login(member_b)
    assert client.get(restricted.get_absolute_url()).status_code == 404


def test_drafts_are_not_served(client):
    draft = LibraryItemFactory(live=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_feed_and_sitemap_list_only_public_items(client):
    public = LibraryItemFactory(title="Chỉ thị công khai cho nguồn tin")
    internal = LibraryItemFactory(title="Chỉ thị nội bộ cho nguồn tin", visibility=Visibility.INTERNAL)
    restricted = LibraryItemFactory(title="Chỉ thị hạn chế cho nguồn tin", visibility=Visibility.RESTRICTED,
                                    allowed=[CellFactory()])
    feed = client.get("/feeds/library/").content.decode()
    assert public.title in feed and internal.title not in feed and restricted.title not in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in sitemap
    assert internal.get_absolute_url() not in sitemap and restricted.get_absolute_url() not in sitemap


def test_filters_by_type_issuer_year_topic_and_validity(client, btctw):
    topic = TopicFactory(name="Xây dựng Đảng")
    a = LibraryItemFactory(kind="HD", symbol="01-HD/BTCTW", issuer=btctw, issued_on=dt.date(2021, 1, 5),
                           title="Hướng dẫn lọc A", topics=[topic])
    b = LibraryItemFactory(kind="CT", symbol="02-CT/TW", issued_on=dt.date(2019, 1, 5), title="Chỉ thị lọc B",
                           validity="het_hieu_luc")
    url = reverse("library:index")
    assert a.title in text_of(client.get(url, {"loai": "HD"})) and b.title not in text_of(client.get(url, {"loai": "HD"}))
    assert b.title not in text_of(client.get(url, {"co_quan": btctw.pk}))
    assert a.title not in text_of(client.get(url, {"nam": "2019"}))
    assert a.title in text_of(client.get(url, {"chu_de": topic.slug}))
    assert a.title not in text_of(client.get(url, {"hieu_luc": "het_hieu_luc"}))
    # Nonsense filters get a Vietnamese message (HTTP 400), never a server error; a bad page number is page 1.
    bad = client.get(url, {"nam": "abc", "co_quan": "x"})
    assert bad.status_code == 400 and "không hợp lệ" in text_of(bad)
    assert client.get(url, {"trang": "-4"}).status_code == 200


def test_topic_page_lists_visible_items_with_a_folded_slug(client):
    topic = TopicFactory(name="Đạo đức cách mạng")
    assert topic.slug == "dao-duc-cach-mang"
    shown = LibraryItemFactory(title="Tài liệu đạo đức công khai", topics=[topic])
    hidden = LibraryItemFactory(title="Tài liệu đạo đức nội bộ", topics=[topic], visibility=Visibility.INTERNAL)
    page = text_of(client.get(topic.get_absolute_url()))
    assert shown.title in page and hidden.title not in page


def test_pages_are_vietnamese_with_dd_mm_yyyy_dates_and_english_works(client):
    item = LibraryItemFactory(issued_on=dt.date(2016, 5, 15))
    response = client.get(item.get_absolute_url())
    assert '<html lang="vi">' in response.content.decode()
    assert "15/05/2016" in text_of(response) and "Ngày ban hành" in text_of(response)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(item.get_absolute_url())
    assert '<html lang="en">' in english.content.decode()


def test_library_index_query_count_is_bounded(client, django_assert_max_num_queries, btctw):
    topic = TopicFactory()
    for i in range(30):
        LibraryItemFactory(issuer=btctw, topics=[topic])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("library:index")).status_code == 200


def test_document_page_query_count_does_not_grow_with_relations(client, django_assert_max_num_queries):
    doc = LibraryItemFactory()
    for i in range(15):
        Relation.objects.create(source=LibraryItemFactory(), target=doc, relation_type="cites")
        Relation.objects.create(source=doc, target=LibraryItemFactory(), relation_type="based_on")
    user = MembershipFactory().user
    client.force_login(user)
    with django_assert_max_num_queries(25):
        assert client.get(doc.get_absolute_url()).status_code == 200


def test_healthz_reports_database_and_search_state(client):
    data = client.get("/healthz").json()
    assert data["database"]["ok"] is True
    assert "search" in data and data["status"] in {"ok", "degraded"}


def test_robots_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap:" in body and "Disallow: /admin/" in body


def test_a_cell_resolution_links_back_to_its_meeting_for_those_who_may_see_it(client):
    from tests.factories import MeetingFactory

    cell = CellFactory()
    resolution = LibraryItemFactory(kind="NQ", symbol="05-NQ/CB", title="Nghị quyết chi bộ về chuyển đổi số")
    meeting = MeetingFactory(cell=cell, title="Chuyên đề chuyển đổi số quý IV", resolution=resolution, status="concluded")
    client.force_login(MembershipFactory(organization=cell).user)
    assert meeting.title in text_of(client.get(resolution.get_absolute_url()))
    client.force_login(MembershipFactory(organization=CellFactory()).user)
    assert meeting.title not in text_of(client.get(resolution.get_absolute_url()))


def test_references_in_the_text_become_links_to_visible_documents(client):
    from library.citation_service import refresh_citations

    cited = LibraryItemFactory(symbol="05-CT/TW", kind="CT", issued_on=dt.date(2016, 5, 15), title="Chỉ thị về học tập")
    guide = LibraryItemFactory(symbol="09-HD/ĐUK", kind="HD", issued_on=dt.date(2018, 7, 6),
                               body="<p>Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.</p>")
    refresh_citations([guide.pk])
    html = client.get(guide.get_absolute_url()).content.decode()
    assert f'href="/thu-vien/{cited.pk}/"' in html
    assert "Được trích dẫn bởi (1)" in text_of(client.get(cited.get_absolute_url()))
