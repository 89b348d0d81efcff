"""Issue 14, "SQLite database is locked": members keep saving bookmarks and notes through the real pages
while `import_library` loads 4,000 documents into the same database; not one write may fail.

A live portal (gunicorn, the production server) on a fresh database of the kind the suite runs on (a SQLite
file in WAL mode, or a scratch PostgreSQL database), the demo loaded; 20 writer threads, each a demo member
logged in through the login form, post bookmarks and notes on public documents until the import ends.
"""
from __future__ import annotations

import json
import threading
import time

import pytest

from operations.liveserver import LivePortal, Session

MEMBERS = [("tuphap.hanh", "Demo-2026-tup01"), ("tuphap.duc", "Demo-2026-tup02"), ("tuphap.mai", "Demo-2026-tup03"),
           ("tuphap.bao", "Demo-2026-tup04"), ("bandantoc.thang", "Demo-2026-ban05"),
           ("bandantoc.ngoc", "Demo-2026-ban06"), ("bandantoc.lam", "Demo-2026-ban07"),
           ("taichinh.tuan", "Demo-2026-tai08"), ("taichinh.trang", "Demo-2026-tai09"),
           ("taichinh.hieu", "Demo-2026-tai10")]
WRITERS = 20
DOCUMENTS = 4000


def import_lines(n: int) -> str:
    lines = []
    for i in range(n):
        lines.append(json.dumps({
            "type": "document", "kind": "HD", "symbol": f"{i + 1}-HD/TT", "title": f"Hướng dẫn thử tải số {i + 1} về "
            "nâng cao chất lượng sinh hoạt chi bộ", "issuer": "Ban Thử tải Đồng thời", "issued_on": "2024-03-01",
            "public": i % 3 == 0, "topics": ["Sinh hoạt chi bộ"], "summary": "Tóm tắt hướng dẫn thử tải.",
            "body": "<p>" + "Chi bộ thực hiện Chỉ thị 10-CT/TW về sinh hoạt chuyên đề. " * 20 + "</p>",
        }, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def test_writers_see_no_error_while_an_import_runs(tmp_path):
    with LivePortal(tmp_path / "live") as portal:
        portal.migrate()
        portal.manage("load_demo")
        items = [int(x) for x in portal.shell(
            "from library.models import LibraryItem; print(' '.join(str(p) for p in LibraryItem.objects.filter("
            "live=True, visibility='public').order_by('pk').values_list('pk', flat=True)[:8]))").split()]
        source = tmp_path / "tai.jsonl"
        source.write_text(import_lines(DOCUMENTS), encoding="utf-8")
        portal.start(workers=2, threads=8)
        sessions = []
        for i in range(WRITERS):
            session = Session(portal.url())
            assert session.login(*MEMBERS[i % len(MEMBERS)]), portal.log_tail()
            sessions.append(session)

        importer = portal.popen_manage("import_library", source)
        done = threading.Event()
        results: list[tuple[int, str]] = []
        lock = threading.Lock()

        def write(session: Session, n: int):
            k = 0
            while not done.is_set():
                item = items[(n + k) % len(items)]
                if k % 2:
                    status, body = session.post(f"/hoc-tap/tai-lieu/{item}/ghi-chu/", {"text": f"ghi chú {n}-{k}"})
                else:
                    status, body = session.post(f"/hoc-tap/tai-lieu/{item}/luu/", {"action": "save"})
                with lock:
                    results.append((status, body[:200].decode(errors="replace")))
                k += 1

        threads = [threading.Thread(target=write, args=(s, n)) for n, s in enumerate(sessions)]
        for t in threads:
            t.start()
        try:
            out, err = importer.communicate(timeout=900)
        finally:
            time.sleep(0.5)
            done.set()
            for t in threads:
                t.join(60)
        assert importer.returncode == 0, err[-2000:]
        assert "4000" in out or "tạo mới" in out
        failed = [r for r in results if r[0] != 302]
        assert len(results) > 200, "the writers ran during the import"
        assert not failed, f"{len(failed)} of {len(results)} writes failed, e.g. {failed[:3]}\\n{portal.log_tail()}"
        assert "database is locked" not in portal.log_tail(10**6)
        count = portal.shell("from library.models import LibraryItem; print(LibraryItem.objects.filter("
                             "issuer__name='Ban Thử tải Đồng thời').count())")
        assert count.strip().splitlines()[-1] == str(DOCUMENTS)
