"""The search service every page and API uses: ``search(viewer, q, filters, page)`` and ``backend_health()``.

Picks the engine (Elasticsearch when ``ELASTICSEARCH_URL`` is set and the node answers, else the database
backend, also as the automatic fallback), runs the parsed query under the viewer's privacy filter, loads
the page's entries in one query, and shapes results, facets, highlighted snippets and "did you mean".
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from library.kinds import kind_label
from library.models import Relation, RelationType, Validity
from organizations.access import Viewer
from organizations.models import Organization
from search import breaker, elastic
from search.backends import database_backend
from search.elastic.backend import ElasticsearchBackend
from search.highlight import highlight_text, snippet
from search.models import MEETING_KIND, REPLACED, OutboxEntry, SearchEntry, SearchGrant, Source
from search.queries import EngineUnavailable, Facet, Filters, Hits, SearchQuery, parse_query
from search.suggest import did_you_mean
from topics.models import Topic

log = logging.getLogger(__name__)
PER_PAGE = 20
MAX_PAGE = 500
OUTBOX_LAG_WARN_SECONDS = 300

ITEM_TYPE_LABELS = {
    "document": _l("Văn bản"),
    "study_guide": _l("Tài liệu học tập"),
    "session_pack": _l("Gói chuyên đề"),
    MEETING_KIND: _l("Sinh hoạt chuyên đề"),
}


@lru_cache(maxsize=256)
def _kind_display(kind: str, language: str) -> str:
    if kind in ITEM_TYPE_LABELS:
        return str(ITEM_TYPE_LABELS[kind])
    return str(kind_label(kind))


def kind_display(kind: str) -> str:
    from django.utils.translation import get_language

    return _kind_display(kind, get_language() or "")


def validity_label(value: str) -> str:
    """"Còn hiệu lực", "Hết hiệu lực toàn bộ", … or "Được thay thế" (search.models.REPLACED)."""
    if value == REPLACED:
        return str(_("Được thay thế"))
    return str(Validity(value).label) if value in Validity.values else value


@dataclass
class Result:
    title: str
    symbol: str
    kind: str
    kind_label: str
    url: str
    issued_on: object
    snippet: str
    title_html: str
    score: float
    source: str
    object_id: int
    issuer: str = ""
    exact: bool = False  # the number typed is exactly this document's (and its issuer, year or date if typed)
    validity: str = ""   # SearchEntry.validity: a library.models.Validity code or REPLACED; "" for meetings
    replaced_by: list = field(default_factory=list)  # [{title, symbol, url, issued_on}] the viewer may see

    @property
    def validity_label(self) -> str:
        return validity_label(self.validity) if self.validity else ""

    def as_json(self) -> dict:
        return {"title": self.title, "symbol": self.symbol, "kind": self.kind, "url": self.url,
                "issued_on": self.issued_on.isoformat() if self.issued_on else None,
                "snippet": str(self.snippet), "score": self.score, "kind_label": self.kind_label,
                "issuer": self.issuer, "type": self.source, "exact": self.exact,
                "validity": self.validity or None, "validity_label": self.validity_label or None,
                "replaced_by": [{**r, "issued_on": r["issued_on"].isoformat() if r["issued_on"] else None}
                                for r in self.replaced_by]}


@dataclass
class SearchResult:
    query: SearchQuery
    count: int = 0
    backend: str = "database"
    results: list[Result] = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    page: int = 1
    per_page: int = PER_PAGE
    exact: list[Result] = field(default_factory=list)   # documents whose number is exactly the query
    suggestion: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, (self.count + self.per_page - 1) // self.per_page))

    def as_json(self) -> dict:
        data = {"count": self.count, "backend": self.backend, "page": self.page, "num_pages": self.num_pages,
                "results": [r.as_json() for r in self.results],
                "facets": {name: [f.as_dict() if hasattr(f, "as_dict") else f for f in values]
                           for name, values in self.facets.items()}}
        if self.suggestion:
            data["suggestion"] = self.suggestion
        if self.exact:
            data["exact"] = [{"title": r.title, "symbol": r.symbol, "url": r.url,
                              "issued_on": r.issued_on.isoformat() if r.issued_on else None} for r in self.exact]
        return data


# --- engine choice ------------------------------------------------------------------------------------------
def get_backend():
    """Elasticsearch when configured and up, else the database backend."""
    if elastic.configured() and elastic.available():
        return ElasticsearchBackend()
    return database_backend()


def _run(query: SearchQuery, viewer, offset: int, limit: int) -> Hits:
    backend = get_backend()
    try:
        return backend.search(query, viewer, offset, limit)
    except EngineUnavailable as exc:
        elastic.mark_down(exc)
        return database_backend().search(query, viewer, offset, limit)


def count(query: SearchQuery, viewer) -> int:
    backend = get_backend()
    try:
        return backend.count(query, viewer)
    except EngineUnavailable as exc:
        elastic.mark_down(exc)
        return database_backend().count(query, viewer)


# --- results ------------------------------------------------------------------------------------------------
ENTRY_FIELDS = ("id", "source", "object_id", "kind", "item_type", "symbol", "title", "issued_on", "issuer_name",
                "number_key", "visibility", "validity", "text__body")


def _load(keys: list) -> dict:
    """Entries for hit keys ((source, object_id) pairs), one query."""
    if not keys:
        return {}
    q = Q(pk__in=[])
    for src in {k[0] for k in keys}:
        q |= Q(source=src, object_id__in=[k[1] for k in keys if k[0] == src])
    return {(e.source, e.object_id): e
            for e in SearchEntry.objects.filter(q).select_related("text").only(*ENTRY_FIELDS)}


def _body(entry) -> str:
    try:
        return entry.text.body
    except SearchEntry.text.RelatedObjectDoesNotExist:  # pragma: no cover - written together
        return ""


@lru_cache(maxsize=8)
def _url_pattern(name: str, urlconf_key) -> tuple[str, str]:
    """reverse() once per route: the URL around a placeholder id (20 results, 1 reverse)."""
    url = reverse(name, args=[987654321])
    head, _sep, tail = url.partition("987654321")
    return head, tail


def _urlconf():
    from django.urls import get_urlconf

    return get_urlconf()


def entry_url(entry) -> str:
    name = "topics:meeting" if entry.source == Source.MEETING else "library:item"
    head, tail = _url_pattern(name, _urlconf())
    return f"{head}{entry.object_id}{tail}"


def _visible_now(entries: dict, viewer) -> set:
    """Defence in depth against a stale Elasticsearch document: the database entry decides, through the
    privacy layer's rule for such copies (``Viewer.sees_audience``).

    Not a filter after fetching (Elasticsearch already filtered counts and facets): it only guards a
    page against a document whose grants changed and whose update is still in the outbox.
    """

    viewer = viewer or Viewer()
    mine = set(viewer.grant_keys()) if viewer.is_authenticated and not viewer.is_superuser else set()
    grant_ids = [e.pk for e in entries.values() if e.visibility == "grants"]
    held: dict[int, list[str]] = {}
    if grant_ids and mine:
        for entry_id, key in SearchGrant.objects.filter(entry_id__in=grant_ids, key__in=mine).values_list(
                "entry_id", "key"):
            held.setdefault(entry_id, []).append(key)
    return {k for k, e in entries.items() if viewer.sees_audience(e.visibility, held.get(e.pk, ()))}


def replacements(entries, viewer) -> dict[int, list[dict]]:
    """Library item id → the items replacing it that ``viewer`` may see, newest first (one query)."""
    ids = [e.object_id for e in entries if e.validity == REPLACED and e.source == Source.ITEM]
    if not ids:
        return {}
    visible = (viewer or Viewer()).library_items().values("pk")
    rows = (Relation.objects.filter(target_id__in=ids, relation_type=RelationType.REPLACES, source__in=visible)
            .order_by("-source__issued_on", "-source_id")
            .values_list("target_id", "source_id", "source__symbol", "source__title", "source__issued_on"))
    head, tail = _url_pattern("library:item", _urlconf())
    out: dict[int, list[dict]] = {}
    for target, source, symbol, title, issued_on in rows:
        out.setdefault(target, []).append({"title": title, "symbol": symbol, "url": f"{head}{source}{tail}",
                                           "issued_on": issued_on})
    return out


def _results(hits: Hits, query: SearchQuery, viewer, check_privacy: bool) -> list[Result]:
    entries = _load(hits.keys)
    allowed = _visible_now(entries, viewer) if check_privacy else set(entries)
    terms = query.highlight_terms()
    exact = set(hits.exact)
    replaced = replacements([entries[k] for k in hits.keys if k in entries and k in allowed], viewer)
    out = []
    for key, score in zip(hits.keys, hits.scores):
        e = entries.get(key)
        if e is None or key not in allowed:
            continue
        out.append(Result(
            title=e.title, symbol=e.symbol, kind=e.kind, kind_label=kind_display(e.kind), url=entry_url(e),
            issued_on=e.issued_on, snippet=snippet(_body(e) or e.title, terms), title_html=highlight_text(e.title, terms),
            score=score, source=e.source, object_id=e.object_id, issuer=e.issuer_name, exact=key in exact,
            validity=e.validity, replaced_by=replaced.get(e.object_id, []) if e.source == Source.ITEM else []))
    return out


def _facets(hits: Hits) -> dict:
    facets = {}
    facets["kind"] = [Facet(k, kind_display(k), n) for k, n in hits.facets.get("kind", [])]
    issuers = hits.facets.get("issuer", [])
    names = dict(hits.labels.get("issuer", {}))
    missing = [i for i, _n in issuers if i not in names]
    if missing:
        names.update(Organization.objects.filter(pk__in=missing).values_list("pk", "name"))
    facets["issuer"] = [Facet(i, names.get(i, str(i)), n) for i, n in issuers]
    facets["year"] = [Facet(y, str(y), n) for y, n in hits.facets.get("year", [])]
    topic_rows = hits.facets.get("topic", [])
    tnames = dict(Topic.objects.filter(pk__in=[t for t, _n in topic_rows]).values_list("pk", "name")) \
        if topic_rows else {}
    facets["topic"] = [Facet(t, tnames.get(t, str(t)), n) for t, n in topic_rows if t in tnames]
    facets["validity"] = [Facet(v, validity_label(v), n) for v, n in hits.facets.get("validity", [])]
    return facets


def search(viewer, q: str = "", filters: Filters | None = None, page: int = 1, per_page: int = PER_PAGE,
           suggest: bool = True) -> SearchResult:
    """Search what ``viewer`` may see. ``q`` and ``filters`` are already validated (search/forms.py)."""
    query = parse_query(q, filters)
    page = max(1, min(int(page or 1), MAX_PAGE))
    result = SearchResult(query=query, page=page, per_page=per_page)
    if not query.has_text and not query.filters:
        result.backend = get_backend().name  # nothing searchable ("*", emoji): an empty answer
        return result
    hits = _run(query, viewer, (page - 1) * per_page, per_page)
    result.backend = hits.backend
    result.count = hits.count
    result.results = _results(hits, query, viewer, check_privacy=hits.may_lag)
    result.facets = _facets(hits)
    exact_keys = [k for k in hits.pinned if k in hits.exact][:5]
    if exact_keys:
        exact_hits = Hits(keys=exact_keys, scores=[0.0] * len(exact_keys), pinned=hits.pinned, exact=hits.exact)
        result.exact = _results(exact_hits, query, viewer, check_privacy=hits.may_lag)
    if suggest and query.has_text:
        result.suggestion = did_you_mean(query, viewer, result, count=count, search=search)
    return result


# --- health -------------------------------------------------------------------------------------------------
def outbox_lag() -> dict:
    from django.utils import timezone

    oldest = OutboxEntry.objects.order_by("id").values_list("created_at", flat=True).first()
    pending = OutboxEntry.objects.count() if oldest else 0
    seconds = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"pending": pending, "oldest_seconds": round(seconds, 1)}


def backend_health() -> dict:
    """For /healthz: which engine answers, and whether search is degraded (ES down, outbox lagging)."""
    if not elastic.configured():
        return {"backend": "database", "ok": True, "configured": "database"}
    lag = outbox_lag()
    info = {"configured": "elasticsearch", "outbox": lag, "index": elastic.alias_name()}
    node = breaker.health()  # bounded: no network call while the circuit is open (search/breaker.py)
    if not node["ok"]:
        return {**info, **node, "backend": "database", "error": _("Elasticsearch không phản hồi: %(e)s")
                % {"e": node.get("error", "")}}
    status = node["cluster"]
    lagging = lag["oldest_seconds"] > OUTBOX_LAG_WARN_SECONDS
    out = {**info, "backend": "elasticsearch", "ok": not lagging, "cluster": status}
    if lagging:
        out["error"] = _("Hàng đợi chỉ mục tìm kiếm chậm %(s)d giây") % {"s": lag["oldest_seconds"]}
    return out
