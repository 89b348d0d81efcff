"""Issue 14, "Elasticsearch that hangs": a node that accepts connections and never answers.

A real socket server on loopback accepts every connection and never writes a byte. Readers must get their
answers from the database without waiting once the circuit breaker has opened (search/breaker.py), /healthz
must answer with a short probe (or none while the circuit is open), and publishing must not wait on the node.
"""
from __future__ import annotations

import socket
import threading
import time

import pytest
from django.test import Client, RequestFactory

from search import elastic
from search.breaker import BREAKER, CircuitBreaker
from search.middleware import OutboxSyncMiddleware
from tests.factories import LibraryItemFactory

pytestmark = pytest.mark.django_db


class HangingNode:
    """Accepts connections, reads nothing, answers nothing; counts connections."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(128)
        self.accepted: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.server.settimeout(0.1)
        while not self._stop:
            try:
                conn, _addr = self.server.accept()
            except OSError:
                continue
            self.accepted.append(conn)

    @property
    def connections(self) -> int:
        return len(self.accepted)

    def close(self):
        self._stop = True
        self.thread.join(2)
        for conn in self.accepted:
            conn.close()
        self.server.close()


@pytest.fixture
def hanging(settings):
    node = HangingNode()
    settings.ELASTICSEARCH_URL = node.url
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    settings.ELASTICSEARCH_BREAKER_FAILURES = 3
    settings.ELASTICSEARCH_BREAKER_SECONDS = 60
    settings.ELASTICSEARCH_PROBE_TIMEOUT = 0.15
    elastic.reset()
    elastic._client.cache_clear()
    yield node
    elastic.reset()
    elastic._client.cache_clear()
    node.close()


def test_after_a_few_failures_readers_never_touch_the_hanging_node(hanging):
    LibraryItemFactory(title="Hướng dẫn sinh hoạt chi bộ thường kỳ")
    client = Client()
    for _ in range(3):  # each of these waits for its (short) timeout, then answers from the database
        response = client.get("/api/search/", {"q": "sinh hoạt"})
        assert response.status_code == 200 and response.json()["backend"] == "database"
        assert response.json()["count"] == 1
    assert BREAKER.is_open
    before = hanging.connections
    started = time.monotonic()
    for _ in range(20):
        response = client.get("/api/search/", {"q": "sinh hoạt"})
        assert response.json()["backend"] == "database" and response.json()["count"] == 1
    assert hanging.connections == before, "an open circuit must not open connections to the node"
    assert time.monotonic() - started < 20 * 0.3, "no reader waited for the node's timeout"


def test_healthz_answers_quickly_with_a_hanging_node(hanging):
    client = Client()
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 1.0  # the probe waits 0.15 s, not the 2 s it used to
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["search"]["backend"] == "database" and not body["search"]["ok"]
    for _ in range(3):
        BREAKER.failure("timeout")
    before = hanging.connections
    assert client.get("/healthz").json()["search"]["circuit"] == "open"
    assert hanging.connections == before  # an open circuit is reported without asking the node


def test_publishing_does_not_wait_on_the_node(hanging, settings):
    """The outbox push runs after the response is sent, and not at all while the circuit is open."""
    settings.SEARCH_SYNC_AFTER_REQUEST = True
    LibraryItemFactory(title="Quy chế làm việc")
    middleware = OutboxSyncMiddleware(lambda request: __import__("django.http").http.HttpResponse("ok"))
    before = hanging.connections
    response = middleware(RequestFactory().post("/admin/"))
    assert hanging.connections == before, "nothing was sent before the response"
    for _ in range(3):
        BREAKER.failure("timeout")
    response.close()  # the server has written the response: now the push may run
    assert hanging.connections == before, "an open circuit skips the push; the outbox waits"


def test_the_breaker_probes_in_the_background_and_closes_when_the_node_answers(settings):
    settings.ELASTICSEARCH_BREAKER_SECONDS = 0.05
    calls = []
    answers = {"ok": False}

    def probe(timeout):
        calls.append(timeout)
        if not answers["ok"]:
            raise ConnectionError("still hanging")
        return {"status": "green"}

    breaker = CircuitBreaker(probe=probe)
    for _ in range(3):
        breaker.failure("timeout")
    assert breaker.is_open and not breaker.allow()
    time.sleep(0.06)
    assert not breaker.allow()  # time is up: a probe starts in the background, the reader is not held
    for _ in range(50):
        if calls:
            break
        time.sleep(0.01)
    assert calls == [0.15] and breaker.is_open  # the probe failed: still open
    answers["ok"] = True
    time.sleep(0.06)
    breaker.allow()
    for _ in range(100):
        if not breaker.is_open:
            break
        time.sleep(0.01)
    assert not breaker.is_open and breaker.allow()


def test_failures_spread_over_time_do_not_open_the_circuit(settings, monkeypatch):
    breaker = CircuitBreaker(probe=lambda timeout: {})
    clock = [1000.0]
    monkeypatch.setattr("search.breaker.time.monotonic", lambda: clock[0])
    for _ in range(5):
        breaker.failure("timeout")
        clock[0] += 61
    assert not breaker.is_open
