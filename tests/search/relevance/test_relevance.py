"""The relevance set on every engine: success@1, success@3 and MRR over ``cases.CASES`` (must stay ≥ 0.9).

The demo corpus is imported with ``import_library`` exactly as a site would be. A forbidden item in any
result list fails the run outright, whatever the scores.
"""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from organizations.models import Organization
from tests.factories import MembershipFactory, UserFactory
from tests.search.relevance.cases import CASES

DEMO = Path(settings.BASE_DIR) / "portal" / "demo" / "library.jsonl"
MIN_MRR = 0.9


def _matches(result: dict, spec: str) -> bool:
    if spec.startswith("title:"):
        return result["title"] == spec[6:]
    symbol, _sep, date = spec.partition("@")
    return result["symbol"] == symbol and (not date or result["issued_on"] == date)


def _clients():
    member = MembershipFactory(organization=Organization.objects.get(name="Chi bộ Sở Tư pháp"), role="member").user
    staff = MembershipFactory(organization=Organization.objects.get(name="Đảng bộ Khối Doanh nghiệp tỉnh"),
                              role="staff").user
    clients = {"anonymous": Client(), "member": Client(), "staff": Client()}
    clients["member"].force_login(member)
    clients["staff"].force_login(staff)
    UserFactory  # noqa: B018 (factories module imported for its side effects on sequences)
    return clients


def test_relevance_set(engine, capsys):
    assert DEMO.exists(), f"demo corpus missing: {DEMO}"
    call_command("import_library", str(DEMO), stdout=open("/dev/null", "w"))
    engine.sync()
    clients = _clients()
    rows, leaks = [], []
    for case in CASES:
        data = engine.api(clients[case.who], q=case.query)
        results = data["results"][:10]
        for spec in case.forbid:
            if any(_matches(r, spec) for r in data["results"]):
                leaks.append((case.query, case.who, spec))
        if case.expect is None:
            rank = 1  # only the forbidden list matters
        else:
            rank = next((i + 1 for i, r in enumerate(results) if _matches(r, case.expect)), None)
        rows.append((case, rank, results[0]["symbol"] or results[0]["title"][:40] if results else "—"))
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
    assert n >= 40
    assert mrr >= MIN_MRR, f"MRR {mrr:.3f} < {MIN_MRR} on {engine.name}"
