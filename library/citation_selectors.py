"""Queries for the missing-documents report: the documents most cited but not (unambiguously) in the library.

Unresolved citations are grouped by ``group_key`` (the number key, or type + number + issuer for short
forms), counted in the database (items citing, mentions), then one more query fetches the rows of
the groups on the current page to show what they say and who cites them. Citing items are limited to
those the staff member may see (``organizations.access``), drafts included.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q

from library.kinds import kind_label
from library.models import Citation, CitationStatus, LibraryItem, RelationType
from organizations.access import Viewer
from vntext.text import fold


@dataclass
class MissingDocument:
    group_key: str
    label: str
    kind: str
    number: str
    kind_name: str
    symbol: str
    issuer: str
    dates: list = field(default_factory=list)
    items_count: int = 0
    mentions: int = 0
    citing: list = field(default_factory=list)  # [(item id, display, title)]
    suggestions: list = field(default_factory=list)  # [(label, count)]
    examples: list = field(default_factory=list)


def _visible_sources(viewer: Viewer):
    return LibraryItem.objects.filter(viewer.library_q()).values("pk")


def missing_groups(viewer: Viewer, status: str = CitationStatus.UNRESOLVED, query: str = ""):
    """Grouped, ordered queryset of (group_key, items, mentions) for citations of ``status``."""
    qs = Citation.objects.filter(status=status, source__in=_visible_sources(viewer)).exclude(group_key="")
    if query:
        f = fold(query)
        qs = qs.filter(Q(group_key__icontains=f.replace(" ", "-")) | Q(raw__icontains=query) | Q(symbol__icontains=query))
    return (qs.values("group_key").annotate(items=Count("source", distinct=True), mentions=Count("pk"),
                                            first=Min("pk"))
            .order_by("-items", "-mentions", "group_key"))


def describe_groups(viewer: Viewer, groups, status: str = CitationStatus.UNRESOLVED, citing_limit: int = 20):
    """MissingDocument rows for one page of ``missing_groups`` (one query for all their citations)."""
    groups = list(groups)
    keys = [g["group_key"] for g in groups]
    rows = (Citation.objects.filter(status=status, group_key__in=keys, source__in=_visible_sources(viewer))
            .values("group_key", "kind", "number", "symbol", "issuer", "issued_on", "raw", "context",
                    "suggested_relation", "source_id", "source__symbol", "source__title", "source__issued_on")
            .order_by("group_key", "-source__issued_on", "source_id", "start"))
    by_key: dict[str, list[dict]] = {}
    for row in rows:
        by_key.setdefault(row["group_key"], []).append(row)
    labels = dict(RelationType.choices)
    out = []
    for g in groups:
        members = by_key.get(g["group_key"], [])
        if not members:
            continue
        with_symbol = next((m for m in members if m["symbol"]), None)
        head = with_symbol or members[0]
        issuer = next((m["issuer"] for m in members if m["issuer"]), "")
        # "Quy định số 47-QĐ/TW": the citing words name the kind that the code "QĐ" leaves open.
        name = kind_label(head["kind"], head["raw"])
        if with_symbol:
            label = f"{name} {with_symbol['symbol']}"
        else:
            label = f"{name} {head['number']}" + (f" của {issuer}" if issuer else "")
        citing, seen = [], set()
        for m in members:
            if m["source_id"] in seen:
                continue
            seen.add(m["source_id"])
            if len(citing) < citing_limit:
                citing.append((m["source_id"], m["source__symbol"] or "", m["source__title"]))
        suggestions = Counter(m["suggested_relation"] for m in members if m["suggested_relation"])
        out.append(MissingDocument(
            group_key=g["group_key"], label=label, kind=head["kind"], number=head["number"], kind_name=name,
            symbol=with_symbol["symbol"] if with_symbol else "", issuer=issuer,
            dates=sorted({m["issued_on"] for m in members if m["issued_on"]}),
            items_count=g["items"], mentions=g["mentions"], citing=citing,
            suggestions=[(str(labels.get(k, k)), n) for k, n in suggestions.most_common()],
            examples=[m["context"] for m in members[:2] if m["context"]],
        ))
    return out
