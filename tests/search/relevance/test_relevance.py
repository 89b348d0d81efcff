"""The relevance set on every engine: success@1, success@3 and MRR over ``cases.CASES`` (must stay ≥ 0.9).

The demo corpus is imported with ``import_library`` exactly as a site would be. A forbidden item in any
result list fails the run outright, whatever the scores; so does a strict case not answered first (or with
the wrong ``exact`` flag), and a marked word a query did not ask for (a word typed with diacritics marks only
that spelling: "đề" never marks "để").
"""
import re

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from search.queries import parse_query
from tests.search.relevance.cases import CASES
from tests.search.relevance.viewers import demo_clients
from vntext.text import fold

DEMO = Path(settings.BASE_DIR) / "portal" / "demo" / "library.jsonl"
MIN_MRR = 0.9


def _matches(result: dict, spec: str) -> bool:
    if spec.startswith("title:"):
        return result["title"] == spec[6:]
    symbol, _sep, date = spec.partition("@")
    return result["symbol"] == symbol and (not date or result["issued_on"] == date)


def _wrong_marks(query: str, results: list[dict]) -> list[str]:
    """Marked words that are none of the query's words as typed (those typed plainly: any spelling)."""
    terms = parse_query(query).highlight_terms()
    wrong = []
    for r in results:
        for word in re.findall(r"<mark>(.*?)</mark>", r["snippet"]):
            word = word.lower()
            if word not in terms and fold(word).lstrip("0") not in {t for t in terms if t.isascii()}:
                wrong.append(word)
    return wrong


def test_relevance_set(engine, capsys):
    assert DEMO.exists(), f"demo corpus missing: {DEMO}"
    call_command("import_library", str(DEMO), stdout=open("/dev/null", "w"))
    engine.sync()
    clients = demo_clients()
    rows, leaks, strict_misses, marks = [], [], [], []
    for case in CASES:
        data = engine.api(clients[case.who], q=case.query)
        results = data["results"][:10]
        marks += [(case.query, w) for w in _wrong_marks(case.query, results)]
        for spec in case.forbid:
            if any(_matches(r, spec) for r in data["results"]):
                leaks.append((case.query, case.who, spec))
        if case.expect is None:
            rank = 1  # only the forbidden list matters
        else:
            rank = next((i + 1 for i, r in enumerate(results) if _matches(r, case.expect)), None)
        rows.append((case, rank, results[0]["symbol"] or results[0]["title"][:40] if results else "—"))
        if case.strict and (rank != 1 or (case.exact is not None and results[0]["exact"] is not case.exact)):
            strict_misses.append((case.query, case.who, case.expect, rank, results[0]["exact"] if results else None))
    n = len(rows)
    s1 = sum(1 for _c, r, _t in rows if r == 1) / n
    s3 = sum(1 for _c, r, _t in rows if r and r <= 3) / n
    mrr = sum(1 / r for _c, r, _t in rows if r) / n
    with capsys.disabled():
        print(f"\nRelevance on {engine.name}: {n} queries  success@1={s1:.3f}  success@3={s3:.3f}  MRR={mrr:.3f}")
        groups = sorted({c.group for c, _r, _t in rows})
        print(f"  {'group':<14} {'n':>3} {'@1':>6} {'@3':>6} {'MRR':>6}")
        for g in groups:
            sub = [(c, r) for c, r, _t in rows if c.group == g]
            print(f"  {g:<14} {len(sub):>3} {sum(r == 1 for _c, r in sub) / len(sub):>6.2f} "
                  f"{sum(bool(r) and r <= 3 for _c, r in sub) / len(sub):>6.2f} "
                  f"{sum(1 / r for _c, r in sub if r) / len(sub):>6.2f}")
        for case, rank, top in rows:
            if rank != 1:
                print(f"  miss: {case.query!r} ({case.who}) expected {case.expect} at {rank}, got {top}")
    assert not leaks, f"restricted items shown: {leaks}"
    assert not strict_misses, f"strict cases missed (query, viewer, expected, rank, exact flag): {strict_misses}"
    assert not marks, f"words marked that the query did not ask for: {marks[:20]}"
    assert n >= 40
    assert mrr >= MIN_MRR, f"MRR {mrr:.3f} < {MIN_MRR} on {engine.name}"
