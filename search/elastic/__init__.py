"""The Elasticsearch connection: client, index names, health, and a small circuit breaker.

* ``GET /`` answers 405 on the test distribution, so health is ``GET /_cluster/health`` everywhere.
* When the node fails, requests must not each wait for a timeout: the circuit breaker (search/breaker.py)
  opens after a few failures and the service answers from the database meanwhile (``backend: "database"``).
* Index names start with ``ELASTICSEARCH_INDEX_PREFIX``; searches go through the alias
  ``<prefix>-entries``, which ``search_index rebuild`` moves to a freshly built index (zero downtime).
"""
from __future__ import annotations

import logging
import time
from functools import lru_cache

from django.conf import settings

from search import breaker

log = logging.getLogger(__name__)
DOWN_SECONDS = 5.0
UP_SECONDS = 15.0

_state = {"url": None, "ok": None, "until": 0.0, "error": ""}


def configured() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


@lru_cache(maxsize=4)
def _client(url: str, timeout: float):
    from elasticsearch import Elasticsearch

    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client(timeout: float | None = None):
    return _client(settings.ELASTICSEARCH_URL, float(timeout or settings.ELASTICSEARCH_TIMEOUT))


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-entries"


def new_index_name() -> str:
    return f"{alias_name()}-{time.strftime('%Y%m%d%H%M%S')}-{int(time.time() * 1000) % 1000:03d}"


def cluster_health(timeout: float = 2.0) -> dict:
    """``/_cluster/health`` as a dict; raises on any connection problem."""
    return dict(client(timeout).cluster.health(request_timeout=timeout))


def mark_down(error: Exception | str) -> None:
    """A request to the node failed: counted by the circuit breaker (search/breaker.py)."""
    _state.update(url=settings.ELASTICSEARCH_URL, ok=False, until=time.monotonic() + DOWN_SECONDS,
                  error=str(error)[:300])
    breaker.BREAKER.failure(error)
    log.warning("Elasticsearch unavailable, using the database backend: %s", error)


def mark_up() -> None:
    _state.update(url=settings.ELASTICSEARCH_URL, ok=True, until=time.monotonic() + UP_SECONDS, error="")
    breaker.BREAKER.success()


def reset() -> None:
    """Forget the remembered state (tests switch URLs)."""
    _state.update(url=None, ok=None, until=0.0, error="")
    breaker.BREAKER.reset()


def available() -> bool:
    """May a request use the node now? Never waits on the network: the circuit breaker decides, and the
    node's health is probed in the background (search/breaker.py)."""
    if not configured():
        return False
    if _state["url"] not in (None, settings.ELASTICSEARCH_URL):
        reset()  # another node (tests switch URLs): forget what the breaker learned about the old one
    _state["url"] = settings.ELASTICSEARCH_URL
    return breaker.BREAKER.allow()


def probe_node(timeout: float) -> dict:
    """``/_cluster/health`` and the search alias, each bounded by ``timeout`` seconds; raises when unusable.
    The circuit breaker's health check (search/breaker.py)."""
    es = client(timeout)
    health = dict(es.cluster.health(request_timeout=timeout))
    if health.get("status") not in ("green", "yellow"):
        raise RuntimeError(f"cluster {health.get('status')}")
    if not es.indices.exists_alias(name=alias_name(), request_timeout=timeout):
        raise RuntimeError(f"alias {alias_name()} missing: run `manage.py search_index rebuild`")
    return health


breaker.BREAKER.set_probe(probe_node)


def last_error() -> str:
    return _state["error"] or breaker.BREAKER.last_error
