"""Turn library items and meetings into search entries, in batches (a few queries per batch, never per row).

Each builder returns :class:`EntryData`: the entry's column values, its grant keys and topic ids. The same
data feeds the database index and, through the entry table, Elasticsearch (search/elastic/documents.py).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import get_language

from library.kinds import kind_label
from library.models import LibraryItem, Relation, RelationType, TaggedItem, Validity
from organizations.access import item_grant_keys, meeting_grant_keys
from search.models import MEETING_KIND, REPLACED, EntryVisibility, Source
from topics.models import Meeting
from vntext.text import _WORD, fold, fold_with_bigrams, index_fold, strip_html

MAX_BODY_CHARS = 400_000  # a guard against pathological input, far above any real document


@dataclass
class EntryData:
    source: str
    object_id: int
    values: dict
    grants: list[str] = field(default_factory=list)
    topic_ids: list[int] = field(default_factory=list)


@dataclass
class _Org:
    pk: int
    path: str


def number_tokens(kind: str, number: str, number_key: str) -> list[str]:
    """Single tokens for exact number lookups: ``nk_10_ct_tw`` (full key) and ``kn_ct_10`` (kind + number)."""
    tokens = []
    if number_key:
        tokens.append("nk_" + number_key.replace("-", "_"))
    if kind and number:
        tokens.append(f"kn_{fold(kind)}_{number}")
    return tokens


@lru_cache(maxsize=256)
def _kind_name(kind: str, language: str) -> str:
    return str(kind_label(kind)) if kind else ""


def _join(*parts) -> str:
    return "\n".join(p for p in parts if p)


def _stream_text(value) -> str:
    """All text in a StreamField value (headings, rich text, quotes, questions), HTML stripped."""
    try:
        raw = value.get_prep_value() if hasattr(value, "get_prep_value") else value
    except Exception:  # pragma: no cover - a broken stream never blocks indexing
        return ""
    out: list[str] = []

    def walk(node):
        if isinstance(node, str):
            out.append(strip_html(node))
        elif isinstance(node, dict):
            for key, val in node.items():
                if key not in ("type", "id"):
                    walk(val)
        elif isinstance(node, (list, tuple)):
            for val in node:
                walk(val)

    walk(raw or [])
    return "\n".join(t for t in out if t)


def bigram_text(folded: str) -> str:
    """"sinh hoat chuyen de" → "sinh_hoat hoat_chuyen chuyen_de" (the bigram columns' tokens)."""
    toks = _WORD.findall(folded)
    return " ".join(map("_".join, zip(toks, toks[1:])))


def _finish(values: dict) -> dict:
    values["body"] = values["body"][:MAX_BODY_CHARS]
    values["title_folded"], values["title_bigrams"] = fold_with_bigrams(values["title"])
    values["meta_folded"] = index_fold(values["meta"])
    values["body_folded"], values["body_bigrams"] = fold_with_bigrams(values["body"])
    return values


# --- library items -----------------------------------------------------------------------------------------
ITEM_FIELDS = ("id", "live", "item_type", "kind", "symbol", "number", "number_key", "title", "issuer_id",
               "issuer__name", "issued_on", "summary", "body", "purpose", "discussion_questions",
               "conclusion_template", "field", "signer", "visibility", "validity")


def item_entries(item_ids) -> tuple[list[EntryData], list[int]]:
    """Entries for the live items among ``item_ids``; also returns the ids that must leave the index."""
    ids = list(item_ids)
    rows = list(LibraryItem.objects.filter(pk__in=ids).values(*ITEM_FIELDS))
    live = [r for r in rows if r["live"]]
    live_ids = [r["id"] for r in live]
    gone = sorted(set(ids) - set(live_ids))
    if not live:
        return [], gone
    guides = [r["id"] for r in live if r["item_type"] == "study_guide"]
    if guides:  # StreamField values are costly to load: only guides have sections
        sections = dict(LibraryItem.objects.filter(pk__in=guides).values_list("id", "sections"))
        for r in live:
            r["sections"] = sections.get(r["id"])
    topics: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for item_id, tag_id, name in TaggedItem.objects.filter(content_object_id__in=live_ids).values_list(
            "content_object_id", "tag_id", "tag__name"):
        topics[item_id].append((tag_id, name))
    allowed: dict[int, list[_Org]] = defaultdict(list)
    through = LibraryItem.allowed_orgs.through
    restricted_ids = [r["id"] for r in live if r["visibility"] == "restricted"]
    if restricted_ids:
        for item_id, org_id, path in through.objects.filter(libraryitem_id__in=restricted_ids).values_list(
                "libraryitem_id", "organization_id", "organization__path"):
            allowed[item_id].append(_Org(org_id, path))
    replaced = replaced_ids(live_ids)
    return [build_item_entry(r, topics.get(r["id"], []), allowed.get(r["id"], []), r["id"] in replaced)
            for r in live], gone


def replaced_ids(item_ids) -> set[int]:
    """The items among ``item_ids`` that a live library item replaces (a ``replaces`` relation)."""
    return set(Relation.objects.filter(target_id__in=list(item_ids), relation_type=RelationType.REPLACES,
                                       source__live=True).values_list("target_id", flat=True))


def validity_values(validity: str, replaced: bool) -> tuple[str, bool]:
    """(validity as search shows and filters it, superseded?): a replaced item is REPLACED whatever its
    status says; replaced and expired items are superseded (they rank below what is in force)."""

    if replaced:
        return REPLACED, True
    return validity or "", validity == Validity.EXPIRED


def build_item_entry(row: dict, topics: list[tuple[int, str]], allowed_orgs: list,
                     replaced: bool = False) -> EntryData:
    """One item's entry from its column values (``ITEM_FIELDS``), topics, allowed organizations and whether a
    live item replaces it."""
    kind = row["kind"] or ""
    visibility = row["visibility"]
    if visibility == "public":
        vis, grants = EntryVisibility.PUBLIC, []
    elif visibility == "internal":
        vis, grants = EntryVisibility.INTERNAL, []
    else:  # restricted (or anything unknown: fail closed)
        vis, grants = EntryVisibility.GRANTS, item_grant_keys(allowed_orgs)
    topic_names = [name for _id, name in topics]
    meta = _join(row["symbol"], _kind_name(kind, get_language() or ""), row.get("issuer__name") or "",
                 ", ".join(topic_names), row.get("field") or "", row.get("signer") or "")
    body = _join(row.get("summary") or "", strip_html(row.get("body") or ""), _stream_text(row.get("sections")),
                 row.get("purpose") or "", row.get("discussion_questions") or "",
                 row.get("conclusion_template") or "")
    values = {
        "item_type": row["item_type"],
        "kind": kind or row["item_type"],
        "symbol": row["symbol"] or "",
        "number": row["number"] or "",
        "number_key": row["number_key"] or "",
        "title": row["title"] or "",
        "meta": meta,
        "body": body,
        "issuer_id": row["issuer_id"],
        "issuer_name": (row.get("issuer__name") or "")[:255],
        "cell_id": None,
        "issued_on": row["issued_on"],
        "year": row["issued_on"].year if row["issued_on"] else None,
        "visibility": vis,
    }
    values["validity"], values["superseded"] = validity_values(row.get("validity") or "", replaced)
    _finish(values)
    extra = number_tokens(kind, values["number"], values["number_key"])
    if extra:
        values["meta_folded"] = (values["meta_folded"] + " " + " ".join(extra)).strip()
    return EntryData(Source.ITEM, row["id"], values, grants, sorted({tid for tid, _n in topics}))


# --- meetings ----------------------------------------------------------------------------------------------
MEETING_COLUMNS = ("id", "title", "conclusion", "scheduled_at", "is_public", "cell_id", "cell__name", "cell__path",
                   "topic_id", "topic__name")


def meeting_entries(meeting_ids) -> tuple[list[EntryData], list[int]]:
    """Rows, not model instances: a Meeting is a ClusterableModel, whose construction cost a fifth of a
    4,000-meeting import here."""
    ids = list(meeting_ids)
    rows = [dict(zip(MEETING_COLUMNS, r)) for r in Meeting.objects.filter(pk__in=ids).values_list(*MEETING_COLUMNS)]
    found = {r["id"] for r in rows}
    return [build_meeting_entry(r) for r in rows], sorted(set(ids) - found)


def build_meeting_entry(row: dict) -> EntryData:
    """One meeting's entry from its ``MEETING_COLUMNS`` row."""
    cell = SimpleNamespace(pk=row["cell_id"], name=row["cell__name"] or "", path=row["cell__path"])
    scheduled_at = row["scheduled_at"]
    local = timezone.localtime(scheduled_at) if scheduled_at else None
    if row["is_public"]:
        vis, grants = EntryVisibility.PUBLIC, []
    else:
        vis, grants = EntryVisibility.GRANTS, meeting_grant_keys(cell)
    topic_id = row["topic_id"]
    values = {
        "item_type": MEETING_KIND,
        "kind": MEETING_KIND,
        "symbol": "",
        "number": "",
        "number_key": "",
        "title": row["title"] or "",
        "meta": _join("Sinh hoạt chuyên đề", cell.name, row["topic__name"] if topic_id else ""),
        "body": row["conclusion"] or "",
        "issuer_id": cell.pk,
        "issuer_name": cell.name[:255],
        "cell_id": cell.pk,
        "issued_on": local.date() if local else None,
        "year": local.year if local else None,
        "visibility": vis,
        "validity": "",
        "superseded": False,
    }
    _finish(values)
    return EntryData(Source.MEETING, row["id"], values, grants, [topic_id] if topic_id else [])
