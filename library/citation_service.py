"""Citation extraction and resolution for library items.

``refresh_citations(item_ids)`` re-extracts the references in those items' text (title, summary, body,
guide sections and pack fields, in that order; ``start``/``end`` index that combined text), stores them
as ``Citation`` rows and resolves each to a library item when the identity is unambiguous:

* a full symbol → items with the same ``number_key`` (sloppy spellings share a key); a date given in
  the text must equal the item's ``issued_on``; several items and no date to tell them apart → ambiguous;
* a short form ("Hướng dẫn 12 của Ban Tổ chức Trung ương") → items of the same type and number (Quyết
  định and Quy định count as one type, docs/DOMAIN.md), narrowed by the issuer words (matched against the
  issuer code in the item's symbol and the issuer's name) and by the date;
* nothing found → unresolved, kept for the missing-documents report.

References to the item itself (its own number in its header) are dropped. Work is batched: per batch
of items one query loads them, one or two look up candidates, one deletes and one bulk-inserts; then
citations elsewhere that may now point at these items are re-resolved (another two or three queries).
Saving an item runs this for it (``library/citation_signals.py``) unless :func:`suspended` is active,
which bulk importers use before calling ``refresh_citations`` per batch themselves.
"""
from __future__ import annotations

import contextvars
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterable

from django.db import transaction
from django.db.models import Q

from library.models import Citation, CitationStatus, LibraryItem
from vntext.citations import extract
from vntext.citations.issuers import code_for_phrase
from vntext.html_text import html_to_text
from vntext.kinds import CODES_FOLDED
from vntext.text import fold

BATCH_SIZE = 200
_IN_CHUNK = 500  # keeps IN (...) lists far below SQLite's variable limit
_SUSPENDED = contextvars.ContextVar("citations_suspended", default=False)
_FAMILIES = {"QĐ": ("QĐ", "QĐi"), "QĐi": ("QĐ", "QĐi")}


@contextmanager
def suspended():
    """Inside this block, saving an item does not re-extract its citations (the caller will, per batch)."""
    token = _SUSPENDED.set(True)
    try:
        yield
    finally:
        _SUSPENDED.reset(token)


def is_suspended() -> bool:
    return _SUSPENDED.get()


def family(kind: str) -> tuple[str, ...]:
    return _FAMILIES.get(kind, (kind,))


def _chunks(values: list, size: int):
    for i in range(0, len(values), size):
        yield values[i:i + size]


# --- text of an item ------------------------------------------------------------------------------
_TEXT_FIELDS = ("pk", "title", "summary", "body", "sections", "purpose", "discussion_questions",
                "conclusion_template", "number_key", "issued_on")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def item_text(item: LibraryItem) -> str:
    """The text citations are read from; offsets of stored citations index this string."""
    parts = [item.title or "", item.summary or "", html_to_text(item.body or "")]
    raw = getattr(item.sections, "raw_data", None) if item.sections else None
    if raw:
        parts.extend(html_to_text(s) for block in raw for s in _strings(block.get("value")) if s and not s.isdigit())
    parts.extend([item.purpose or "", item.discussion_questions or "", item.conclusion_template or ""])
    return "\n\n".join(p for p in parts if p)


# --- resolution -----------------------------------------------------------------------------------
def _issuer_code_of_key(key: str) -> str:
    """'12-hd-btctw' → 'btctw'; '30-2020-nd-cp' → 'cp'."""
    tokens = key.split("-")
    for i, tok in enumerate(tokens):
        if tok in CODES_FOLDED or tok in ("ttlt", "nd"):
            return "-".join(tokens[i + 1:])
    return ""


def group_key_for(ref) -> str:
    """How unresolved citations of one missing document are grouped (short forms join full symbols
    when the issuer is known: "Hướng dẫn 12 của Ban Tổ chức Trung ương" → 12-hd-btctw)."""
    if ref.number_key:
        return ref.number_key
    code = code_for_phrase(ref.issuer or "")
    kind_code = fold(ref.kind or "").replace(" ", "")
    if code and kind_code:
        return f"{ref.number}-{kind_code}-{code}"
    return f"{ref.kind}|{ref.number}|{fold(ref.issuer or '')}"


class Resolver:
    """Candidate items for a set of references, looked up in a few queries, then matched in memory."""

    _VALUES = ("pk", "number_key", "number", "kind", "issued_on", "issuer__name", "issuer__code")

    def __init__(self, refs: Iterable):
        refs = list(refs)
        keys = sorted({r.number_key for r in refs if r.number_key})
        pairs = {(k, r.number) for r in refs if not r.number_key and r.number for k in family(r.kind)}
        self.by_key: dict[str, list[dict]] = defaultdict(list)
        self.by_kind_number: dict[tuple, list[dict]] = defaultdict(list)
        for chunk in _chunks(keys, _IN_CHUNK):
            for row in LibraryItem.objects.filter(number_key__in=chunk).values(*self._VALUES):
                self.by_key[row["number_key"]].append(row)
        numbers = sorted({n for _k, n in pairs})
        kinds = sorted({k for k, _n in pairs})
        for chunk in _chunks(numbers, _IN_CHUNK):
            for row in LibraryItem.objects.filter(number__in=chunk, kind__in=kinds).values(*self._VALUES):
                if (row["kind"], row["number"]) in pairs:
                    self.by_kind_number[(row["kind"], row["number"])].append(row)

    def candidates(self, ref) -> list[dict]:
        if ref.number_key:
            return list(self.by_key.get(ref.number_key, ()))
        rows = [row for k in family(ref.kind) for row in self.by_kind_number.get((k, ref.number), ())]
        if ref.issuer:
            rows = [row for row in rows if _issuer_matches(ref.issuer, row)]
        return rows

    def resolve(self, ref, cited_on=None) -> tuple[str, int | None]:
        """Resolve ``ref`` found in a text issued on ``cited_on``: a text cannot cite a document issued after it,
        so a 2018 guide citing "12-HD/BTCTW" means the 2018 one even though a 2022 one shares the number."""
        rows = self.candidates(ref)
        if ref.issued_on:
            rows = [row for row in rows if row["issued_on"] == ref.issued_on]
        elif cited_on and len(rows) > 1:
            rows = [row for row in rows if row["issued_on"] is None or row["issued_on"] <= cited_on]
        if len(rows) == 1:
            return CitationStatus.RESOLVED, rows[0]["pk"]
        if len(rows) > 1:
            return CitationStatus.AMBIGUOUS, None
        return CitationStatus.UNRESOLVED, None


_CENTRAL = {"trung uong", "trung uong dang", "tw"}  # "của Trung ương": any central body (TW, BTCTW, …)


def _issuer_matches(words: str, row: dict) -> bool:
    code = code_for_phrase(words)
    row_code = _issuer_code_of_key(row["number_key"] or "")
    if code and row_code:
        if " ".join(fold(words).split()) in _CENTRAL:
            return row_code.endswith("tw")
        return code == row_code
    f_words, f_name = fold(words), fold(row["issuer__name"] or "")
    if f_words and f_name and (f_words in f_name or f_name in f_words):
        return True
    if code and fold(row["issuer__code"] or "") == code:
        return True
    return bool(code) and code_for_phrase(row["issuer__name"] or "") == code


# --- refresh ---------------------------------------------------------------------------------------
def refresh_citations(item_ids, *, reresolve_others: bool = True) -> int:
    """Re-extract and resolve citations of the given items (batched); returns how many were stored."""
    ids = sorted({int(i) for i in (item_ids or ()) if i})
    stored = 0
    for chunk in _chunks(ids, BATCH_SIZE):
        stored += _refresh_chunk(chunk, reresolve_others)
    return stored


def _context(text: str, start: int, end: int) -> str:
    snippet = " ".join(text[max(0, start - 90):end + 90].split())
    return snippet[:300]


def _is_self(item, ref) -> bool:
    return bool(ref.number_key and ref.number_key == item.number_key
                and (ref.issued_on is None or ref.issued_on == item.issued_on))


def _refresh_chunk(ids: list[int], reresolve_others: bool) -> int:
    items = list(LibraryItem.objects.filter(pk__in=ids).only(*_TEXT_FIELDS))
    found = []
    for item in items:
        text = item_text(item)
        for ref in extract(text):
            if not _is_self(item, ref):
                found.append((item, ref, text))
    resolver = Resolver(ref for _i, ref, _t in found)
    rows = []
    for item, ref, text in found:
        status, target_id = resolver.resolve(ref, item.issued_on)
        if target_id == item.pk:
            continue
        rows.append(Citation(
            source_id=item.pk, raw=ref.raw[:300], kind=ref.kind[:8], number=ref.number[:20],
            symbol=ref.symbol[:120], number_key=ref.number_key[:140], issuer=ref.issuer[:200],
            issued_on=ref.issued_on, start=ref.start, end=ref.end, status=status, target_id=target_id,
            suggested_relation=ref.suggested_relation, group_key=group_key_for(ref)[:200],
            context=_context(text, ref.start, ref.end),
        ))
    with transaction.atomic():
        Citation.objects.filter(source_id__in=ids).delete()
        Citation.objects.bulk_create(rows, batch_size=500)
        if reresolve_others:
            reresolve_for_items(items, exclude_sources=ids)
    return len(rows)


def reresolve_for_items(items, exclude_sources=()) -> int:
    """Citations in other items that may point at ``items`` (same symbol, or same type and number, or
    already resolved to one of them) are resolved again; returns how many changed."""
    items = list(items)
    if not items:
        return 0
    ids = [i.pk for i in items]
    keys = sorted({i.number_key for i in items if i.number_key})
    q = Q(target_id__in=ids)
    for chunk in _chunks(keys, _IN_CHUNK):
        q |= Q(number_key__in=chunk)
    numbers = {}
    for it in LibraryItem.objects.filter(pk__in=ids).exclude(number="").values("kind", "number"):
        for k in family(it["kind"]):
            numbers.setdefault(k, set()).add(it["number"])
    for kind, nums in numbers.items():
        q |= Q(number_key="", kind=kind, number__in=sorted(nums))
    return reresolve(Citation.objects.filter(q).exclude(source_id__in=list(exclude_sources)))


def reresolve(queryset) -> int:
    """Resolve these stored citations again against the library as it is now."""
    citations = list(queryset.only("pk", "source_id", "kind", "number", "number_key", "issuer", "issued_on",
                                   "status", "target_id", "source__issued_on").select_related("source"))
    if not citations:
        return 0
    resolver = Resolver(citations)
    changed = []
    for c in citations:
        status, target_id = resolver.resolve(c, c.source.issued_on)
        if target_id == c.source_id:
            status, target_id = CitationStatus.UNRESOLVED, None
        if (status, target_id) != (c.status, c.target_id):
            c.status, c.target_id = status, target_id
            changed.append(c)
    Citation.objects.bulk_update(changed, ["status", "target"], batch_size=500)
    return len(changed)
