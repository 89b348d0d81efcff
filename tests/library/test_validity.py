"""Validity over time (issue 18): status as of a date from dates and relations, the timeline, ``?as_of=`` on the
library list and on ``GET /api/items/<id>/`` (contract shape, kind names, 400 in Vietnamese for bad dates)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from library.models import Validity, Visibility
from tests.factories import LibraryItemFactory, OrganizationFactory, RelationFactory, TopicFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def guides():
    """12-HD/BTCTW of 2018, replaced from 1/9/2022 by the 2022 guide (its relation carries the date)."""
    issuer = OrganizationFactory(name="Ban Tổ chức Trung ương", code="BTCTW", kind="co_quan")
    old = LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=issuer, issued_on=D(2018, 5, 18),
                             effective_from=D(2018, 5, 18), title="Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ")
    new = LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=issuer, issued_on=D(2022, 5, 16),
                             effective_from=D(2022, 6, 1), title="Hướng dẫn mới về sinh hoạt chi bộ")
    RelationFactory(source=new, target=old, relation_type="replaces", effective_on=D(2022, 9, 1))
    return old, new


def api(client, item, **params):
    return client.get(reverse("library:api-item", args=[item.pk]), params)


def test_status_as_of_follows_the_replacement_date(client, guides):
    old, new = guides
    assert api(client, old, as_of="2020-01-01").json()["status"] == Validity.IN_FORCE
    assert api(client, old, as_of="2022-08-31").json()["status"] == Validity.IN_FORCE
    assert api(client, old, as_of="2022-09-01").json()["status"] == Validity.EXPIRED
    assert api(client, old).json()["status"] == Validity.EXPIRED  # today
    assert api(client, old).json()["expired_on"] == "2022-09-01"
    assert api(client, new, as_of="2022-05-20").json()["status"] == Validity.NOT_YET  # issued, effective 1/6
    assert api(client, new, as_of="2022-06-01").json()["status"] == Validity.IN_FORCE


def test_expired_on_and_recorded_status(client):
    item = LibraryItemFactory(kind="CT", symbol="05-CT/TW", issued_on=D(2016, 5, 15), expired_on=D(2021, 1, 1),
                              validity=Validity.EXPIRED)
    assert api(client, item, as_of="2020-12-31").json()["status"] == Validity.IN_FORCE
    assert api(client, item, as_of="2021-01-01").json()["status"] == Validity.EXPIRED
    partly = LibraryItemFactory(kind="QĐi", symbol="08-QĐi/TW", validity=Validity.PARTLY_EXPIRED)
    assert api(client, partly).json()["status"] == Validity.PARTLY_EXPIRED


def test_a_replacement_the_viewer_may_not_see_does_not_count(client, guides):
    old, _new = guides
    cell = OrganizationFactory(name="Chi bộ Hiệu Lực", kind="chi_bo")
    hidden = LibraryItemFactory(kind="CT", symbol="09-CT/TW", visibility=Visibility.RESTRICTED, allowed=[cell],
                                issued_on=D(2019, 1, 1))
    target = LibraryItemFactory(kind="CT", symbol="01-CT/TW", issued_on=D(2010, 1, 1))
    RelationFactory(source=hidden, target=target, relation_type="repeals")
    data = api(client, target).json()
    assert data["status"] == Validity.IN_FORCE and data["expired_on"] is None
    assert "09-CT/TW" not in str(data)


@pytest.mark.parametrize("bad", ["2024-13-01", "30/06/2024", "hôm qua", "2024-02-30", "99999-01-01"])
def test_bad_as_of_is_a_vietnamese_400(client, guides, bad):
    response = api(client, guides[0], as_of=bad)
    assert response.status_code == 400 and "không hợp lệ" in response.json()["error"]
    page = client.get(reverse("library:index"), {"as_of": bad})
    assert page.status_code == 400 and "không hợp lệ" in page.content.decode()


def test_library_list_as_of_filters_on_the_status_of_that_day(client, guides):
    old, new = guides
    url = reverse("library:index")
    in_force_2020 = client.get(url, {"as_of": "2020-01-01", "hieu_luc": Validity.IN_FORCE}).content.decode()
    assert "Hướng dẫn nâng cao chất lượng" in in_force_2020
    assert "Hướng dẫn mới về sinh hoạt chi bộ" not in in_force_2020  # not issued yet in 2020
    expired_2023 = client.get(url, {"as_of": "2023-01-01", "hieu_luc": Validity.EXPIRED}).content.decode()
    assert "Hướng dẫn nâng cao chất lượng" in expired_2023 and "Hướng dẫn mới về sinh hoạt chi bộ" not in expired_2023


def test_item_page_shows_a_timeline(client, guides):
    old, new = guides
    html = client.get(old.get_absolute_url()).content.decode()
    assert "Hiệu lực theo thời gian" in html
    assert "18/05/2018" in html and "01/09/2022" in html and "Bị thay thế bởi" in html
    assert new.get_absolute_url() in html
    assert "Hết hiệu lực toàn bộ" in html  # the status today comes from the replacement


def test_item_api_contract(client, guides):
    old, new = guides
    topic = TopicFactory(name="Sinh hoạt chi bộ")
    old.tags.add(topic)
    old.save()
    data = api(client, old).json()
    assert set(data) == {"id", "type", "kind", "kind_name", "symbol", "title", "issuer", "issued_on", "status",
                         "effective_from", "expired_on", "url", "topics", "cells", "relations"}
    assert data["id"] == old.pk and data["type"] == "document" and data["kind"] == "HD"
    assert data["kind_name"] == "Hướng dẫn" and data["symbol"] == "12-HD/BTCTW"
    assert data["issuer"] == "Ban Tổ chức Trung ương" and data["issued_on"] == "2018-05-18"
    assert data["effective_from"] == "2018-05-18" and data["url"].endswith(old.get_absolute_url())
    assert data["topics"] == ["Sinh hoạt chi bộ"] and data["cells"] == []
    assert data["relations"] == [{"type": "replaces", "direction": "in", "target": {
        "id": new.pk, "symbol": "12-HD/BTCTW", "title": new.title, "url": data["relations"][0]["target"]["url"]}}]
    assert data["relations"][0]["target"]["url"].endswith(new.get_absolute_url())
    assert api(client, new).json()["relations"][0]["direction"] == "out"


def test_item_api_names_the_kind_in_vietnamese(client):
    rule = LibraryItemFactory(kind="QĐ", symbol="144-QĐ/TW", title="Quy định chuẩn mực đạo đức cách mạng")
    decision = LibraryItemFactory(kind="QĐ", symbol="1193-QĐ/TU", title="Quyết định ban hành Quy chế làm việc")
    qdi = LibraryItemFactory(kind="QĐi", symbol="08-QĐi/TW", title="Về trách nhiệm nêu gương")
    assert api(client, rule).json()["kind_name"] == "Quy định"
    assert api(client, decision).json()["kind_name"] == "Quyết định"
    assert api(client, qdi).json()["kind_name"] == "Quy định"
    assert "Quy định" in client.get(rule.get_absolute_url()).content.decode()


def test_item_api_cells_name_the_restriction_and_404s(client):
    cell = OrganizationFactory(name="Chi bộ API", kind="chi_bo")
    item = LibraryItemFactory(visibility=Visibility.RESTRICTED, allowed=[cell], title="Văn bản hạn chế API")
    assert api(client, item).status_code == 404
    assert client.get(reverse("library:api-item", args=[987654])).status_code == 404
    draft = LibraryItemFactory(live=False)
    assert api(client, draft).status_code == 404
    assert client.post(reverse("library:api-item", args=[item.pk])).status_code == 405


def test_item_api_for_a_member_of_the_cell_and_its_query_count(client, guides, django_assert_max_num_queries):
    from tests.factories import MembershipFactory

    cell = OrganizationFactory(name="Chi bộ API Hai", kind="chi_bo")
    member = MembershipFactory(organization=cell, user__username="dv_api").user
    item = LibraryItemFactory(visibility=Visibility.RESTRICTED, allowed=[cell], title="Văn bản của chi bộ")
    client.force_login(member)
    with django_assert_max_num_queries(14):
        data = api(client, item).json()
    assert data["cells"] == ["Chi bộ API Hai"]
