"""The privacy matrix, on every engine: a denied entry never shows in results, counts, facets, snippets or
suggestions, for anonymous visitors, members of one cell or another, staff above, and superusers."""
import json

import pytest
from django.test import Client

from library.models import LibraryItem
from organizations.access import Viewer
from tests.factories import (CellFactory, LibraryItemFactory, MeetingFactory, MembershipFactory, OrganizationFactory,
                             UserFactory)

WORD = "quốc phòng"  # in every title below


@pytest.fixture
def world(db):
    root = OrganizationFactory(name="Tỉnh ủy Thử")
    committee_a = OrganizationFactory(name="Đảng ủy Khối A", parent=root)
    committee_b = OrganizationFactory(name="Đảng ủy Khối B", parent=root)
    cell_a = CellFactory(name="Chi bộ A1", parent=committee_a)
    cell_b = CellFactory(name="Chi bộ B1", parent=committee_b)
    issuer_b = OrganizationFactory(name="Ban Riêng Khối B", parent=committee_b)
    items = {
        "public": LibraryItemFactory(title=f"Tài liệu công khai về {WORD}", visibility="public"),
        "internal": LibraryItemFactory(title=f"Tài liệu nội bộ về {WORD}", visibility="internal"),
        "only_a": LibraryItemFactory(title=f"Tài liệu riêng chi bộ A về {WORD}", visibility="restricted",
                                     allowed=[cell_a], body="<p>Phương án sơ tán xanhbiec.</p>"),
        "only_b": LibraryItemFactory(title=f"Tài liệu riêng chi bộ B về {WORD} và biên giới", visibility="restricted",
                                     allowed=[cell_b], issuer=issuer_b, kind="KH", symbol="77-KH/ĐUB",
                                     body="<p>Kế hoạch tuyệt mật đỏthẫm về biên giới.</p>"),
    }
    meetings = {
        "meeting_a": MeetingFactory(cell=cell_a, title=f"Sinh hoạt chuyên đề {WORD} chi bộ A", is_public=False,
                                    conclusion="Kết luận nội bộ tímngắt."),
        "meeting_public": MeetingFactory(cell=cell_b, title=f"Sinh hoạt chuyên đề mẫu {WORD} chi bộ B",
                                         is_public=True),
    }
    users = {"anonymous": None}
    users["member_a"] = MembershipFactory(organization=cell_a, role="member").user
    users["member_b"] = MembershipFactory(organization=cell_b, role="member").user
    users["staff_a"] = MembershipFactory(organization=committee_a, role="staff").user
    users["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
    return {"items": items, "meetings": meetings, "users": users, "cells": (cell_a, cell_b)}


EXPECTED = {
    "anonymous": {"public", "meeting_public"},
    "member_a": {"public", "internal", "only_a", "meeting_a", "meeting_public"},
    "member_b": {"public", "internal", "only_b", "meeting_public"},
    "staff_a": {"public", "internal", "only_a", "meeting_a", "meeting_public"},
    "superuser": {"public", "internal", "only_a", "only_b", "meeting_a", "meeting_public"},
}
SECRETS = {"only_a": "xanhbiec", "only_b": "đỏthẫm", "meeting_a": "tímngắt"}


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", list(EXPECTED))
def test_privacy_matrix(engine, world, who):
    engine.sync()
    titles = {name: obj.title for name, obj in {**world["items"], **world["meetings"]}.items()}
    client = _client(world["users"][who])
    data = engine.api(client, q=WORD)
    seen = {name for name, title in titles.items() if title in {r["title"] for r in data["results"]}}
    assert seen == EXPECTED[who]
    assert data["count"] == len(EXPECTED[who])
    assert sum(f["count"] for f in data["facets"]["kind"]) == len(EXPECTED[who])
    raw = json.dumps(data, ensure_ascii=False)
    for name, secret in SECRETS.items():
        if name not in EXPECTED[who]:
            assert secret not in raw
            assert titles[name] not in raw
    if "only_b" not in EXPECTED[who]:
        assert "Ban Riêng Khối B" not in raw and "KH" not in {f["value"] for f in data["facets"]["kind"]}
        # Searching the denied item's own words and number finds nothing and suggests nothing.
        for q in ("đỏthẫm", "77-KH/ĐUB", "bien gioi", "bien gioj", "kế hoạch tuyệt mật"):
            probe = engine.api(client, q=q)
            text = json.dumps(probe, ensure_ascii=False)
            assert "Tài liệu riêng chi bộ B" not in text and "đỏthẫm" not in text, q
            assert "biên giới" not in text, q
            suggestion = probe.get("suggestion", "")
            assert "giới" not in suggestion and "gioi" not in suggestion.replace(q, ""), q
    # The engine agrees with the access layer on library items.
    user = world["users"][who]
    allowed_items = set(Viewer(user).library_items().values_list("title", flat=True)) if user else set(
        LibraryItem.objects.filter(live=True, visibility="public").values_list("title", flat=True))
    assert {t for n, t in titles.items() if n in seen and not n.startswith("meeting")} == allowed_items


def test_allowed_member_gets_the_suggestion_others_do_not(engine, world):
    engine.sync()
    allowed = engine.api(_client(world["users"]["member_b"]), q="bien gioj")
    denied = engine.api(_client(world["users"]["member_a"]), q="bien gioj")
    assert allowed.get("suggestion") in ("biên giới", "bien gioi")
    assert "suggestion" not in denied and denied["count"] == 0


def test_restriction_change_reaches_the_index(engine, world):
    """Allowed organizations edited after the fact (as in the admin) move the item in or out at once."""
    engine.sync()
    item = world["items"]["only_a"]
    member_b = _client(world["users"]["member_b"])
    assert item.title not in engine.titles(member_b, q=WORD)
    item.allowed_orgs.set([world["cells"][1]])
    item.save()
    engine.sync()
    assert item.title in engine.titles(member_b, q=WORD)
    assert item.title not in engine.titles(_client(world["users"]["member_a"]), q=WORD)
    item.visibility = "public"
    item.save()
    engine.sync()
    assert item.title in engine.titles(Client(), q=WORD)


def test_one_visitors_matches_never_reach_the_next_visitor(engine, world):
    """The database engines keep a request's matches in a connection-local table; the next request on the same
    connection — here a visitor right after a superuser, with a query matching nothing — sees only its own."""
    engine.sync()
    admin, anonymous = _client(world["users"]["superuser"]), Client()
    assert engine.api(admin, q=WORD)["count"] == len(EXPECTED["superuser"])
    nothing = engine.api(anonymous, q="xyzzyqwv")
    assert nothing["count"] == 0 and nothing["results"] == []
    data = engine.api(anonymous, q=WORD)
    assert data["count"] == len(EXPECTED["anonymous"])
    assert {r["title"] for r in data["results"]} == {world["items"]["public"].title,
                                                     world["meetings"]["meeting_public"].title}
