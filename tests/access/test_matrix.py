"""The privacy matrix: roles × items × surfaces, every cell asserted.

Roles: anonymous, member of cell A, member of cell B (same đảng bộ), secretary of A, staff of the đảng bộ
above A, staff of a sibling đảng bộ, superuser. Items: a public, an internal and a restricted-to-A document,
a (private) meeting of A and its minutes/outcome. Surfaces: the item or meeting page, the library listing,
/api/search/, /api/meetings/, /api/items/<id>/ (and the relations in the public item's JSON), /feeds/library/,
/sitemap.xml, the attachment download, the relations panel on the public document's page, and the topic page
(documents and topic history).

One test per (surface, role) observes every item on that surface and compares the whole row with the
expected outcome, so a failure lists every wrong cell at once. Outcomes:

* ``visible`` — the user gets the thing (200 and its text/URL present);
* ``hidden``  — 404, or the page/JSON/file says nothing of it (its made-up word never appears);
* ``login``   — redirected to the login page (an anonymous visitor asking for an internal item).
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch, reverse

from tests.access.conftest import ROLES, TOKENS, VISIBLE
# Search runs on both engines (database, and Elasticsearch marked `elasticsearch`), with the search
# suite's own fixtures: a fresh index prefix per test, never skipped when the node is missing.
from tests.search.conftest import _fresh_vocabulary, db_settings, engine, es_settings  # noqa: F401

ITEM_KEYS = ["public", "internal", "restricted_a"]
ALL_KEYS = ITEM_KEYS + ["meeting_a", "minutes_a"]
LOGIN_PATH = "/tai-khoan/dang-nhap/"
EITHER = {"visible", "hidden"}  # surfaces that may or may not list a thing, but must not leak it


def expected(surface: str, role: str, key: str) -> set[str]:
    allowed = role in VISIBLE[key]
    if surface in ("feed", "sitemap"):
        # Feeds and sitemaps are public documents: only public items, whoever asks.
        return {"visible"} if key == "public" else {"hidden"}
    if surface == "related_panel" and key in ("meeting_a", "minutes_a"):
        return EITHER if allowed else {"hidden"}
    if surface == "listing" and key in ("meeting_a", "minutes_a"):
        return EITHER if allowed else {"hidden"}
    if allowed:
        return {"visible"}
    if role == "anonymous" and key == "internal" and surface in ("page", "download"):
        return {"login"}
    if role == "anonymous" and key in ("meeting_a", "minutes_a") and surface == "page":
        return {"hidden", "login"}
    return {"hidden"}


def _path(url: str) -> str:
    return urlsplit(url or "").path


def _meeting_url(meeting) -> str | None:
    try:
        return meeting.get_absolute_url()
    except NoReverseMatch:
        return None


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _page_outcome(response, *tokens) -> str:
    if response.status_code in (301, 302) and urlsplit(response["Location"]).path == LOGIN_PATH:
        return "login"
    if response.status_code == 404:
        return "hidden"
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    body = _body(response)
    return "visible" if any(t in body for t in tokens) else "hidden"


def _text_outcome(body: str, *tokens) -> str:
    return "visible" if any(t in body for t in tokens) else "hidden"


# -- surfaces: each returns {key: observed outcome} ----------------------------------------------
def observe_page(world, client) -> dict:
    out = {key: _page_outcome(client.get(world.items[key].get_absolute_url()), TOKENS[key]) for key in ITEM_KEYS}
    url = _meeting_url(world.meeting)
    if url is None:
        out["meeting_a"] = out["minutes_a"] = "no meeting page (topics:meeting not routed)"
        return out
    response = client.get(url)
    out["meeting_a"] = _page_outcome(response, TOKENS["meeting_a"])
    if response.status_code == 200:
        out["minutes_a"] = _text_outcome(_body(response), TOKENS["minutes_a"], TOKENS["conclusion_a"])
    else:
        out["minutes_a"] = _page_outcome(response, TOKENS["minutes_a"])
    return out


def observe_listing(world, client) -> dict:
    response = client.get(reverse("library:index"))
    if response.status_code != 200:
        return {key: f"HTTP {response.status_code}" for key in ALL_KEYS}
    body = _body(response)
    return {
        **{key: _text_outcome(body, TOKENS[key]) for key in ITEM_KEYS},
        "meeting_a": _text_outcome(body, TOKENS["meeting_a"]),
        "minutes_a": _text_outcome(body, TOKENS["minutes_a"], TOKENS["conclusion_a"]),
    }


def _search(client, q: str, engine_name: str | None = None):
    response = client.get("/api/search/", {"q": q})
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("application/json"):
        return None, f"/api/search/ answered HTTP {response.status_code}"
    data = response.json()
    if not isinstance(data.get("results"), list):
        return None, "/api/search/ has no results list"
    if engine_name and data.get("backend") != engine_name:
        return None, f"answered by {data.get('backend')}, expected {engine_name}"
    return data, None


def observe_search(world, client, engine_name=None) -> dict:
    out = {}
    targets = {key: _path(world.items[key].get_absolute_url()) for key in ITEM_KEYS}
    meeting_url = _meeting_url(world.meeting)
    queries = {**{key: TOKENS[key] for key in ITEM_KEYS}, "meeting_a": TOKENS["meeting_a"],
               "minutes_a": TOKENS["conclusion_a"]}
    for key, q in queries.items():
        data, error = _search(client, q, engine_name)
        if error:
            out[key] = error
            continue
        leaked_text = json.dumps([data["results"], data.get("facets")], ensure_ascii=False)
        target = targets.get(key) or (_path(meeting_url) if meeting_url else None)
        hit = target is not None and any(_path(r.get("url")) == target for r in data["results"])
        mentioned = TOKENS[key] in leaked_text or (key == "minutes_a" and TOKENS["conclusion_a"] in leaked_text)
        out[key] = "visible" if hit else ("hidden" if not mentioned else "leaked text without a result URL")
    return out


def observe_meetings_api(world, client) -> dict:
    response = client.get("/api/meetings/")
    if response.status_code != 200:
        return {key: f"/api/meetings/ answered HTTP {response.status_code}" for key in ALL_KEYS}
    results = response.json().get("results", [])
    by_id = {r.get("id"): r for r in results}
    out = {
        "meeting_a": "visible" if world.meeting.pk in by_id else
        ("hidden" if TOKENS["meeting_a"] not in json.dumps(results, ensure_ascii=False) else "leaked"),
        "minutes_a": _text_outcome(json.dumps(results, ensure_ascii=False), TOKENS["conclusion_a"],
                                   TOKENS["minutes_a"]),
    }
    # Documents appear on this surface as materials of the public meeting of cell A.
    public = by_id.get(world.public_meeting.pk)
    for key in ITEM_KEYS:
        if public is None:
            out[key] = "public meeting missing from /api/meetings/"
        else:
            out[key] = _text_outcome(json.dumps(public.get("materials", []), ensure_ascii=False), TOKENS[key])
    return out


def observe_feed(world, client) -> dict:
    response = client.get("/feeds/library/")
    if response.status_code != 200:
        return {key: f"HTTP {response.status_code}" for key in ALL_KEYS}
    body = _body(response)
    return {
        **{key: _text_outcome(body, TOKENS[key]) for key in ITEM_KEYS},
        "meeting_a": _text_outcome(body, TOKENS["meeting_a"]),
        "minutes_a": _text_outcome(body, TOKENS["minutes_a"], TOKENS["conclusion_a"]),
    }


def observe_sitemap(world, client) -> dict:
    response = client.get("/sitemap.xml")
    if response.status_code != 200:
        return {key: f"HTTP {response.status_code}" for key in ALL_KEYS}
    body = _body(response)

    def listed(url):
        return "visible" if url and (_path(url) + "</loc>") in body else "hidden"

    meeting_url = _meeting_url(world.meeting)
    return {
        **{key: listed(world.items[key].get_absolute_url()) for key in ITEM_KEYS},
        "meeting_a": listed(meeting_url),
        "minutes_a": _text_outcome(body, TOKENS["minutes_a"], TOKENS["conclusion_a"]),
    }


def observe_download(world, client) -> dict:
    out = {}
    for key in ITEM_KEYS:
        response = client.get(world.files[key].url)
        outcome = _page_outcome(response, TOKENS[key])
        out[key] = outcome
    return out


def observe_related_panel(world, client) -> dict:
    response = client.get(world.items["public"].get_absolute_url())
    if response.status_code != 200:
        return {key: f"HTTP {response.status_code}" for key in ("internal", "restricted_a", "meeting_a", "minutes_a")}
    body = _body(response)
    return {
        "internal": _text_outcome(body, TOKENS["internal"]),
        "restricted_a": _text_outcome(body, TOKENS["restricted_a"]),
        "meeting_a": _text_outcome(body, TOKENS["meeting_a"]),
        "minutes_a": _text_outcome(body, TOKENS["minutes_a"], TOKENS["conclusion_a"]),
    }


def observe_item_api(world, client) -> dict:
    """``GET /api/items/<id>/``: 200 with the item, or 404 — never 403 and never the login page."""
    out = {}
    for key in ITEM_KEYS:
        item = world.items[key]
        response = client.get(reverse("library:api-item", args=[item.pk]))
        if response.status_code == 404:
            out[key] = "hidden" if TOKENS[key] not in _body(response) else "404 naming the item"
        elif response.status_code == 200:
            data = response.json()
            out[key] = "visible" if data.get("id") == item.pk and TOKENS[key] in data.get("title", "") else "wrong item"
        else:
            out[key] = f"HTTP {response.status_code}"
    return out


def observe_item_api_relations(world, client) -> dict:
    response = client.get(reverse("library:api-item", args=[world.items["public"].pk]))
    if response.status_code != 200:
        return {key: f"HTTP {response.status_code}" for key in ("internal", "restricted_a")}
    relations = json.dumps(response.json().get("relations"), ensure_ascii=False)
    return {key: _text_outcome(relations, TOKENS[key]) for key in ("internal", "restricted_a")}


def observe_topic_page(world, client) -> dict:
    response = client.get(world.topic.get_absolute_url())
    if response.status_code != 200:
        return {key: f"HTTP {response.status_code}" for key in ALL_KEYS}
    body = _body(response)
    return {
        **{key: _text_outcome(body, TOKENS[key]) for key in ITEM_KEYS},
        "meeting_a": _text_outcome(body, TOKENS["meeting_a"]),
        "minutes_a": _text_outcome(body, TOKENS["minutes_a"], TOKENS["conclusion_a"]),
    }


SURFACES = {
    "page": observe_page,
    "listing": observe_listing,
    "search": observe_search,
    "meetings_api": observe_meetings_api,
    "feed": observe_feed,
    "sitemap": observe_sitemap,
    "download": observe_download,
    "related_panel": observe_related_panel,
    "topic_page": observe_topic_page,
    "item_api": observe_item_api,
    "item_api_relations": observe_item_api_relations,
}


def _compare(surface, role, observed):
    wrong = []
    for key, outcome in observed.items():
        want = expected(surface, role, key)
        if outcome not in want:
            wrong.append(f"  {surface} × {role} × {key}: expected {' or '.join(sorted(want))}, got {outcome}")
    assert not wrong, "privacy matrix cells wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("surface", [s for s in SURFACES if s != "search"])
def test_privacy_matrix(world, surface, role):
    _compare(surface, role, SURFACES[surface](world, world.client(role)))


@pytest.mark.parametrize("role", ROLES)
def test_privacy_matrix_search(world, engine, role):
    engine.sync()
    _compare(f"search ({engine.name})", role, observe_search(world, world.client(role), engine.name))


def test_matrix_covers_every_cell(world):
    """Guard against a surface silently dropping cells: count them."""
    cells = 0
    for surface, observe in SURFACES.items():
        observed = observe(world, world.client("superuser"))
        cells += len(observed) * len(ROLES)
    # page 5 + listing 5 + search 5 + meetings API 5 + feed 5 + sitemap 5 + download 3 + related 4 + topic 5
    # + item API 3 + relations in the item API 2
    assert cells == 47 * len(ROLES)


# -- search counts and facets never count what the user may not see -----------------------------
SEARCH_COUNT = {role: sum(1 for key in ITEM_KEYS if role in VISIBLE[key]) for role in ROLES}


@pytest.mark.parametrize("role", ROLES)
def test_search_counts_and_facets_hide_private_items(world, engine, role):
    engine.sync()
    data, error = _search(world.client(role), "matranchung", engine.name)
    assert error is None, error
    assert data["count"] == SEARCH_COUNT[role], (role, data["count"])
    facets = json.dumps(data.get("facets", {}), ensure_ascii=False)
    if role not in VISIBLE["restricted_a"]:
        assert "GAMMAISSUER" not in facets, f"{role} sees the restricted item's issuer in the facets"
        assert "73-NQ/MT" not in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("role", ROLES)
def test_meetings_api_count_hides_private_meetings(world, role):
    response = world.client(role).get("/api/meetings/", {"cell": world.cell_a.name})
    assert response.status_code == 200
    data = response.json()
    expected_count = 1 + (1 if role in VISIBLE["meeting_a"] else 0)  # the public meeting, plus the private one
    assert data["count"] == expected_count
    assert len(data["results"]) == expected_count
