"""One fixture, every engine: tests that take ``engine`` run once on the database backend and once on
Elasticsearch (like django-modelsearch's ``BackendTests``).

The Elasticsearch run is marked ``elasticsearch`` (select it with ``-m elasticsearch``, leave it out with
``-m "not elasticsearch"``). It reads ``ELASTICSEARCH_URL``; when that is unset or the node does not answer,
the test FAILS with the reason: a missing node must never look like a green build. Each test gets its own
index prefix, and its indices are deleted afterwards, so runs sharing one node never see each other.
"""
from __future__ import annotations

import os
import uuid

import pytest
from django.test import Client

from search import elastic

ENV_URL = os.environ.get("ELASTICSEARCH_URL", "").strip()
RUN_PREFIX = f"{os.environ.get('ELASTICSEARCH_INDEX_PREFIX', 'sotay-test')}-{uuid.uuid4().hex[:8]}"


class Engine:
    """What a test needs to know about the engine it runs on."""

    def __init__(self, name: str):
        self.name = name

    def sync(self):
        """Make every change so far searchable (ES: push the outbox and refresh; database: already is)."""
        if self.name == "elasticsearch":
            from search.elastic.sync import sync_outbox

            result = sync_outbox(raise_errors=True, refresh=True)
            assert not result.error, result.error

    def api(self, client: Client | None = None, **params):
        client = client or Client()
        resp = client.get("/api/search/", params)
        assert resp.status_code == 200, resp.content[:500]
        data = resp.json()
        assert data["backend"] == self.name, f"answered by {data['backend']}, expected {self.name}"
        return data

    def titles(self, client: Client | None = None, **params) -> list[str]:
        return [r["title"] for r in self.api(client, **params)["results"]]


def _require_node(url: str) -> None:
    if not url:
        pytest.fail("ELASTICSEARCH_URL is not set: start the node with `make es-up` and export "
                    "ELASTICSEARCH_URL=http://127.0.0.1:9200 (Elasticsearch tests never skip)", pytrace=False)
    import urllib.request

    try:
        with urllib.request.urlopen(url.rstrip("/") + "/_cluster/health", timeout=5) as resp:
            resp.read()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"Elasticsearch at {url} is unreachable ({exc}); run `make es-up`", pytrace=False)


@pytest.fixture
def es_settings(settings):
    """Point the app at the real node with a fresh index prefix; delete that prefix's indices after."""
    _require_node(ENV_URL)
    settings.ELASTICSEARCH_URL = ENV_URL
    settings.ELASTICSEARCH_INDEX_PREFIX = f"{RUN_PREFIX}-{uuid.uuid4().hex[:6]}"
    elastic.reset()
    yield settings
    try:
        from search.elastic.sync import drop_indices

        drop_indices()
    finally:
        elastic.reset()


@pytest.fixture
def db_settings(settings):
    settings.ELASTICSEARCH_URL = ""
    elastic.reset()
    yield settings
    elastic.reset()


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def engine(request, db):
    if request.param == "elasticsearch":
        request.getfixturevalue("es_settings")
        from search.elastic.sync import rebuild_index

        rebuild_index()  # an empty index with its alias, so the first search already uses the node
    else:
        request.getfixturevalue("db_settings")
    return Engine(request.param)


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    """Per-process caches of term statistics must not carry one test's corpus into the next."""
    from search.backends.database import forget_term_stats
    from search.suggest import reset_vocabulary

    reset_vocabulary()
    forget_term_stats()
    yield
