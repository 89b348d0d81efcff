"""Benchmark: the relevance set (tests/search/relevance) on our engines, stock Wagtail and plain BM25.

The demo corpus (portal/demo/library.jsonl) is imported with ``import_library``; every case of the set is
asked through ``/api/search/`` as its viewer (anonymous, a member, a staff member) on the database backend of
this child (SQLite or PostgreSQL, see bench/run.py) and, in the SQLite child when ``ELASTICSEARCH_URL`` is set,
on Elasticsearch. The peers (bench/peers.py) get the public documents and the anonymous cases: their rows and
ours on that same subset go into the comparison table; ours on every case (and the strict cases: numbers,
issuers, dates, question words, validity) are reported too.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

DATABASES = ("sqlite", "postgresql")
ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "portal" / "demo" / "library.jsonl"


def ours(cases, clients) -> tuple[list, int]:
    """First-relevant rank per case (None: not in the top 10) and the number of strict cases missed."""
    from bench.peers import matches

    ranks, strict_missed = [], 0
    for case in cases:
        results = clients[case.who].get("/api/search/", {"q": case.query}).json()["results"][:10]
        rank = next((i + 1 for i, r in enumerate(results)
                     if matches(case.expect, r["symbol"], r["title"], r["issued_on"])), None)
        ranks.append(rank)
        if case.strict and (rank != 1 or (case.exact is not None and results[0]["exact"] is not case.exact)):
            strict_missed += 1
    return ranks, strict_missed


def _rows(system: str, label: str, anon: list, everything: list | None = None, strict: int | None = None):
    from bench.peers import relevance_scores, tag

    a = relevance_scores(anon)
    rows = [tag({"name": f"relevance: {label} success@1 (anonymous cases, {a['n']})", "value": round(a["s1"], 3),
                 "unit": "", "target": None, "better": "higher"}, system, "relevance_s1"),
            tag({"name": f"relevance: {label} MRR (anonymous cases, {a['n']})", "value": round(a["mrr"], 3),
                 "unit": "", "target": None, "better": "higher"}, system, "relevance_mrr")]
    if everything is not None:
        e = relevance_scores(everything)
        rows.append({"name": f"relevance: {label} MRR (all {e['n']} cases, three viewers)", "value": round(e["mrr"], 3),
                     "unit": "", "target": 0.9, "better": "higher"})
    if strict is not None:
        rows.append({"name": f"relevance: {label} strict cases missed", "value": strict, "unit": "", "target": 0,
                     "better": "lower"})
    return rows


def run(args) -> list[dict]:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench import peers
    from library.models import LibraryItem
    from search import elastic
    from tests.search.relevance.cases import CASES

    es_url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    settings.ELASTICSEARCH_URL = ""
    elastic.reset()
    call_command("import_library", str(DEMO), stdout=io.StringIO(), stderr=io.StringIO())
    from tests.search.relevance.viewers import demo_clients  # after django.setup() (bench/run.py)

    clients = demo_clients()
    cases = [c for c in CASES if c.expect]
    anon = [i for i, c in enumerate(cases) if c.who == "anonymous"]
    engine = connection.vendor
    ranks, strict = ours(cases, clients)
    rows = _rows(peers.OURS[engine], f"ours/{engine}", [ranks[i] for i in anon], ranks, strict)

    if engine == "sqlite":
        public = list(LibraryItem.objects.filter(live=True, visibility="public").order_by("pk"))
        peers.stock_index(public)
        stock_ranks, bm25_ranks = [], []
        bm25 = peers.PlainIndex([(i.title, f"{i.summary}\n{i.body}") for i in public])
        for i in anon:
            case = cases[i]
            found, _seconds, _done = peers.stock_search(case.query)
            stock_ranks.append(next((k + 1 for k, d in enumerate(found)
                                     if peers.matches(case.expect, d.symbol, d.title, d.issued_on)), None))
            top = [public[d] for d in bm25.search(case.query)]
            bm25_ranks.append(next((k + 1 for k, d in enumerate(top)
                                    if peers.matches(case.expect, d.symbol, d.title, d.issued_on)), None))
        rows += _rows(peers.STOCK, "stock Wagtail", stock_ranks)
        rows += _rows(peers.BM25, "plain BM25", bm25_ranks)
        if es_url:
            from search.elastic.sync import drop_indices

            settings.ELASTICSEARCH_URL = es_url
            elastic.reset()
            try:
                call_command("search_index", "rebuild", "--elasticsearch-only", stdout=io.StringIO())
                ranks, strict = ours(cases, clients)
                rows += _rows(peers.OURS["elasticsearch"], "ours/elasticsearch", [ranks[i] for i in anon], ranks,
                              strict)
            finally:
                drop_indices()
                settings.ELASTICSEARCH_URL = ""
                elastic.reset()
    return rows
