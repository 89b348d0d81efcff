#!/usr/bin/env python
"""`make bench`: run every benchmark module in bench/, print a table, save JSON results.

Why this shape:
- Performance targets (import ≥ 100 docs/s, search p95, dashboards) are measured here, never as
  timed asserts in tests (a loaded CI machine would make such tests flaky).
- Each module runs in its own child process against a **temporary SQLite database** (migrated once,
  copied per module), never the developer's db.sqlite3: a benchmark must not touch real data. A module
  that declares ``DATABASES = ("sqlite", "postgresql")`` runs a second time on a **temporary PostgreSQL
  database** (created from a migrated template on the cluster ``$BENCH_PG_URL`` that scripts/bench.sh
  starts on its own port, dropped afterwards).
- A module is any `bench/*_bench.py` exposing `run(args) -> list[dict(name, value, unit, target)]`;
  an optional key `better` ("higher" | "lower") says which way the target points (default: lower for
  time units, higher otherwise). Missing modules are simply not run. A row may carry ``compare``
  (``{"system", "metric"}``): bench/peers.py then puts it in the table that sets our engines beside stock
  Wagtail and plain BM25, with ratios.
- Children use ``bench.settings`` (the test settings plus the stock-Wagtail peer app).

Usage: `make bench` or `.venv/bin/python bench/run.py [--only import_bench] [--sizes 5000,20000]
[--quick]`. Results go to bench/results/<timestamp>.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"
MODULE_ORDER = ("import_bench", "search_bench", "relevance_bench", "legal_search_bench", "dashboard_bench")
TIME_UNITS = {"s", "ms", "us", "µs", "ns", "min"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", action="append", default=[], help="run only this module (repeatable), e.g. import_bench")
    p.add_argument("--sizes", default="5000,20000", help="document counts for the import benchmark")
    p.add_argument("--quick", action="store_true", help="small sizes, for a smoke run of the harness")
    p.add_argument("--out", default=None, help="write results JSON here instead of bench/results/<timestamp>.json")
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    p.add_argument("--child-out", default=None, help=argparse.SUPPRESS)
    p.add_argument("--template-db", default=None, help=argparse.SUPPRESS)
    args, extra = p.parse_known_args(argv)
    args.extra = extra
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    if args.quick:
        args.sizes = [min(s, 500) for s in args.sizes[:1]] or [500]
    return args


def discover(only):
    names = [n for n in MODULE_ORDER if (BENCH_DIR / f"{n}.py").exists()]
    names += sorted(p.stem for p in BENCH_DIR.glob("*_bench.py") if p.stem not in names)
    if only:
        names = [n for n in names if n in only]
    return names


def bench_env(db_path: Path | str, workdir: Path) -> dict:
    """Environment of a benchmark child: temp SQLite (or a PostgreSQL URL), test settings (no debug query log,
    plain static) plus the stock-Wagtail peer app."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": db_path if isinstance(db_path, str) else f"sqlite:///{db_path}",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "MEDIA_ROOT": str(workdir / "media"),
        "ELASTICSEARCH_INDEX_PREFIX": env.get("ELASTICSEARCH_INDEX_PREFIX") or f"sotay-bench-{os.getpid()}",
        "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    })
    return env


def make_template_db(workdir: Path) -> Path:
    """Migrate an empty SQLite database once; every module starts from a copy of it."""
    db = workdir / "template.sqlite3"
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                   env=bench_env(db, workdir), check=True)
    print(f"template database migrated in {time.perf_counter() - started:.1f}s")
    return db


def pg_url(database: str) -> str:
    base = os.environ["BENCH_PG_URL"]
    return base.rsplit("/", 1)[0] + "/" + database


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["BENCH_PG_URL"], autocommit=True) as conn:
        conn.execute(sql)


def make_pg_template(workdir: Path) -> str:
    """Migrate an empty PostgreSQL database once; modules get ``CREATE DATABASE … TEMPLATE`` copies."""
    name = f"bench_template_{os.getpid()}"
    pg_admin(f"DROP DATABASE IF EXISTS {name}")
    pg_admin(f"CREATE DATABASE {name}")
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                   env=bench_env(pg_url(name), workdir), check=True)
    print(f"PostgreSQL template database migrated in {time.perf_counter() - started:.1f}s")
    return name


def module_databases(name: str) -> tuple:
    module = importlib.import_module(f"bench.{name}")
    return tuple(getattr(module, "DATABASES", ("sqlite",)))


def child_main(args) -> int:
    """Inside the child: Django is configured by the environment; run one module, dump its rows."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    module = importlib.import_module(f"bench.{args.child}")
    rows = module.run(args)
    Path(args.child_out).write_text(json.dumps(rows, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


def run_module(name, args, workdir: Path, template, passthrough: list[str], database: str = "sqlite"):
    out = workdir / f"{name}-{database}.json"
    pg_db = None
    if database == "postgresql":
        pg_db = f"bench_{name}_{os.getpid()}"
        pg_admin(f"DROP DATABASE IF EXISTS {pg_db}")
        pg_admin(f"CREATE DATABASE {pg_db} TEMPLATE {template}")
        db = pg_url(pg_db)
    else:
        db = workdir / f"{name}.sqlite3"
        shutil.copyfile(template, db)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--child-out", str(out), *passthrough]
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=bench_env(db, workdir))
    finally:
        if pg_db:
            pg_admin(f"DROP DATABASE IF EXISTS {pg_db} WITH (FORCE)")
    elapsed = time.perf_counter() - started
    if proc.returncode or not out.exists():
        return [{"name": f"{name} ({database}): FAILED (exit {proc.returncode})", "value": None, "unit": "",
                 "target": None, "module": name, "ok": False}], elapsed
    rows = json.loads(out.read_text(encoding="utf-8"))
    for row in rows:
        row.setdefault("module", name)
        row.setdefault("database", database)
        row["ok"] = judge(row)
    return rows, elapsed


def judge(row) -> bool | None:
    value, target = row.get("value"), row.get("target")
    if value is None:
        return False
    if target is None:
        return None
    better = row.get("better") or ("lower" if row.get("unit") in TIME_UNITS or str(row.get("unit", "")).endswith("ms")
                                   else "higher")
    return value <= target if better == "lower" else value >= target


def print_table(rows, meta):
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is pinned in requirements.txt
        for r in rows:
            print(r)
        return
    table = Table(title=f"Sổ tay chuyên đề — benchmarks ({meta['timestamp']}, {meta['cpus']} cores)")
    for col, just in (("benchmark", "left"), ("value", "right"), ("unit", "left"), ("target", "right"), ("", "center")):
        table.add_column(col, justify=just)
    for r in rows:
        v = r.get("value")
        value = "—" if v is None else (f"{v:.3f}" if isinstance(v, float) and not r.get("unit") and v < 10
                                       else f"{v:,.1f}" if isinstance(v, float) else f"{v:,}")
        target = r.get("target")
        better = r.get("better") or ("lower" if r.get("unit") in TIME_UNITS or str(r.get("unit", "")).endswith("ms") else "higher")
        target_s = "" if target is None else ("≤ " if better == "lower" else "≥ ") + f"{target:,}"
        mark = {True: "[green]✔[/]", False: "[red]✘[/]", None: ""}[r.get("ok")]
        table.add_row(str(r["name"]), value, str(r.get("unit", "")), target_s, mark)
    console = Console()
    if not console.is_terminal:  # logs and CI: don't wrap names at 80 columns
        console = Console(width=140)
    console.print(table)


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip() or None
    except Exception:
        return None


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.child:
        try:
            return child_main(args)
        except Exception:
            traceback.print_exc()
            return 1
    names = discover(args.only)
    if not names:
        print("no benchmark modules found in bench/", file=sys.stderr)
        return 1
    passthrough = [a for a in argv if not a.startswith("--out")]
    timestamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    meta = {"timestamp": timestamp, "commit": git_commit(), "cpus": os.cpu_count(),
            "python": platform.python_version(), "machine": platform.platform(), "args": argv}
    rows, durations = [], {}
    sys.path.insert(0, str(ROOT))
    with_pg = bool(os.environ.get("BENCH_PG_URL"))
    meta["postgresql"] = with_pg
    pg_template = None
    with tempfile.TemporaryDirectory(prefix="sotay-bench-") as tmp:
        workdir = Path(tmp)
        template = make_template_db(workdir)
        try:
            for name in names:
                for database in module_databases(name):
                    if database == "postgresql" and not with_pg:
                        rows.append({"name": f"{name}: PostgreSQL not measured (BENCH_PG_URL unset)", "value": 0,
                                     "unit": "", "target": None, "module": name, "database": database, "ok": None})
                        continue
                    if database == "postgresql" and pg_template is None:
                        pg_template = make_pg_template(workdir)
                    print(f"==> {name} ({database})")
                    module_rows, durations[f"{name}/{database}"] = run_module(
                        name, args, workdir, pg_template if database == "postgresql" else template, passthrough,
                        database)
                    rows.extend(module_rows)
        finally:
            if pg_template:
                pg_admin(f"DROP DATABASE IF EXISTS {pg_template} WITH (FORCE)")
    meta["durations_s"] = {k: round(v, 1) for k, v in durations.items()}
    from bench import peers

    comparison = peers.comparison(rows)
    out = Path(args.out) if args.out else RESULTS_DIR / f"{timestamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**meta, "results": rows, "comparison": comparison}, ensure_ascii=False, indent=2),
                   encoding="utf-8")
    print_table(rows, meta)
    peers.print_comparison(comparison)
    print(f"results: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    failed = [r for r in rows if r.get("value") is None]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
