"""Issue 14: the JSON API against its OpenAPI description (portal/openapi.yaml), with schemathesis.

Every operation of the description is called through the real WSGI application with data generated from
its parameters (valid and invalid), as an anonymous visitor and as a superuser; each answer must not be a
5xx and must match the description (status, content type, body schema). Bounded by the hypothesis profile
of tests/hardening/conftest.py.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from tests.hardening.urls import public_routes

SPEC = Path(django_settings.BASE_DIR) / "portal" / "openapi.yaml"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("SOTAY_FUZZ_EXAMPLES", "25")) * 2


def _operations():
    schema = schemathesis.openapi.from_path(SPEC)
    return schema, [result.ok() for result in schema.get_all_operations()]


SCHEMA, OPERATIONS = _operations()


@pytest.fixture
def wsgi_app():
    """The real WSGI application, minus the end-of-request connection closing (as Django's test client does):
    the test's database transaction lives on that connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _cookies(world, role) -> dict:
    """The session cookie of ``role`` (none for an anonymous visitor). Passed as ``cookies=``: schemathesis'
    WSGI transport does not send a ``Cookie`` given in ``headers=``."""
    if role == "anonymous":
        return {}
    client = Client()
    client.force_login(world.users[role])
    name = django_settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
@pytest.mark.parametrize("role", ["anonymous", "superuser"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_api_answers_as_described(world, wsgi_app, operation, role, mode):
    """Positive: data the description allows; negative: data it forbids (ids past 2⁶³, page 0, year 9999…)."""
    app = wsgi_app
    cookies = _cookies(world, role)

    @settings(max_examples=EXAMPLES)
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call(app=app, cookies=cookies)
        case.validate_response(response, checks=CHECKS)

    check()


@pytest.mark.django_db
def test_every_json_api_route_is_described(world):
    described = set(yaml.safe_load(SPEC.read_text())["paths"])
    routes = {"/" + r.pattern.replace("<id:pk>", "{id}") for r in public_routes(world) if r.pattern.startswith("api/") and r.name != "openapi"}
    assert routes <= described, f"describe these in portal/openapi.yaml: {sorted(routes - described)}"


def test_the_description_is_served(client):
    response = client.get("/api/openapi.yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["paths"].keys() == yaml.safe_load(SPEC.read_text())["paths"].keys()


@pytest.mark.django_db
@pytest.mark.parametrize("role, key, status", [
    ("anonymous", "public", 200), ("anonymous", "internal", 404), ("member_b", "restricted_a", 404),
    ("member_a", "restricted_a", 200), ("superuser", "internal", 200),
])
def test_item_api_answers_as_described(world, wsgi_app, role, key, status):
    """Random ids rarely name a real item: the description is also checked on the world's own items, the
    relations in both directions included (the public item cites the internal one, the restricted one
    implements the public one)."""
    operation = SCHEMA["/api/items/{id}/"]["GET"]
    cookies = _cookies(world, role)
    for query in ({}, {"as_of": "2020-01-01"}):
        case = operation.Case(path_parameters={"id": world.items[key].pk}, query=query)
        response = case.call(app=wsgi_app, cookies=cookies)
        assert response.status_code == status
        case.validate_response(response, checks=CHECKS)


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json") and response.json()["error"]
