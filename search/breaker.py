"""A circuit breaker in front of Elasticsearch, so a node that hangs never slows readers down.

A node that accepts connections and never answers costs every request its full timeout. The breaker counts
failures (timeouts, refused connections, a missing alias); after ``ELASTICSEARCH_BREAKER_FAILURES`` of them
within a minute it *opens*: for ``ELASTICSEARCH_BREAKER_SECONDS`` every search goes to the database backend without
touching the network. When that time is up, one probe (``/_cluster/health`` and the alias, with the short
``ELASTICSEARCH_PROBE_TIMEOUT``) runs in a background thread while readers keep using the database; the
breaker closes only when the probe succeeds. State is per process (each gunicorn worker learns on its own).

``/healthz`` uses :func:`health`: it reports an open breaker without a network call, and otherwise probes
with the short timeout, so it answers well under 200 ms even when the node hangs.
"""
from __future__ import annotations

import logging
import threading
import time

from django.conf import settings

log = logging.getLogger(__name__)
FAILURE_WINDOW = 60.0  # seconds: older failures are forgotten


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


class CircuitBreaker:
    CLOSED, OPEN = "closed", "open"

    def __init__(self, probe=None):
        self._lock = threading.Lock()
        self._probe = probe or _no_probe
        self.reset()

    def set_probe(self, probe) -> None:
        """The health check to run (search/elastic registers ``probe_node``: this module imports no node code)."""
        self._probe = probe

    def reset(self) -> None:
        with getattr(self, "_lock", threading.Lock()):
            self.state = self.CLOSED
            self.failures = 0
            self.failed_at: list[float] = []
            self.open_until = 0.0
            self.last_error = ""
            self._probing = False

    # -- asking ---------------------------------------------------------------------------------------------
    def allow(self) -> bool:
        """May a request use Elasticsearch now? Never blocks; may start a background probe."""
        if self.state == self.CLOSED:
            return True
        if time.monotonic() >= self.open_until:
            self._start_probe()
        return False

    @property
    def is_open(self) -> bool:
        return self.state == self.OPEN

    def seconds_left(self) -> float:
        return max(0.0, self.open_until - time.monotonic()) if self.is_open else 0.0

    # -- telling --------------------------------------------------------------------------------------------
    def success(self) -> None:
        with self._lock:
            if self.state == self.OPEN:
                log.warning("Elasticsearch answers again: circuit closed")
            self.state, self.failures, self.failed_at, self.last_error = self.CLOSED, 0, [], ""

    def failure(self, error) -> None:
        with self._lock:
            now = time.monotonic()
            self.failed_at = [t for t in self.failed_at if now - t < FAILURE_WINDOW] + [now]
            self.failures = len(self.failed_at)
            self.last_error = str(error)[:300]
            threshold = int(_setting("ELASTICSEARCH_BREAKER_FAILURES", 3))
            if self.state == self.OPEN or self.failures >= threshold:
                if self.state != self.OPEN:
                    log.warning("Elasticsearch failed %d times (%s): circuit open, database backend for %.0f s",
                                self.failures, self.last_error, _setting("ELASTICSEARCH_BREAKER_SECONDS", 30))
                self.state = self.OPEN
                self.open_until = time.monotonic() + _setting("ELASTICSEARCH_BREAKER_SECONDS", 30)

    # -- probing --------------------------------------------------------------------------------------------
    def probe(self) -> bool:
        """One health check with the short timeout; closes the breaker on success, re-opens it on failure."""
        try:
            self._probe(_setting("ELASTICSEARCH_PROBE_TIMEOUT", 0.15))
        except Exception as exc:  # noqa: BLE001 — any failure keeps the circuit open
            self.failure(exc)
            return False
        finally:
            self._probing = False
        self.success()
        return True

    def _start_probe(self) -> None:
        with self._lock:
            if self._probing:
                return
            self._probing = True
            # Until the probe answers, the next probe waits a full period again.
            self.open_until = time.monotonic() + _setting("ELASTICSEARCH_BREAKER_SECONDS", 30)
        threading.Thread(target=self.probe, name="es-breaker-probe", daemon=True).start()


def _no_probe(timeout: float) -> dict:
    raise RuntimeError("no Elasticsearch probe registered")


BREAKER = CircuitBreaker()


def health() -> dict:
    """The Elasticsearch part of ``/healthz``: ``{"ok", "circuit", "cluster"|"error"}``, bounded in time."""
    if BREAKER.is_open and not BREAKER.allow():
        return {"ok": False, "circuit": "open", "retry_in_seconds": round(BREAKER.seconds_left(), 1),
                "error": BREAKER.last_error}
    try:
        status = BREAKER._probe(_setting("ELASTICSEARCH_PROBE_TIMEOUT", 0.15))
    except Exception as exc:  # noqa: BLE001
        BREAKER.failure(exc)
        return {"ok": False, "circuit": "open" if BREAKER.is_open else "closed", "error": str(exc)[:200]}
    BREAKER.success()
    return {"ok": True, "circuit": "closed", "cluster": status.get("status")}
