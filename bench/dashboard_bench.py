"""Committee dashboard benchmark: a đảng bộ with 1,000 cells and 20,000 meetings, target < 1 s.

``bench/run.py`` imports this module in a child process whose Django is already set up on a migrated
temporary SQLite database, and calls :func:`run`. Run alone, ``python bench/dashboard_bench.py
[--small]`` creates its own temporary SQLite database (never the developer's db.sqlite3).

The data is written with ``bulk_create`` (seconds, not minutes): 1 đảng bộ → 20 đảng bộ cơ sở → 50
cells each, 20 meetings per cell over 2025 in every status, scores, attendance, late and on-time
announcements and outcomes, 30 topics, and a follow-up task on every fourth meeting. Then the full
request path is timed through Django's test client (middleware, session, template): the dashboard page
at the đảng bộ, at one đảng bộ cơ sở and at one cell, the JSON API, the CSV and the XLSX export. Each
figure is the median of several runs after one warm-up; query counts are reported too (they must not
grow with the number of cells).
"""
from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
TARGET_S = 1.0


def _want_small(args) -> bool:
    if args is None:
        return False
    if isinstance(args, (list, tuple)):
        return "--small" in args or "--quick" in args
    if isinstance(args, dict):
        return bool(args.get("small") or args.get("quick"))
    extra = getattr(args, "extra", None) or []
    return bool(getattr(args, "small", False) or getattr(args, "quick", False) or "--small" in extra)


def _setup_standalone():
    """Configure Django on a fresh temporary SQLite database when run as a script."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    tmp = tempfile.mkdtemp(prefix="sotay-dashboard-bench-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    # As bench/run.py does: no debug (templates cached, no query log), a throwaway secret key.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + os.urandom(24).hex())
    import django

    django.setup()


def _ensure_schema():
    from django.core.management import call_command
    from django.db import connection

    if "topics_meeting" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0, interactive=False)


def build(n_bases: int, cells_per_base: int, meetings_per_cell: int):
    """Bulk-create the tree and the meetings; returns (root organization, staff user, one base, one cell)."""
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from organizations.models import Membership, Organization, OrganizationKind, Role
    from topics.models import Meeting, MeetingTask, Topic

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    with transaction.atomic():
        root = Organization.objects.create(name="Đảng bộ Khối Đo hiệu năng", kind=OrganizationKind.COMMITTEE)
        bases = []
        for b in range(n_bases):
            base = Organization.objects.create(name=f"Đảng bộ cơ sở Đo {b + 1}", kind=OrganizationKind.BASE,
                                               parent=root)
            bases.append(base)
        cells = Organization.objects.bulk_create([
            Organization(name=f"Chi bộ Đo {b + 1}.{c + 1}", name_folded=f"chi bo do {b + 1}.{c + 1}",
                         kind=OrganizationKind.CELL, parent=base, depth=base.depth + 1, path="")
            for b, base in enumerate(bases) for c in range(cells_per_base)])
        for cell in cells:
            cell.path = f"{cell.parent.path}{cell.pk}/"
        Organization.objects.bulk_update(cells, ["path"], batch_size=500)

        topics = [Topic.objects.create(name=f"Chủ đề đo {i + 1}", slug=f"chu-de-do-{i + 1}") for i in range(30)]
        statuses = ["concluded"] * 7 + ["held"] * 2 + ["cancelled", "postponed", "planned"]
        meetings = []
        for ci, cell in enumerate(cells):
            for k in range(meetings_per_cell):
                day_of_year = (k * 365 // meetings_per_cell + ci) % 365
                start = dt.datetime(YEAR, 1, 1, 8, tzinfo=tz) + dt.timedelta(days=day_of_year)
                i = ci * meetings_per_cell + k
                meetings.append(Meeting(
                    cell=cell, title=f"Chuyên đề {k + 1} của {cell.name}", scheduled_at=start, duration_minutes=120,
                    status=statuses[i % len(statuses)], topic=topics[i % len(topics)],
                    score=None if i % 9 == 0 else 40 + i % 61,
                    attendance_present=None if i % 7 == 0 else 10 + i % 10, attendance_total=None if i % 7 == 0 else 20,
                    announced_at=None if i % 5 == 0 else start - dt.timedelta(hours=6 + i % 60),
                    outcome_posted_at=None if i % 4 == 0 else start + dt.timedelta(hours=2 + i % 80),
                ))
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        ids = list(Meeting.objects.filter(cell__path__startswith=root.path).values_list("pk", flat=True))
        MeetingTask.objects.bulk_create([
            MeetingTask(meeting_id=pk, assignee="Đồng chí A", description="Nhiệm vụ sau sinh hoạt",
                        due_on=dt.date(YEAR, 6, 1) if n % 2 else dt.date(YEAR + 5, 1, 1), done=n % 3 == 0)
            for n, pk in enumerate(ids[::4])], batch_size=2000)
        user = get_user_model().objects.create_user("bench_staff", password="Mat-khau-thu-2026")
        Membership.objects.create(user=user, organization=root, role=Role.STAFF)
    return root, user, bases[0], cells[0], len(cells), len(meetings)


def _time(client, url, params, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, params)  # warm-up (template compilation, first connection)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    samples, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, params)
    return (statistics.median(samples), max(samples), statistics.median(cpu), len(ctx.captured_queries),
            len(response.content))


def run(args=None) -> list[dict]:
    from django.conf import settings

    if not settings.configured:
        _setup_standalone()
    _ensure_schema()
    from django.test import Client

    small = _want_small(args)
    n_bases, per_base, per_cell = (5, 10, 20) if small else (20, 50, 20)
    started = time.perf_counter()
    root, user, base, cell, n_cells, n_meetings = build(n_bases, per_base, per_cell)
    build_s = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    size = f"{n_cells} chi bộ, {n_meetings} buổi"
    repeat = 3 if small else 5
    rows = [{"name": f"dashboard: build data ({size})", "value": round(build_s, 2), "unit": "s", "target": None}]
    api = "/api/reports/thematic-meetings/"
    # (label, url, params, target): the one-second target is for the page and the API; the
    # file downloads get a looser one (they are clicked, not waited on at every visit).
    cases = [
        ("dashboard /bao-cao/ (đảng bộ)", "/bao-cao/", {"org": root.name, "year": YEAR}, TARGET_S),
        ("dashboard /bao-cao/ (đảng bộ, quý 2)", "/bao-cao/", {"org": root.name, "year": YEAR, "quarter": 2}, TARGET_S),
        ("dashboard /bao-cao/ (đảng bộ cơ sở)", "/bao-cao/", {"org": base.name, "year": YEAR}, TARGET_S),
        ("dashboard /bao-cao/ (chi bộ)", "/bao-cao/", {"org": cell.name, "year": YEAR}, TARGET_S),
        ("API JSON", api, {"org": root.name, "year": YEAR}, TARGET_S),
        ("API CSV", api, {"org": root.name, "year": YEAR, "format": "csv"}, 3 * TARGET_S),
        ("API XLSX", api, {"org": root.name, "year": YEAR, "format": "xlsx"}, 3 * TARGET_S),
        ("báo cáo năm DOCX", "/bao-cao/bao-cao-nam.docx", {"org": root.name, "year": YEAR}, 3 * TARGET_S),
    ]
    for label, url, params, target in cases:
        median, worst, cpu, queries, size_bytes = _time(client, url, params, repeat)
        rows.append({"name": f"{label}: median ({size})", "value": round(median, 3), "unit": "s", "target": target})
        rows.append({"name": f"{label}: worst of {repeat}", "value": round(worst, 3), "unit": "s", "target": None})
        # CPU time of this process (SQLite runs in it): the same figure on a machine busy with other work.
        rows.append({"name": f"{label}: CPU median", "value": round(cpu, 3), "unit": "s", "target": None})
        rows.append({"name": f"{label}: SQL queries", "value": queries, "unit": "queries", "target": 15,
                     "better": "lower"})
        if url == "/bao-cao/" and params["org"] == root.name and "quarter" not in params:
            rows.append({"name": f"{label}: page size", "value": round(size_bytes / 1024), "unit": "KiB",
                         "target": None})
    return rows


def main(argv=None) -> int:
    rows = run(list(sys.argv[1:] if argv is None else argv))
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        target = "" if r["target"] is None else f"  (target ≤ {r['target']})"
        print(f"{r['name']:<{width}}  {r['value']:>10} {r['unit']}{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
