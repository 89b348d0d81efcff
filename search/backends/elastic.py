"""The Elasticsearch backend: the same parsed query as the database backend, as one bool query.

Ranking is BM25 per field (the node's own), summed over: original syllables (title, meta, body), folded
syllables (title, meta, body) and folded bigrams (``*.bi`` shingle subfields). The privacy filter and the
facet filters sit in the ``filter`` clause, so ``hits.total`` and the aggregations only ever see what the
viewer may see. Only ids come back (``_source: false``); the database supplies the result rows.
"""
from __future__ import annotations

from search import elastic
from search.backends.database import ITEM_TYPE_FILTERS
from search.queries import PINNED_LIMIT, EngineUnavailable, Hits, SearchQuery, page_window
from search.queries import score as _score

FACET_SIZE = 20

# (field, boost, which query part)
FIELDS = (
    ("title", 3.0, "orig"),
    ("meta", 1.5, "orig"),
    ("body", 1.0, "orig"),
    ("title_folded", 2.5, "fold"),
    ("meta_folded", 1.2, "fold"),
    ("body_folded", 0.8, "fold"),
    ("title_folded.bi", 3.0, "bigram"),
    ("body_folded.bi", 1.5, "bigram"),
)


def privacy_filter(viewer) -> dict | None:
    if viewer is not None and viewer.is_superuser:
        return None
    should = [{"term": {"visibility": "public"}}]
    if viewer is not None and viewer.is_authenticated:
        should.append({"term": {"visibility": "internal"}})
        keys = viewer.grant_keys()
        if keys:
            should.append({"bool": {"filter": [{"term": {"visibility": "grants"}}, {"terms": {"grants": keys}}]}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def filter_clauses(query: SearchQuery, viewer) -> list[dict]:
    out = []
    privacy = privacy_filter(viewer)
    if privacy:
        out.append(privacy)
    f = query.filters
    if f.kind:
        out.append({"term": {"item_type" if f.kind in ITEM_TYPE_FILTERS else "kind": f.kind}})
    if f.issuer:
        out.append({"term": {"issuer_id": f.issuer}})
    if f.year:
        out.append({"term": {"year": f.year}})
    if f.cell:
        out.append({"term": {"cell_id": f.cell}})
    if f.topic:
        out.append({"term": {"topics": f.topic}})
    return out


def text_clauses(query: SearchQuery) -> list[dict]:
    parts = {
        "orig": " ".join(query.orig_terms),
        "fold": " ".join(query.fold_terms),
        "bigram": " ".join(f"{a}_{b}" for a, b in query.bigrams),
    }
    should = []
    for field, boost, part in FIELDS:
        if parts[part]:
            should.append({"match": {field: {"query": parts[part], "boost": boost}}})
    if query.number_tokens:
        # BM25 on a rare token: a strong, idf-scaled boost for documents carrying the number typed.
        should.append({"match": {"meta_folded": {"query": " ".join(query.number_tokens), "boost": 4.0}}})
    return should


def _key(doc_id: str) -> tuple[str, int]:
    source, _sep, oid = doc_id.partition("-")
    return source, int(oid)


class ElasticsearchBackend:
    name = "elasticsearch"

    def _call(self, fn, **kwargs):
        try:
            return fn(**kwargs)
        except Exception as exc:  # connection refused, timeout, missing index: answer from the database
            raise EngineUnavailable(str(exc)) from exc

    def _main_query(self, query: SearchQuery, viewer) -> dict:
        filters = filter_clauses(query, viewer)
        should = text_clauses(query) if query.has_text else []
        if should:
            return {"bool": {"filter": filters, "should": should, "minimum_should_match": 1}}
        return {"bool": {"filter": filters}}

    def _pinned(self, query: SearchQuery, viewer) -> list[tuple[str, int]]:
        number = query.number
        if not number:
            return []
        es = elastic.client()
        filters = filter_clauses(query, viewer)
        tries = []
        if number.key:
            tries.append([{"term": {"number_key": number.key}}])
        if number.kind and number.number:
            tries.append([{"term": {"kind": number.kind}}, {"term": {"number": number.number}}])
        for extra in tries:
            resp = self._call(es.search, index=elastic.alias_name(), query={"bool": {"filter": filters + extra}},
                              sort=[{"issued_on": {"order": "desc", "missing": "_last"}}, {"object_id": "desc"}],
                              size=PINNED_LIMIT, source=["issuer_name"], track_total_hits=False)
            hits = resp["hits"]["hits"]
            if hits:
                if number.issuer_hint and "kind" in str(extra):
                    from search.text import fold

                    hits.sort(key=lambda h: 0 if number.issuer_hint in fold(h["_source"].get("issuer_name", ""))
                              else 1)
                return [_key(h["_id"]) for h in hits]
        return []

    def search(self, query: SearchQuery, viewer, offset: int, limit: int, facets: bool = True) -> Hits:
        es = elastic.client()
        pinned = self._pinned(query, viewer)
        p_start, p_stop, r_offset, r_limit = page_window(offset, limit, len(pinned))
        body: dict = {"query": self._main_query(query, viewer), "track_total_hits": True, "source": False,
                      "from": r_offset, "size": max(r_limit, 0)}
        if not query.has_text:
            body["sort"] = [{"issued_on": {"order": "desc", "missing": "_last"}}, {"object_id": "desc"}]
        if pinned:
            body["post_filter"] = {"bool": {"must_not": [
                {"ids": {"values": [f"{s}-{o}" for s, o in pinned]}}]}}
        if facets:
            body["aggs"] = {
                "kind": {"terms": {"field": "kind", "size": FACET_SIZE}},
                "issuer": {"terms": {"field": "issuer_id", "size": FACET_SIZE}},
                "year": {"terms": {"field": "year", "size": FACET_SIZE, "order": {"_key": "desc"}}},
                "topic": {"terms": {"field": "topics", "size": FACET_SIZE}},
            }
        resp = self._call(es.search, index=elastic.alias_name(), **body)
        hits = resp["hits"]
        ranked = [(_key(h["_id"]), float(h.get("_score") or 0.0)) for h in hits["hits"]]
        top = ranked[0][1] if ranked and offset == 0 else 0.0
        out = Hits(backend=self.name, pinned=pinned)
        out.keys = list(pinned[p_start:p_stop]) + [k for k, _s in ranked]
        out.scores = [_score(top + 1.0)] * (p_stop - p_start) + [_score(s) for _k, s in ranked]
        # post_filter hid the pinned documents from the hits, not from the aggregations: add them back.
        out.count = int(hits["total"]["value"]) + len(pinned)
        if facets:
            aggs = resp.get("aggregations", {})
            out.facets = {name: [(b["key"], b["doc_count"]) for b in aggs.get(name, {}).get("buckets", [])]
                          for name in ("kind", "issuer", "year", "topic")}
        return out

    def count(self, query: SearchQuery, viewer) -> int:
        es = elastic.client()
        resp = self._call(es.count, index=elastic.alias_name(), query=self._main_query(query, viewer))
        return int(resp["count"])
