"""Issue 14: bad input on any public URL is a 4xx with a message, never a 500.

For every public route (tests/hardening/urls.py walks the URL configuration) and every GET parameter its
view reads (discovered by watching the view), first a fixed list of values that broke pages before —
ids past 2⁶³, year 0001 and 9999, NUL bytes, "NaN", 10⁴⁰⁰ — then random strings and numbers from
``hypothesis``, as an anonymous visitor, a member and a superuser (who reaches the most code). Integer path
segments get the same treatment. Bounded by the "sotay" hypothesis profile (tests/hardening/conftest.py).
"""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from django.test import Client
from hypothesis import strategies as st

from tests.hardening.urls import Route, discover_params, public_routes

NASTY = ["9999999999999999999999", "-9999999999999999999999", "9223372036854775808", "0", "-1", "1e309", "NaN",
         "inf", "¹²", "٣", "0001-01-01", "9999-12-31", "31/12/9999", "00/00/0000", "2026-02-30", "1899", "2101", "99999",
         "\x00", "%00", " ", "ꙮ" * 300, "a" * 5000, "'\"<script>", "1,2,3", "[]", "{}", "../../etc/passwd"]
PATH_INTS = [0, 9223372036854775807, 9223372036854775808, 10**22]
ROLES = ("anonymous", "member_a", "superuser")

values = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(NASTY),
)


def _clients(world) -> dict:
    """A test client per role that answers 500 like the server would, instead of raising."""
    out = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world.users[role])
        out[role] = client
    return out


def _routes_and_params(world):
    client = world.client("superuser")
    return [(route, discover_params(client, route.path)) for route in public_routes(world)]


def _assert_no_5xx(client, path, query, role):
    response = client.get(path, query)
    assert response.status_code < 500, f"{role} GET {path} {query!r} → {response.status_code}"


@pytest.mark.django_db
def test_every_public_route_is_found(world):
    names = {r.name for r in public_routes(world)}
    for expected in ("search:api", "search:page", "topics:api-meetings", "reports:api_thematic_meetings",
                     "library:index", "library:item", "topics:meeting", "wagtaildocs_serve", "healthz"):
        assert expected in names
    params = dict((r.name, p) for r, p in _routes_and_params(world))
    assert {"q", "topic", "year", "issuer", "cell", "page", "kind"} <= set(params["search:api"])
    assert {"from", "to", "page", "cell", "org", "status"} <= set(params["topics:api-meetings"])
    assert {"co_quan", "nam", "trang"} <= set(params["library:index"])


def _failures(client, path, queries, role) -> list[str]:
    out = []
    for query in queries:
        status = client.get(path, query).status_code
        if status >= 500:
            out.append(f"{role} GET {path} {query!r} → {status}")
    return out


@pytest.mark.django_db
def test_known_bad_values_on_every_parameter_never_500(world):
    """Every parameter × every known-bad value as a superuser; the anonymous and member views of the same
    pages with the values that broke pages before (ids, years, dates)."""
    clients = _clients(world)
    failures = []
    routes = _routes_and_params(world)
    # Parameters every page reads (the header's search box): fully fuzzed on the home page only.
    common = set(dict((r.name, p) for r, p in routes)["home"])
    for route, params in routes:
        own = [p for p in params if route.name == "home" or p not in common]
        queries = [{p: v} for p in own for v in NASTY] + [{p: v} for p in params if p not in own for v in NASTY[:3]]
        failures += _failures(clients["superuser"], route.path, queries, "superuser")
        for role in ("anonymous", "member_a"):
            failures += _failures(clients[role], route.path, [{p: v} for p in own for v in NASTY[:8]], role)
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


@pytest.mark.django_db
def test_huge_ids_in_paths_never_500(world):
    clients = _clients(world)
    for route in public_routes(world):
        for number in PATH_INTS:
            path = route.with_ints(number)
            if path:
                for role, client in clients.items():
                    _assert_no_5xx(client, path, {}, role)


@pytest.mark.django_db
def test_random_parameters_never_500(world):
    routes = _routes_and_params(world)
    clients = _clients(world)

    @settings(max_examples=int(os.environ.get("SOTAY_FUZZ_EXAMPLES", "25")) * 12)
    @given(data=st.data())
    def check(data):
        route, params = data.draw(st.sampled_from(routes), label="route")
        chosen = data.draw(st.lists(st.sampled_from(params), max_size=4, unique=True), label="params")
        query = {p: data.draw(values, label=p) for p in chosen}
        role = data.draw(st.sampled_from(ROLES), label="role")
        _assert_no_5xx(clients[role], route.path, query, role)

    check()


def test_route_paths_fill_integer_segments():
    route = Route("x", "to-chuc/<id:pk>/ke-hoach/<int:year>/", "/to-chuc/1/ke-hoach/2026/",
                  {"pk": "id", "year": "int"})
    assert route.with_ints(7) == "/to-chuc/7/ke-hoach/7/"
