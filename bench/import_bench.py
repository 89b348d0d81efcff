"""Benchmark: `manage.py import_library` speed on SQLite (target ≥ 100 documents/s, and meetings too).

Why: the library will hold 100,000 documents and imports of tens of thousands of lines must not slow
down per line. We generate a realistic JSONL file (organizations, documents with long
bodies, topics, restricted items, relations, a few guides and packs — no text from the seed
articles), import it into an empty temporary database, then import it again (idempotency path:
everything "unchanged"). Both speeds are reported for each size (default 5,000 and 20,000).
Then the cells' meetings (one for every five documents: concluded, held, cancelled, postponed in the past,
planned and announced ahead, materials named by symbol, outcomes, tasks) are imported into that library
and re-imported, since meeting lines go through the meeting lifecycle and write its history.

Runs inside bench/run.py's child process, whose DATABASE_URL is a throwaway SQLite file: the
database is reset to its freshly migrated state before each size.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import random
import shutil
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

TARGET_DOCS_PER_S = 100

KINDS = [("NQ", "Nghị quyết"), ("CT", "Chỉ thị"), ("KL", "Kết luận"), ("QĐi", "Quy định"), ("QĐ", "Quyết định"),
         ("HD", "Hướng dẫn"), ("TB", "Thông báo"), ("KH", "Kế hoạch"), ("CTr", "Chương trình")]
ISSUERS = [("Ban Chấp hành Trung ương", "TW"), ("Bộ Chính trị", "TW"), ("Ban Bí thư", "TW"),
           ("Ban Tổ chức Trung ương", "BTCTW"), ("Ban Tuyên giáo Trung ương", "BTGTW"),
           ("Ủy ban Kiểm tra Trung ương", "UBKTTW")]
PROVINCES = ["An Hòa", "Bình Sơn", "Đông Lâm", "Hà Phú", "Lạc Thủy", "Minh Đức", "Phú Yên Thượng", "Tân Lộc"]
TOPICS = ["Xây dựng Đảng về chính trị", "Xây dựng Đảng về tư tưởng", "Xây dựng Đảng về đạo đức",
          "Xây dựng Đảng về tổ chức", "Công tác cán bộ", "Kiểm tra, giám sát", "Phòng chống tham nhũng",
          "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Sinh hoạt chi bộ",
          "Phát triển đảng viên", "Dân vận", "Kinh tế tư nhân", "Chuyển đổi số", "Quốc phòng, an ninh",
          "Giáo dục và đào tạo", "Văn hóa, con người", "Nông nghiệp, nông thôn", "Môi trường", "Y tế", "Đối ngoại"]
WORDS = ("tăng cường nâng cao chất lượng hiệu quả công tác lãnh đạo chỉ đạo của cấp ủy tổ chức đảng đối với việc "
         "thực hiện nhiệm vụ chính trị tại địa phương đơn vị đổi mới nội dung phương thức sinh hoạt chi bộ gắn với "
         "trách nhiệm nêu gương của cán bộ đảng viên người đứng đầu kiểm tra giám sát kỷ luật đảng xây dựng hệ thống "
         "chính trị trong sạch vững mạnh phát huy dân chủ cơ sở củng cố niềm tin của nhân dân tổ chức triển khai "
         "quán triệt sơ kết tổng kết đánh giá kết quả đề ra giải pháp khắc phục hạn chế yếu kém").split()
# Real thematic topics are long (the yearly "Học tập và làm theo …" topics run to 120–200 characters).
LONG_TOPIC_THEMES = ["ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc",
                     "xây dựng văn hóa, con người Việt Nam thật sự trở thành nền tảng tinh thần của xã hội",
                     "trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là người đứng đầu",
                     "tinh thần đoàn kết, kỷ cương, sáng tạo, đổi mới trong công tác và học tập",
                     "phong cách làm việc khoa học, dân chủ, nêu gương, sâu sát thực tiễn, gần dân"]
LONG_TOPICS_LINES = 17_840  # the size of the outside import that rejected topics over 100 characters
STATUSES = ["con_hieu_luc", "con_hieu_luc", "con_hieu_luc", "het_hieu_luc_mot_phan", "het_hieu_luc"]
RELATIONS = ["guides", "replaces", "amends", "based_on", "cites", "implements"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def long_topics(rng: random.Random) -> list[str]:
    year = rng.randint(2016, 2026)
    return [f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về {rng.choice(LONG_TOPIC_THEMES)} "
            f"trong cơ quan, đơn vị năm {year}"]


def generate(path: Path, n_items: int, seed: int = 2026, with_long_topics: bool = False) -> int:
    """Write a JSONL file with `n_items` library items (≈94 % documents, 3 % guides, 3 % packs); with
    ``with_long_topics`` every item also carries one long topic (120–200 characters)."""
    rng = random.Random(seed)
    lines = []
    orgs = []  # (name, symbol suffix)
    for name, suffix in ISSUERS:
        lines.append({"type": "organization", "name": name, "parent": None})
        orgs.append((name, suffix))
    cells = []
    for i, province in enumerate(PROVINCES):
        committee = f"Đảng bộ tỉnh {province}"
        lines.append({"type": "organization", "name": committee, "parent": None})
        lines.append({"type": "organization", "name": f"Ban Thường vụ Tỉnh ủy {province}", "parent": committee})
        orgs.append((f"Ban Thường vụ Tỉnh ủy {province}", "TU"))
        for j in range(1, 6):
            base = f"Đảng bộ xã {province} {j}"
            lines.append({"type": "organization", "name": base, "parent": committee})
            for k in range(1, 4):
                cell = f"Chi bộ thôn {k}, {base}"
                lines.append({"type": "organization", "name": cell, "parent": base})
                cells.append(cell)
    symbols = []
    for n in range(n_items):
        issuer, suffix = rng.choice(orgs)
        year = rng.randint(1996, 2025)
        issued = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        roll = rng.random()
        common = {
            "issuer": issuer,
            "issued_on": issued.isoformat(),
            "topics": rng.sample(TOPICS, rng.randint(1, 3)) + (long_topics(rng) if with_long_topics else []),
            "summary": _sentence(rng, rng.randint(20, 40)),
            "body": "".join(f"<p>{_sentence(rng, rng.randint(25, 60))}</p>" for _ in range(rng.randint(5, 25))),
        }
        # ≈ 70 % public, 15 % internal, 15 % restricted to a few cells.
        vis = rng.random()
        common["public"] = vis < 0.70
        if vis >= 0.85:
            common["cells"] = rng.sample(cells, rng.randint(1, 3))
        if roll < 0.94:
            code, word = rng.choice(KINDS)
            number = n + 1  # unique per generated file; restarts per term are covered by tests
            symbol = f"{number}-{code}/{suffix}"
            item = {"type": "document", "kind": code, "symbol": symbol,
                    "title": f"{word} về {_sentence(rng, rng.randint(8, 30)).rstrip('.').lower()}",
                    "signer": rng.choice(["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng"]),
                    "effective_from": issued.isoformat(), "status": rng.choice(STATUSES), **common}
            if symbols and rng.random() < 0.2:
                item["relations"] = [{"type": rng.choice(RELATIONS), "target": rng.choice(symbols)}]
            symbols.append(symbol)
        elif roll < 0.97:
            item = {"type": "study_guide", "kind": "TL", "symbol": "",
                    "title": f"Tài liệu học tập chuyên đề số {n}: {_sentence(rng, 10).rstrip('.').lower()}", **common}
        else:
            item = {"type": "session_pack", "kind": "CĐ",
                    "title": f"Gói sinh hoạt chuyên đề số {n}: {_sentence(rng, 8).rstrip('.').lower()}", **common}
        lines.append(item)
    with path.open("w", encoding="utf-8") as fh:
        for obj in lines:
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return n_items


MEETING_PAST = [("concluded", 0.62), ("held", 0.16), ("cancelled", 0.05), ("postponed", 0.03)]
MEETING_AHEAD = [("planned", 0.08), ("announced", 0.06)]


def generate_meetings(path: Path, library: Path, n_meetings: int, seed: int = 2026) -> int:
    """Write `n_meetings` meeting lines for the cells of the library file, materials taken from its documents."""
    rng = random.Random(seed)
    cells, symbols = [], []
    with library.open(encoding="utf-8") as fh:
        for raw in fh:
            obj = json.loads(raw)
            if obj["type"] == "organization" and obj["name"].startswith("Chi bộ"):
                cells.append(obj["name"])
            elif obj["type"] == "document":
                symbols.append(obj["symbol"])
    choices, weights = zip(*(MEETING_PAST + MEETING_AHEAD))
    ahead = {s for s, _w in MEETING_AHEAD}
    with path.open("w", encoding="utf-8") as fh:
        for n in range(n_meetings):
            status = rng.choices(choices, weights)[0]
            when = (dt.datetime(2041, 1, 5, 14, 0) if status in ahead else dt.datetime(2023, 1, 5, 14, 0))
            when += dt.timedelta(days=rng.randint(0, 900), hours=rng.choice([-6, -5, 0, 1]))
            topic = rng.choice(TOPICS)
            line = {"type": "meeting", "cell": rng.choice(cells), "title": f"Sinh hoạt chuyên đề số {n}: {topic}",
                    "scheduled_at": when.isoformat(), "topic": topic, "status": status,
                    "duration_minutes": rng.choice([90, 120, 150]), "place": "Hội trường",
                    "materials": rng.sample(symbols, rng.randint(1, 3))}
            if status in ("cancelled", "postponed"):
                line["status_reason"] = _sentence(rng, 8)
            if status in ("concluded", "held"):
                total = rng.randint(8, 30)
                line.update(attendance={"present": rng.randint(total // 2, total), "total": total},
                            speakers=rng.randint(2, 10), opinions=rng.randint(3, 15), score=rng.randint(40, 100))
            if status == "concluded":
                line["conclusion"] = _sentence(rng, rng.randint(20, 60))
                if rng.random() < 0.25:
                    line["tasks"] = [{"assignee": "Đ/c Bí thư", "description": _sentence(rng, 10),
                                      "due_on": (when + dt.timedelta(days=30)).date().isoformat()}]
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return n_meetings


def _reset_database(pristine: Path, db_file: Path) -> None:
    """Put the temp database back to its freshly migrated state (no data from the previous size)."""
    from django.db import connections

    connections.close_all()
    for suffix in ("-wal", "-shm"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    shutil.copyfile(pristine, db_file)


def _import(path: Path) -> tuple[float, int, str]:
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            call_command("import_library", str(path), stdout=out, stderr=err)
    except SystemExit as exc:  # non-zero when a line failed: reported, not fatal for the benchmark
        code = int(exc.code or 0)
    except Exception as exc:  # CommandError and friends
        code = 1
        err.write(f"{type(exc).__name__}: {exc}")
    return time.perf_counter() - started, code, (out.getvalue() + err.getvalue())[-600:]


def _import_twice(path: Path, model, n: int, noun: str, unit: str, first_label: str) -> list[dict]:
    """Import ``path`` (n lines of ``noun``) and then the same file again; both speeds as rows."""
    first, code1, tail1 = _import(path)
    count = model.objects.count()
    second, code2, _tail2 = _import(path)
    count_again = model.objects.count()
    print(f"  {noun}: first import {first:.1f}s (exit {code1}), re-import {second:.1f}s (exit {code2}), "
          f"{count:,} → {count_again:,}", flush=True)
    if code1 or count != n:
        print(f"  WARNING: expected {n:,} {noun}, found {count:,}; last output:\n{tail1}", flush=True)
    if count_again != count:
        print(f"  WARNING: re-import changed the count of {noun} ({count:,} → {count_again:,})", flush=True)
    return [
        {"name": f"import_library {n:,} {noun} ({first_label})", "value": round(n / first, 1), "unit": unit,
         "target": TARGET_DOCS_PER_S, "better": "higher", "seconds": round(first, 2), f"{noun}_after": count,
         "exit_code": code1},
        {"name": f"import_library {n:,} {noun} (re-import, unchanged)", "value": round(n / second, 1),
         "unit": unit, "target": TARGET_DOCS_PER_S, "better": "higher", "seconds": round(second, 2),
         f"{noun}_after": count_again, "exit_code": code2},
    ]


def run(args) -> list[dict]:
    from django.conf import settings
    from django.db import connection

    from library.models import LibraryItem
    from topics.models import Meeting

    if connection.vendor != "sqlite":
        raise RuntimeError("the import benchmark measures SQLite; bench/run.py gives it a temp SQLite file")
    db_file = Path(settings.DATABASES["default"]["NAME"])
    sizes = list(getattr(args, "sizes", None) or [5000, 20000])
    rows = []
    with tempfile.TemporaryDirectory(prefix="sotay-import-bench-") as tmp:
        tmp = Path(tmp)
        pristine = tmp / "pristine.sqlite3"
        connection.close()
        shutil.copyfile(db_file, pristine)
        for n in sizes:
            _reset_database(pristine, db_file)
            jsonl = tmp / f"library-{n}.jsonl"
            generate(jsonl, n)
            print(f"import_bench: {n:,} items, {jsonl.stat().st_size / 1e6:.1f} MB JSONL", flush=True)
            rows += _import_twice(jsonl, LibraryItem, n, "items", "docs/s", "empty DB")
            rows.append({"name": f"import_library {n:,} items: items stored", "value": LibraryItem.objects.count(),
                         "unit": "items", "target": n, "better": "higher"})
            meetings, m = tmp / f"meetings-{n}.jsonl", max(1, n // 5)
            generate_meetings(meetings, jsonl, m)
            rows += _import_twice(meetings, Meeting, m, "meetings", "meetings/s", "into that library")
        n = 500 if getattr(args, "quick", False) else LONG_TOPICS_LINES
        _reset_database(pristine, db_file)
        jsonl = tmp / f"long-topics-{n}.jsonl"
        generate(jsonl, n, seed=2027, with_long_topics=True)
        seconds, code, tail = _import(jsonl)
        print(f"import_bench: {n:,} items with long topics in {seconds:.1f}s (exit {code})", flush=True)
        if code:
            print(f"  last output:\n{tail}", flush=True)
        rows.append({"name": f"import_library {n:,} items with long topics (120–200 characters): exit code",
                     "value": code, "unit": "", "target": 0, "better": "lower", "seconds": round(seconds, 2)})
        rows.append({"name": f"import_library {n:,} items with long topics: items stored",
                     "value": LibraryItem.objects.count(), "unit": "items", "target": n, "better": "higher"})
    return rows
