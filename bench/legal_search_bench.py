"""Benchmark: our recall@10 and MRR@10 on long Vietnamese legal questions, against plain BM25, on every engine.

The local stand-in for the outside check "long legal questions over statute articles, recall@10 / MRR@10 vs
plain BM25 computed in the same run" (data: ``articles.jsonl`` + ``questions.jsonl`` in ``$SOTAY_LEGAL_DATA``,
default ``~/.cache/sotay/legal``; never in the repository: bench/legal_data.py rebuilds it from public
ALQAC 2022–2025 and Zalo AI 2021 files). It measures the product the way an outside check would, through its
public doors only:

1. every statute article becomes one ``document`` line of an ``import_library`` JSONL file (kind ``L``
   "Luật", issuer "Quốc hội", one fixed issue date, a unique symbol "<law>, Điều <n>" so that the identity
   kind + number + issuer + date never merges two articles, title "Điều <n>. <heading>" — just "Điều <n>"
   when the article has no heading —, body the rest of the article as plain text, public), imported with
   the real command (``call_command("import_library", path)``);
2. every question is asked as an anonymous visitor through ``GET /api/search/?q=…`` (Django test client) on
   the database backend of this child — bench/run.py runs the module on SQLite and on PostgreSQL — and, in the
   SQLite child when ``ELASTICSEARCH_URL`` is set, on Elasticsearch after ``search_index rebuild``;
3. the top 10 results (mapped back to article ids by url) give recall@10, hit@10 and MRR@10 per engine,
   overall and per question source; plain BM25 (bench/legal_baseline.py, same articles and questions, this
   run) is the target of our rows;
4. latency at the outside benchmark's size: renamed copies of the articles are imported until the library
   holds ``SCALE_TO`` (17,840) articles and 300 questions are asked again on each engine (PostgreSQL target:
   p95 ≤ 150 ms). The copies only make posting lists and match counts as long as at that size; the
   recall figures come from step 3.

Per-question details (gold, top-10 ids of every ranker, rank of the first gold) go to
``/tmp/legal_search_details-<engine>.json`` (``$SOTAY_LEGAL_DETAILS``); a summary of wins / losses against
BM25 is printed.

No data directory → one informative row, nothing fails (CI). ``--quick`` (harness) asks 300 questions and
skips the scaled run; ``$SOTAY_LEGAL_LIMIT_QUESTIONS`` sets the number explicitly (0 = all), and
``$SOTAY_LEGAL_SCALE_TO`` the scaled size (0 = none); a subset is spread evenly over the question file, so
every source is in it. All articles are always imported (the distractors matter).

Caveat when reading the numbers: the symbol "<law>, Điều <n>" puts the law's name in the product's meta
field, which plain BM25 does not see; questions often name the law.
"""
from __future__ import annotations

import io
import json
import os
import re
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

DATABASES = ("sqlite", "postgresql")
TOP_K = 10
QUICK_QUESTIONS = 300
SCALE_TO = 17_840          # the outside benchmark's library size (latency is also measured there)
SCALED_QUESTIONS = 300     # questions asked (spread over the file) on the scaled library
TARGET_PG_P95_MS = 150.0
ISSUER = "Quốc hội"
ISSUED_ON = "2015-01-01"
KIND = "L"  # library/kinds.py: DocumentKind.L = "Luật"
DETAILS_OUT = Path(os.environ.get("SOTAY_LEGAL_DETAILS") or "/tmp/legal_search_details.json")
_CLAUSE = re.compile(r"^\s*(\d+\s*\.|[a-zđ]\s*\))")  # "1. …", "a) …": the article starts with its clauses
MAX_HEADING_CHARS = 160  # an untitled article's first line longer than this is a sentence, not a heading


def data_dir() -> Path:
    return Path(os.environ.get("SOTAY_LEGAL_DATA") or Path.home() / ".cache" / "sotay" / "legal")


def question_limit(args) -> int | None:
    env = os.environ.get("SOTAY_LEGAL_LIMIT_QUESTIONS", "").strip()
    if env:
        return int(env) or None
    return QUICK_QUESTIONS if getattr(args, "quick", False) else None


def scale_target(args) -> int:
    """Articles in the scaled library: ``$SOTAY_LEGAL_SCALE_TO`` (0: no scaled run), default SCALE_TO; a quick
    run skips it."""
    env = os.environ.get("SOTAY_LEGAL_SCALE_TO", "").strip()
    if env:
        return int(env)
    return 0 if getattr(args, "quick", False) else SCALE_TO


def spread(questions: list[dict], limit: int | None) -> list[dict]:
    """``limit`` questions evenly spaced over the file (the file is grouped by source: its first 300 lines
    are all ALQAC statements), so a quick run still sees every source. All articles stay in the corpus."""
    if not limit or limit >= len(questions):
        return questions
    step = len(questions) / limit
    return [questions[int(i * step)] for i in range(limit)]


# --- articles → import_library lines --------------------------------------------------------------------------
def split_heading(article: dict) -> tuple[str, str]:
    """(heading, rest of the article). The ``title`` field, when present, is the heading, sometimes followed
    by the first clause on the next lines; when empty, the first line of ``text`` is the heading unless it
    is already a clause ("1. …") or a sentence (long, or ending in punctuation)."""
    title = (article.get("title") or "").strip()
    text = (article.get("text") or "").strip()
    if title:
        head, _sep, more = title.partition("\n")
        if _CLAUSE.match(head):
            return "", f"{title}\n{text}".strip()
        return head.strip(), f"{more.strip()}\n{text}".strip()
    head, _sep, more = text.partition("\n")
    head = head.strip()
    if (not head or _CLAUSE.match(head) or len(head) > MAX_HEADING_CHARS or head[-1] in ".:;,"
            or not more.strip()):
        return "", text
    return head, more.strip()


def article_number(article: dict) -> str:
    return article["id"].rpartition("#")[2]


def article_line(article: dict) -> dict:
    """One import_library ``document`` line for a statute article."""
    no = article_number(article)
    heading, body = split_heading(article)
    return {
        "type": "document",
        "kind": KIND,
        "symbol": f"{article['law']}, Điều {no}",
        "title": f"Điều {no}. {heading}" if heading else f"Điều {no}",
        "issuer": ISSUER,
        "issued_on": ISSUED_ON,
        "body": body,
        "public": True,
    }


def import_articles(articles: list[dict], workdir: Path) -> dict:
    """Write the JSONL file, run the real command, check nothing collapsed; url/symbol → article id."""
    from django.core.management import call_command
    from django.urls import reverse

    from library.models import LibraryItem
    from search.models import SearchEntry

    lines = [article_line(a) for a in articles]
    path = workdir / "legal_articles.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    exit_code = 0
    try:
        call_command("import_library", str(path), stdout=out, stderr=err)
    except SystemExit as exc:  # the command exits 1 when some lines failed (after its summary)
        exit_code = exc.code or 0
    seconds = time.perf_counter() - started
    by_symbol = {line["symbol"]: a["id"] for line, a in zip(lines, articles)}
    items = list(LibraryItem.objects.filter(item_type="document").values_list("pk", "symbol"))
    by_url, unknown = {}, 0
    for pk, symbol in items:
        aid = by_symbol.get(symbol)
        if aid is None:
            unknown += 1
            continue
        by_url[reverse("library:item", args=[pk])] = aid
    report = {
        "lines": len(lines), "items": len(items), "mapped": len(by_url), "unknown_items": unknown,
        "entries": SearchEntry.objects.count(), "seconds": seconds, "exit_code": exit_code,
        "stdout": out.getvalue(), "stderr": err.getvalue(),
        "missing": sorted(set(by_symbol.values()) - set(by_url.values())),
    }
    print(f"import_library: {len(lines):,} lines -> {len(items):,} documents ({len(by_url):,} mapped to "
          f"articles, {report['entries']:,} search entries) in {seconds:.1f}s, exit {exit_code}")
    for text in (report["stdout"].strip(), report["stderr"].strip()):
        if text:
            print("  " + "\n  ".join(text.splitlines()[:20]))
    if len(items) != len(lines) or report["missing"]:
        print(f"  WARNING: {len(lines) - len(items)} articles collapsed or failed; "
              f"first missing: {report['missing'][:10]}")
    return {"by_url": by_url, "by_symbol": by_symbol, "report": report}


# --- metrics ----------------------------------------------------------------------------------------------
def first_rank(top: list[str], gold: set[str]) -> int | None:
    return next((i + 1 for i, rid in enumerate(top[:TOP_K]) if rid in gold), None)


def scores_of(top: list[str], gold: set[str]) -> tuple[float, float, float]:
    rank = first_rank(top, gold)
    recall = len(gold.intersection(top[:TOP_K])) / len(gold)
    return recall, (1.0 if rank else 0.0), (1.0 / rank if rank else 0.0)


def metrics(questions: list[dict], tops: list[list[str]]) -> dict[str, dict]:
    per: dict[str, list[tuple]] = defaultdict(list)
    for q, top in zip(questions, tops):
        s = scores_of(top, set(q["relevant"]))
        for src in ("all", q.get("source") or "unknown"):
            per[src].append(s)

    def mean(xs):
        return sum(xs) / len(xs) if xs else 0.0

    return {src: {"n": len(rows), "recall@10": mean([r[0] for r in rows]), "hit@10": mean([r[1] for r in rows]),
                  "mrr@10": mean([r[2] for r in rows])} for src, rows in per.items()}


def plain_bm25(articles: list[dict], questions: list[dict]) -> tuple[dict, list[list[str]]]:
    """bench/legal_baseline.py's own evaluation (same ranking, same tie-breaks): summary + per-question top-10."""
    from bench import legal_baseline

    with tempfile.TemporaryDirectory(prefix="sotay-legal-") as tmp:
        out = Path(tmp) / "bm25.json"
        summary = legal_baseline.evaluate(articles, questions, out)
        results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert [r["question"] for r in results] == [q["question"] for q in questions]
    return summary, [r["top10"] for r in results]


# --- asking the product -------------------------------------------------------------------------------------
def result_id(result: dict, mapping: dict) -> str:
    url = result.get("url") or ""
    return mapping["by_url"].get(url) or mapping["by_symbol"].get(result.get("symbol") or "") or f"?{url}"


def ask_all(questions: list[dict], mapping: dict, expect_backend: str) -> dict:
    from django.test import Client

    client = Client()  # anonymous visitor
    for q in questions[:5]:  # warm-up (statement caches, term statistics, node caches)
        client.get("/api/search/", {"q": q["question"]})
    tops, timings, backends, errors = [], [], defaultdict(int), []
    for q in questions:
        started = time.perf_counter()
        resp = client.get("/api/search/", {"q": q["question"]})
        timings.append((time.perf_counter() - started) * 1000)
        if resp.status_code != 200:
            errors.append((q["question"][:80], resp.status_code, resp.content[:200]))
            tops.append([])
            continue
        data = resp.json()
        backends[data.get("backend")] += 1
        tops.append([result_id(r, mapping) for r in data.get("results", [])[:TOP_K]])
    if errors:
        print(f"  {len(errors)} requests failed, e.g. {errors[:3]}")
    if set(backends) != {expect_backend}:
        print(f"  WARNING: expected backend {expect_backend!r}, answers came from {dict(backends)}")
    ordered = sorted(timings)
    return {"tops": tops, "p50": statistics.median(ordered), "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)],
            "backends": dict(backends), "errors": len(errors)}


# --- reporting ----------------------------------------------------------------------------------------------
def print_metrics(table: dict[str, dict]) -> None:
    sources = ["all"] + sorted({s for m in table.values() for s in m if s != "all"})
    print(f"{'ranker':<24} {'subset':<8} {'n':>5} {'recall@10':>10} {'hit@10':>7} {'MRR@10':>7}")
    for src in sources:
        for name, m in table.items():
            if src in m:
                r = m[src]
                print(f"{name:<24} {src:<8} {r['n']:>5} {r['recall@10']:>10.4f} {r['hit@10']:>7.4f} "
                      f"{r['mrr@10']:>7.4f}")


def win_loss(questions, product_tops, bm25_tops) -> dict:
    """Rank of the first gold article (missing from the top 10 = worse than any rank)."""
    out = {"wins": 0, "losses": 0, "ties": 0, "both_missed": 0, "lost_from_top10": 0, "gained_into_top10": 0}
    for q, p, b in zip(questions, product_tops, bm25_tops):
        gold = set(q["relevant"])
        rp, rb = first_rank(p, gold), first_rank(b, gold)
        if rp is None and rb is None:
            out["both_missed"] += 1
        elif rp == rb:
            out["ties"] += 1
        elif rb is None or (rp is not None and rp < rb):
            out["wins"] += 1
            out["gained_into_top10"] += rb is None
        else:
            out["losses"] += 1
            out["lost_from_top10"] += rp is None
    return out


def metric_rows(label: str, m: dict, target: dict | None) -> list[dict]:
    """Percentages (the harness prints one decimal), no square brackets (rich markup)."""
    rows = []
    for key, name in (("recall@10", "recall@10"), ("mrr@10", "MRR@10")):
        rows.append({"name": f"legal: {label} {name} ({m['all']['n']} q)", "value": round(100 * m["all"][key], 2),
                     "unit": "%", "target": round(100 * target["all"][key], 2) if target else None,
                     "better": "higher"})
    for src in sorted(s for s in m if s != "all"):
        rows.append({"name": f"legal: {label} recall@10 ({src}, {m[src]['n']} q)",
                     "value": round(100 * m[src]["recall@10"], 2), "unit": "%", "target": None, "better": "higher"})
    return rows


def import_copies(articles: list[dict], target: int, workdir: Path) -> int:
    """Renamed copies of the articles ("<law> (bản 2)") until the library holds ``target`` of them: the posting
    lists, match counts and index sizes of a library of the outside benchmark's size, for latency only."""
    from django.core.management import call_command

    extra, k = [], 1
    while articles and len(articles) + len(extra) < target:
        for a in articles:
            if len(articles) + len(extra) >= target:
                break
            law = f"{a['law']} (bản {k + 1})"
            extra.append(dict(a, id=f"{law}#{article_number(a)}", law=law))
        k += 1
    path = workdir / "legal_copies.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for a in extra:
            fh.write(json.dumps(article_line(a), ensure_ascii=False) + "\n")
    started = time.perf_counter()
    try:
        call_command("import_library", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exc:
        print(f"  import of the copies exited {exc.code}")
    print(f"scaled library: +{len(extra):,} copies in {time.perf_counter() - started:.1f}s")
    return len(articles) + len(extra)


def engine_rows(engine: str, m: dict, bm25_m: dict, res: dict, n_articles: int, scaled: dict | None) -> list[dict]:
    """Recall/MRR (targets: plain BM25 of the same run) and latency of one engine, tagged for bench/peers.py."""
    from bench.peers import OURS, tag

    rows = metric_rows(f"ours/{engine}", m, bm25_m)
    tag(rows[0], OURS[engine], "legal_recall")
    tag(rows[1], OURS[engine], "legal_mrr")
    rows.append({"name": f"legal: /api/search/ p50, {engine} ({n_articles:,} articles)",
                 "value": round(res["p50"], 1), "unit": "ms", "target": None})
    rows.append(tag({"name": f"legal: /api/search/ p95, {engine} ({n_articles:,} articles)",
                     "value": round(res["p95"], 1), "unit": "ms", "target": None}, OURS[engine], "legal_p95_ms"))
    if scaled:
        target = TARGET_PG_P95_MS if engine == "postgresql" else None
        rows.append({"name": f"legal: /api/search/ p50, {engine} ({scaled['articles']:,} articles, "
                             f"{scaled['questions']} q)", "value": round(scaled["p50"], 1), "unit": "ms",
                     "target": None})
        rows.append(tag({"name": f"legal: /api/search/ p95, {engine} ({scaled['articles']:,} articles, "
                                 f"{scaled['questions']} q)", "value": round(scaled["p95"], 1), "unit": "ms",
                         "target": target}, OURS[engine], "legal_p95_ms_scaled"))
    return rows


def run(args) -> list[dict]:
    data = data_dir()
    if not (data / "articles.jsonl").exists() or not (data / "questions.jsonl").exists():
        return [{"name": f"legal search: not measured (no data in {data}; see bench/legal_data.py)"
                         .replace(str(Path.home()), "~"), "value": 0, "unit": "", "target": None}]

    from django.conf import settings
    from django.db import connection

    from bench import legal_baseline
    from bench.peers import BM25, tag

    engine = connection.vendor  # "sqlite" or "postgresql": bench/run.py runs this module on both
    es_url = os.environ.get("ELASTICSEARCH_URL", "").strip() if engine == "sqlite" else ""
    settings.ELASTICSEARCH_URL = ""  # import and the first pass on the database backend
    from search import elastic

    elastic.reset()

    articles, questions = legal_baseline.load(data, None, None)
    questions = spread(questions, question_limit(args))
    print(f"legal search: {len(articles):,} articles, {len(questions):,} questions from {data}")

    bm25_summary, bm25_tops = plain_bm25(articles, questions)
    table = {"plain BM25": metrics(questions, bm25_tops)}
    assert abs(table["plain BM25"]["all"]["recall@10"] - bm25_summary["metrics"]["all"]["recall@10"]) < 1e-9

    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="sotay-legal-") as tmp:
        mapping = import_articles(articles, Path(tmp))
    rep = mapping["report"]
    rows.append({"name": f"legal: import_library {rep['lines']:,} articles → {rep['items']:,} documents "
                         f"({engine}, exit {rep['exit_code']})",
                 "value": round(rep["lines"] / rep["seconds"], 1) if rep["seconds"] else 0, "unit": "docs/s",
                 "target": None, "better": "higher"})

    engines: dict[str, dict] = {}
    started = time.perf_counter()
    engines[engine] = ask_all(questions, mapping, "database")
    print(f"{engine}: {len(questions)} questions in {time.perf_counter() - started:.1f}s")

    if es_url:
        from django.core.management import call_command

        from search.elastic.sync import drop_indices

        settings.ELASTICSEARCH_URL = es_url
        elastic.reset()
        try:
            started = time.perf_counter()
            call_command("search_index", "rebuild", "--elasticsearch-only", stdout=io.StringIO())
            print(f"search_index rebuild: {time.perf_counter() - started:.1f}s")
            started = time.perf_counter()
            engines["elasticsearch"] = ask_all(questions, mapping, "elasticsearch")
            print(f"elasticsearch: {len(questions)} questions in {time.perf_counter() - started:.1f}s")
        finally:
            drop_indices()
            settings.ELASTICSEARCH_URL = ""
            elastic.reset()

    scaled: dict[str, dict] = {}
    target = scale_target(args)
    if target > len(articles):
        subset = spread(questions, SCALED_QUESTIONS)
        with tempfile.TemporaryDirectory(prefix="sotay-legal-") as tmp:
            total = import_copies(articles, target, Path(tmp))
        res = ask_all(subset, mapping, "database")
        scaled[engine] = {"articles": total, "questions": len(subset), "p50": res["p50"], "p95": res["p95"]}
        if es_url:
            from django.core.management import call_command

            from search.elastic.sync import drop_indices

            settings.ELASTICSEARCH_URL = es_url
            elastic.reset()
            try:
                call_command("search_index", "rebuild", "--elasticsearch-only", stdout=io.StringIO())
                res = ask_all(subset, mapping, "elasticsearch")
                scaled["elasticsearch"] = {"articles": total, "questions": len(subset), "p50": res["p50"],
                                           "p95": res["p95"]}
            finally:
                drop_indices()
                settings.ELASTICSEARCH_URL = ""
                elastic.reset()

    for name, res in engines.items():
        table[f"ours/{name}"] = metrics(questions, res["tops"])
    print()
    print_metrics(table)

    bm25_m = table["plain BM25"]
    bm25_rows = metric_rows("plain BM25", bm25_m, None)
    tag(bm25_rows[0], BM25, "legal_recall")
    tag(bm25_rows[1], BM25, "legal_mrr")
    rows += bm25_rows
    for name, res in engines.items():
        rows += engine_rows(name, table[f"ours/{name}"], bm25_m, res, len(articles), scaled.get(name))
    if engine == "sqlite" and not es_url:
        rows.append({"name": "legal: ours/elasticsearch (ELASTICSEARCH_URL not set: not measured)", "value": 0,
                     "unit": "", "target": None})

    print()
    print("first gold rank, ours vs plain BM25 (win = ours ranks it higher):")
    for name, res in engines.items():
        wl = win_loss(questions, res["tops"], bm25_tops)
        print(f"  {name:<14} wins {wl['wins']:>4} (into top10 {wl['gained_into_top10']}), losses {wl['losses']:>4} "
              f"(out of top10 {wl['lost_from_top10']}), ties {wl['ties']:>4}, both missed {wl['both_missed']:>4}")
        res["win_loss"] = wl

    details = []
    for i, q in enumerate(questions):
        gold = set(q["relevant"])
        row = {"question": q["question"], "source": q.get("source"), "gold": q["relevant"],
               "bm25_top10": bm25_tops[i], "bm25_rank": first_rank(bm25_tops[i], gold)}
        for name, res in engines.items():
            row[f"{name}_top10"] = res["tops"][i]
            row[f"{name}_rank"] = first_rank(res["tops"][i], gold)
        details.append(row)
    out = DETAILS_OUT.with_name(f"{DETAILS_OUT.stem}-{engine}{DETAILS_OUT.suffix}")
    out.write_text(json.dumps({
        "articles": len(articles), "questions": len(questions), "metrics": table, "scaled": scaled,
        "import": {k: v for k, v in rep.items() if k not in ("stdout",)},
        "engines": {n: {k: v for k, v in r.items() if k != "tops"} for n, r in engines.items()},
        "results": details}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"per-question details -> {out}")
    return rows
