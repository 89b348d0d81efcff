"""The peers of our search in ``make bench``: stock Wagtail and plain BM25, and the table that compares them.

* **Stock Wagtail**: what a plain Wagtail site gets — a minimal indexed model (bench/wagtail_peer: title and
  plain text) indexed in bulk and searched with Wagtail's own database backend (``get_search_backend()``,
  default settings: SQLite FTS5 via django-modelsearch, all words required). It has no privacy filter, so it
  is given the public documents only and judged on the anonymous cases of the relevance set.
* **Plain BM25**: bench/legal_baseline.py's textbook Okapi BM25 (k1 1.2, b 0.75, NFC syllables of title + text,
  OR of every word), in memory in Python: the ranking baseline, with no index to maintain and no privacy.

The benchmark modules measure them on the same documents and queries as our engines and tag their rows with
``compare = {"system", "metric"}``; :func:`comparison` gathers those rows into one table with ratios.
"""
from __future__ import annotations

import re
import threading
import time

STOCK = "stock Wagtail (database backend)"
BM25 = "plain BM25 (Python, in memory)"
OURS = {"sqlite": "ours: SQLite FTS5", "postgresql": "ours: PostgreSQL", "elasticsearch": "ours: Elasticsearch"}
SYSTEMS = (STOCK, BM25, OURS["sqlite"], OURS["postgresql"], OURS["elasticsearch"])
STOCK_TIMEOUT_S = 10.0


def tag(row: dict, system: str, metric: str) -> dict:
    row["compare"] = {"system": system, "metric": metric}
    return row


# --- stock Wagtail ----------------------------------------------------------------------------------------------
def stock_index(items) -> int:
    """PeerDocument rows for library items (title, summary + plain text), indexed by Wagtail's backend in bulk."""
    from wagtail.search.backends import get_search_backend

    from bench.wagtail_peer.models import PeerDocument
    from vntext.text import strip_html

    PeerDocument.objects.all().delete()
    docs = [PeerDocument(title=i.title, body=strip_html(f"{i.summary}\n{i.body}"), symbol=i.symbol,
                         issued_on=i.issued_on) for i in items]
    created = PeerDocument.objects.bulk_create(docs, batch_size=1000)
    backend = get_search_backend()
    for start in range(0, len(created), 1000):
        backend.add_bulk(PeerDocument, created[start:start + 1000])
    return len(created)


def stock_search(query: str, limit: int = 10, timeout_s: float = STOCK_TIMEOUT_S):
    """(documents, seconds, finished): a query stopped after ``timeout_s`` (SQLite is interrupted) counts as
    ``timeout_s`` and unfinished."""
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from bench.wagtail_peer.models import PeerDocument

    backend = get_search_backend()
    connection.ensure_connection()
    timer = None
    if connection.vendor == "sqlite":
        timer = threading.Timer(timeout_s, connection.connection.interrupt)
        timer.start()
    started = time.perf_counter()
    try:
        found = list(backend.search(query, PeerDocument)[:limit])
        return found, time.perf_counter() - started, True
    except Exception:  # interrupted (or a query the backend cannot parse)
        return [], max(timeout_s, time.perf_counter() - started), False
    finally:
        if timer:
            timer.cancel()


# --- plain BM25 ---------------------------------------------------------------------------------------------------
class PlainIndex:
    """bench/legal_baseline.py's BM25 over (title, text) pairs; ``search`` answers indices, best first."""

    def __init__(self, docs: list[tuple[str, str]]):
        from bench.legal_baseline import PlainBM25, tokenize

        self._tokenize = tokenize
        self.index = PlainBM25([tokenize(f"{title}\n{text}") for title, text in docs])

    def search(self, query: str, k: int = 10) -> list[int]:
        return [d for _s, d in self.index.search(self._tokenize(query), k)]


# --- the relevance set -------------------------------------------------------------------------------------------
def matches(spec: str, symbol: str, title: str, issued_on) -> bool:
    """tests/search/relevance: "title:<exact title>", "<symbol>" or "<symbol>@<yyyy-mm-dd>"."""
    if spec.startswith("title:"):
        return title == spec[6:]
    sym, _sep, date = spec.partition("@")
    return symbol == sym and (not date or str(issued_on or "") == date)


def relevance_scores(ranks: list) -> dict:
    """success@1, success@3, MRR from first-relevant ranks (None: not in the top 10)."""
    n = len(ranks) or 1
    return {"n": len(ranks), "s1": sum(r == 1 for r in ranks) / n, "s3": sum(bool(r) and r <= 3 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n}


# --- the comparison table ------------------------------------------------------------------------------------------
METRICS = (
    ("relevance_s1", "relevance set success@1", "{:.3f}"),
    ("relevance_mrr", "relevance set MRR", "{:.3f}"),
    ("p50_ms", "search p50 ms (bench docs)", "{:,.1f}"),
    ("p95_ms", "search p95 ms (bench docs)", "{:,.1f}"),
    ("legal_recall", "legal recall@10", "{:.3f}"),
    ("legal_mrr", "legal MRR@10", "{:.3f}"),
    ("legal_p95_ms", "legal p95 ms", "{:,.1f}"),
    ("legal_p95_ms_scaled", "legal p95 ms (~18k articles)", "{:,.1f}"),
)


def comparison(rows: list[dict]) -> dict:
    """{system: {metric: value}} from the tagged rows, plus the ratios that matter: time against ours on
    SQLite, legal recall and MRR against plain BM25 (the same run)."""
    table: dict[str, dict] = {}
    for row in rows:
        tagged = row.get("compare")
        if tagged and row.get("value") is not None:
            table.setdefault(tagged["system"], {})[tagged["metric"]] = row["value"]
    base_time = table.get(OURS["sqlite"], {}).get("p95_ms")
    bm25 = table.get(BM25, {})
    for _system, values in table.items():
        if base_time and values.get("p95_ms"):
            values["p95_vs_ours_sqlite"] = round(values["p95_ms"] / base_time, 2)
        for metric in ("legal_recall", "legal_mrr"):
            if bm25.get(metric) and values.get(metric):
                values[f"{metric}_vs_bm25"] = round(values[metric] / bm25[metric], 3)
    return {s: table[s] for s in SYSTEMS if s in table}


def print_comparison(table: dict) -> None:
    if not table:
        return
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover
        print(table)
        return
    out = Table(title="Search against its peers (same documents, same queries, one run)")
    out.add_column("system")
    columns = [(key, label, fmt) for key, label, fmt in METRICS if any(key in v for v in table.values())]
    for _key, label, _fmt in columns:
        out.add_column(label, justify="right")
    out.add_column("p95 ÷ ours SQLite", justify="right")
    out.add_column("legal recall, MRR ÷ BM25", justify="right")
    for system, values in table.items():
        cells = [fmt.format(values[key]) if key in values else "—" for key, _label, fmt in columns]
        ratio = f"{values['p95_vs_ours_sqlite']:,.2f}×" if "p95_vs_ours_sqlite" in values else "—"
        legal = (f"{values['legal_recall_vs_bm25']:.3f}, {values['legal_mrr_vs_bm25']:.3f}"
                 if "legal_recall_vs_bm25" in values and "legal_mrr_vs_bm25" in values else "—")
        out.add_row(re.sub(r"\[", r"\\[", system), *cells, ratio, legal)
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    console.print(out)
