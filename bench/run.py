#!/usr/bin/env python
"""`make bench`: run every benchmark module in bench/, print a table, save JSON results.

Why this shape:
- Performance targets (import ≥ 100 docs/s, search p95, dashboards) are measured here, never as
  timed asserts in tests (a loaded CI machine would make such tests flaky).
- Each module runs in its own child process against a **temporary SQLite database** (migrated once,
  copied per module), never the developer's db.sqlite3: a benchmark must not touch real data.
- A module is any `bench/*_bench.py` exposing `run(args) -> list[dict(name, value, unit, target)]`;
  an optional key `better` ("higher" | "lower") says which way the target points (default: lower for
  time units, higher otherwise). Missing modules are simply not run.

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
MODULE_ORDER = ("import_bench", "search_bench", "dashboard_bench")
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


def bench_env(db_path: Path, workdir: Path) -> dict:
    """Environment of a benchmark child: temp SQLite, test settings (no debug query log, plain static)."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{db_path}",
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


def child_main(args) -> int:
    """Inside the child: Django is configured by the environment; run one module, dump its rows."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    module = importlib.import_module(f"bench.{args.child}")
    rows = module.run(args)
    Path(args.child_out).write_text(json.dumps(rows, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


def run_module(name, args, workdir: Path, template: Path, passthrough: list[str]):
    db = workdir / f"{name}.sqlite3"
    shutil.copyfile(template, db)
    out = workdir / f"{name}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--child-out", str(out), *passthrough]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=bench_env(db, workdir))
    elapsed = time.perf_counter() - started
    if proc.returncode or not out.exists():
        return [{"name": f"{name}: FAILED (exit {proc.returncode})", "value": None, "unit": "", "target": None,
                 "module": name, "ok": False}], elapsed
    rows = json.loads(out.read_text(encoding="utf-8"))
    for row in rows:
        row.setdefault("module", name)
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
        value = "—" if v is None else (f"{v:,.1f}" if isinstance(v, float) else f"{v:,}")
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
    with tempfile.TemporaryDirectory(prefix="sotay-bench-") as tmp:
        workdir = Path(tmp)
        template = make_template_db(workdir)
        for name in names:
            print(f"==> {name}")
            module_rows, durations[name] = run_module(name, args, workdir, template, passthrough)
            rows.extend(module_rows)
    meta["durations_s"] = {k: round(v, 1) for k, v in durations.items()}
    out = Path(args.out) if args.out else RESULTS_DIR / f"{timestamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**meta, "results": rows}, ensure_ascii=False, indent=2), encoding="utf-8")
    print_table(rows, meta)
    print(f"results: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    failed = [r for r in rows if r.get("value") is None]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
