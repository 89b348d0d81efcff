#!/usr/bin/env python
"""`make soak`: a bounded load test of a live portal, with Elasticsearch stopped and started in the middle.

What it does (loopback only, a few minutes at most, `--duration` seconds of load):

1. a throwaway portal (operations/liveserver.py): a temporary SQLite database (or a scratch PostgreSQL
   database when DATABASE_URL is postgres), the demo loaded, the search index built on a throwaway
   Elasticsearch node on its own port (scripts/es-up.sh with ES_PORT, started by scripts/soak.sh — never
   the developer's nodes), served by gunicorn as in production;
2. readers (anonymous visitors and members) fetch pages, searches, the meetings API and /healthz; writers
   (members logged in through the login form) save notes and bookmarks, each note with a unique text;
3. at one third of the run the Elasticsearch node is stopped, at two thirds it is started again;
4. at the end: **reader errors** (any 5xx or failed connection seen by a reader, target 0), **lost writes**
   (an acknowledged note or bookmark missing from the database, target 0), request counts and latencies,
   and which search backend answered while the node was down. Printed, and written as JSON like `make
   bench` (bench/results/soak-<timestamp>.json).

Usage: scripts/soak.sh (make soak) or `.venv/bin/python bench/soak.py --duration 120 --es-port 9250`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from operations.liveserver import LivePortal, Session  # noqa: E402

MEMBERS = [("tuphap.hanh", "Demo-2026-tup01"), ("tuphap.duc", "Demo-2026-tup02"), ("tuphap.mai", "Demo-2026-tup03"),
           ("bandantoc.thang", "Demo-2026-ban05"), ("taichinh.tuan", "Demo-2026-tai08"),
           ("capnuoc.khang", "Demo-2026-cap12"), ("moitruong.luc", "Demo-2026-moi15"),
           ("nganhang.nam", "Demo-2026-nga19")]
QUERIES = ["sinh hoạt chi bộ", "10-CT/TW", "chi bo", "nêu gương", "Nghị quyết", "học tập và làm theo Bác",
           "kiểm tra giám sát", "12-HD/BTCTW", "chuyển đổi số", "phòng chống tham nhũng"]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=float, default=float(os.environ.get("SOAK_SECONDS", "150")),
                   help="seconds of load (the node is stopped at 1/3 and started at 2/3)")
    p.add_argument("--readers", type=int, default=6)
    p.add_argument("--writers", type=int, default=4)
    p.add_argument("--es-port", type=int, default=int(os.environ.get("ES_PORT", "9250")))
    p.add_argument("--no-es-restart", action="store_true", help="keep the node up (a plain load test)")
    p.add_argument("--out", default=None, help="results JSON path (default bench/results/soak-<timestamp>.json)")
    return p.parse_args(argv)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {"read": [], "write": []}
        self.reader_errors: list[str] = []
        self.writer_errors: list[str] = []
        self.backends: dict[str, dict[str, int]] = {}
        self.acked_notes: dict[tuple[str, int], str] = {}
        self.acked_bookmarks: set[tuple[str, int]] = set()
        self.phase = "before"
        self.acked = 0

    def add(self, kind, seconds):
        with self.lock:
            self.latencies[kind].append(seconds)


def es(action: str, port: int) -> None:
    env = {**os.environ, "ES_PORT": str(port), "ES_HOME_DIR": f"/tmp/sotay-es-soak-{port}"}
    subprocess.run([str(ROOT / "scripts" / f"es-{action}.sh")], env=env, check=True, stdout=subprocess.DEVNULL)


def reader(portal, stats: Stats, items, stop, member=None):
    session = Session(portal.url(), timeout=30)
    if member:
        session.login(*member)
    rnd = random.Random()
    while not stop.is_set():
        choice = rnd.random()
        if choice < 0.45:
            path, params = "/api/search/", {"q": rnd.choice(QUERIES)}
        elif choice < 0.6:
            path, params = "/tim-kiem/", {"q": rnd.choice(QUERIES)}
        elif choice < 0.75:
            path, params = f"/thu-vien/{rnd.choice(items)}/", None
        elif choice < 0.85:
            path, params = "/api/meetings/", None
        elif choice < 0.95:
            path, params = rnd.choice(["/", "/thu-vien/", "/chu-de/"]), None
        else:
            path, params = "/healthz", None
        started = time.monotonic()
        status, body = session.get(path, params)
        stats.add("read", time.monotonic() - started)
        if status == 0 or status >= 500:
            with stats.lock:
                stats.reader_errors.append(f"{stats.phase} {status} {path} {params} {body[:120]!r}")
        elif path == "/api/search/" and status == 200:
            backend = json.loads(body).get("backend", "?")
            with stats.lock:
                counts = stats.backends.setdefault(stats.phase, {})
                counts[backend] = counts.get(backend, 0) + 1


def writer(portal, stats: Stats, items, stop, member, n):
    session = Session(portal.url(), timeout=60)
    if not session.login(*member):
        stats.writer_errors.append(f"login failed for {member[0]}")
        return
    k = 0
    while not stop.is_set():
        item = items[(n + k) % len(items)]
        started = time.monotonic()
        if k % 2:
            text = f"soak {member[0]} {n}-{k} {time.time():.3f}"
            status, _body = session.post(f"/hoc-tap/tai-lieu/{item}/ghi-chu/", {"text": text})
            if status == 302:
                with stats.lock:
                    stats.acked_notes[(member[0], item)] = text
        else:
            status, _body = session.post(f"/hoc-tap/tai-lieu/{item}/luu/", {"action": "save"})
            if status == 302:
                with stats.lock:
                    stats.acked_bookmarks.add((member[0], item))
        stats.add("write", time.monotonic() - started)
        if status == 302:
            with stats.lock:
                stats.acked += 1
        if status != 302:
            with stats.lock:
                stats.writer_errors.append(f"{stats.phase} {status} {member[0]} item {item}")
        k += 1


def pct(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def main(argv=None) -> int:
    args = parse_args(argv)
    es_url = f"http://127.0.0.1:{args.es_port}"
    work = Path(tempfile.mkdtemp(prefix="sotay-soak-"))
    env = {"ELASTICSEARCH_URL": es_url, "ELASTICSEARCH_INDEX_PREFIX": f"sotay-soak-{os.getpid()}",
           "SEARCH_SYNC_AFTER_REQUEST": "1", "ELASTICSEARCH_BREAKER_SECONDS": "5"}
    stats = Stats()
    with LivePortal(work / "portal", env=env) as portal:
        print(f"==> soak: portal in {work} ({portal.database_url.split(':')[0]}), Elasticsearch {es_url}")
        portal.migrate()
        portal.manage("load_demo")
        portal.manage("search_index", "rebuild")
        items = [int(x) for x in portal.shell(
            "from library.models import LibraryItem; print(' '.join(str(p) for p in LibraryItem.objects.filter("
            "live=True, visibility='public').order_by('pk').values_list('pk', flat=True)[:12]))").split()]
        portal.start(workers=2, threads=6)
        stop = threading.Event()
        threads = [threading.Thread(target=reader, args=(portal, stats, items, stop,
                                                         MEMBERS[i % len(MEMBERS)] if i % 2 else None))
                   for i in range(args.readers)]
        threads += [threading.Thread(target=writer, args=(portal, stats, items, stop, MEMBERS[i % len(MEMBERS)], i))
                    for i in range(args.writers)]
        started = time.monotonic()
        for t in threads:
            t.start()
        events = []
        try:
            stats.phase = "es-up"
            if not args.no_es_restart:
                time.sleep(args.duration / 3)
                stats.phase = "es-stopping"
                es("down", args.es_port)
                events.append(("es stopped", round(time.monotonic() - started, 1)))
                stats.phase = "es-down"
                time.sleep(max(0.0, started + 2 * args.duration / 3 - time.monotonic()))
                stats.phase = "es-starting"
                es("up", args.es_port)
                events.append(("es started", round(time.monotonic() - started, 1)))
                # A fresh node (es-down removes its data): the operator rebuilds, searches move back to it once
                # the breaker's background probe sees the alias.
                portal.manage("search_index", "rebuild")
                events.append(("index rebuilt", round(time.monotonic() - started, 1)))
                stats.phase = "es-back"
            time.sleep(max(args.duration / 4, started + args.duration - time.monotonic()))
        finally:
            stop.set()
            for t in threads:
                t.join(120)
        elapsed = time.monotonic() - started
        # Lost writes: every acknowledged note must be stored with its last text, every saved bookmark present.
        stored = json.loads(portal.shell(
            "import json; from study.models import PersonalNote, Bookmark; print(json.dumps({"
            "'notes': [[n.user.username, n.item_id, n.text] for n in PersonalNote.objects.select_related('user')], "
            "'bookmarks': [[b.user.username, b.item_id] for b in Bookmark.objects.select_related('user')]}))"
        ).strip().splitlines()[-1])
        notes = {(u, i): t for u, i, t in stored["notes"]}
        bookmarks = {(u, i) for u, i in stored["bookmarks"]}
        lost = [k for k, text in stats.acked_notes.items() if notes.get(k) != text]
        lost += [k for k in stats.acked_bookmarks if k not in bookmarks]
        log_tail = portal.log_tail(10**7)
    reads, writes = stats.latencies["read"], stats.latencies["write"]
    rows = [
        {"name": "soak: reader errors (5xx or no answer)", "value": len(stats.reader_errors), "unit": "count", "target": 0},
        {"name": "soak: lost writes (acknowledged, not stored)", "value": len(lost), "unit": "count", "target": 0},
        {"name": "soak: writer errors (non-redirect answers)", "value": len(stats.writer_errors), "unit": "count", "target": 0},
        {"name": "soak: reads", "value": len(reads), "unit": "requests", "target": None, "better": "higher"},
        {"name": "soak: writes acknowledged", "value": stats.acked, "unit": "requests", "target": None,
         "better": "higher"},
        {"name": "soak: read p95", "value": round(pct(reads, 0.95) * 1000, 1), "unit": "ms", "target": None},
        {"name": "soak: read max", "value": round(max(reads or [0]) * 1000, 1), "unit": "ms", "target": None},
        {"name": "soak: write p95", "value": round(pct(writes, 0.95) * 1000, 1), "unit": "ms", "target": None},
    ]
    meta = {"started": dt.datetime.now().isoformat(timespec="seconds"), "duration_s": round(elapsed, 1),
            "python": platform.python_version(), "machine": platform.platform(), "args": vars(args),
            "events": events, "search_backends_by_phase": stats.backends,
            "reader_error_samples": stats.reader_errors[:20], "writer_error_samples": stats.writer_errors[:20],
            "lost_write_samples": [list(k) for k in lost[:20]],
            "database_locked_in_log": "database is locked" in log_tail}
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / f"soak-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**meta, "results": rows}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\n{'measure':<48} {'value':>10}  target")
    for r in rows:
        print(f"{r['name']:<48} {r['value']:>10} {r['unit']:<9} {'' if r['target'] is None else r['target']}")
    print(f"events: {events}; search backends by phase: {stats.backends}")
    print(f"results: {out}")
    for line in stats.reader_errors[:5] + stats.writer_errors[:5]:
        print("  e.g.", line)
    return 0 if not stats.reader_errors and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
