"""The Elasticsearch backend: the same parsed query as the database backend, in one msearch.

Ranking has two passes (see CANDIDATE_FIELDS below): per-field BM25 on the folded fields and bigram subfields
picks the candidates, then the node's BM25F (``combined_fields``) ranks the top of them over three groups:
the syllables as typed on the original title, meta and body (exact diacritics rank higher), the folded
syllables on their folded copies (queries typed without diacritics) and the bigrams on the ``*.bi`` shingle
subfields (the phrase signal), plus number tokens. Only ids come back (``_source: false``); the database
supplies the result rows.

Privacy is always applied by the node, never to a fetched page:

* counts and facets: the privacy filter is a ``filter`` clause of the query the aggregations run on, so
  ``hits.total`` and every bucket only ever see what the viewer may see;
* the ranked page: the same filter is the request's ``post_filter``, which the node applies while it
  collects the top hits (a denied document is never collected, so it cannot be in the page). As a query
  clause the filter, which matches most of the library (everything public), has to be intersected with the
  scoring disjunction document by document and keeps Lucene from skipping blocks that cannot reach the
  top: measured at 100,000 documents, 20 → 8 ms for a three-word query and 35 → 20 ms for a long question.
  Facet filters (kind, year, …) are selective and stay in the query;
* the pinned number lookup keeps the filter in its query (a term lookup, nothing to skip).
"""
from __future__ import annotations

from search import elastic
from search.backends import database_backend
from search.backends.database import ITEM_TYPE_FILTERS, MEETING_FACTOR, SUPERSEDED_FACTOR
from search.queries import PINNED_LIMIT, EngineUnavailable, Hits, SearchQuery, page_window
from search.queries import score as _score
from vntext.numbers import order_pinned

FACET_SIZE = 20

# Two passes, because one would be either slow or worse.
#
# 1. Candidates: per-field ``match`` on the folded fields and bigram subfields. Each field is scored on its
#    own, which lets Lucene skip blocks of documents that cannot reach the top (block-max WAND): cheap even
#    for a long question over 100,000 documents. The same clauses decide what matches, for the count and
#    the facets.
# 2. Ranking: the top RESCORE_WINDOW candidates are rescored, their first-pass score replaced, by BM25F
#    groups (Elasticsearch's ``combined_fields``: the fields of a group are scored as one document, each
#    field's term frequencies weighted): the syllables as typed on the original text, the folded syllables
#    on the folded text, the bigrams on the bigram subfields. Scoring title, meta and body as one document
#    is what a textbook BM25 over "title + text" does; a sum of per-field scores let a body repeating a
#    common word, or a generic title, outrank the article that answers. BM25F cannot skip blocks, so it is
#    never run over the whole library (measured at 100,000 documents: long questions 45 ms at the node).
#
# Measured on 1,343 legal questions over 5,458 statute articles (bench/legal_search_bench.py), recall@10:
# per-field sum alone 0.889, plain BM25 0.915, BM25F over everything 0.951, these two passes 0.949 with a
# window of 100 (0.952 with 200, for 6 ms more at the node on long questions).
CANDIDATE_FIELDS = (
    ("title_folded", 2.5, "fold"),
    ("body_folded", 0.8, "fold"),
    ("title_folded.bi", 3.0, "bigram"),
    ("body_folded.bi", 1.5, "bigram"),
)
META_MATCH_MAX_TERMS = 4
RESCORE_WINDOW = 100
TYPED_FIELDS = ("title^2.5", "meta^1.5", "body")
FOLDED_FIELDS = ("title_folded^2.5", "meta_folded^1.5", "body_folded")
BIGRAM_FIELDS = ("title_folded.bi^2.5", "body_folded.bi")
# Weight of the folded group when the query was typed with diacritics: it still finds the words the text
# spells differently, but a document with the exact spelling ranks higher ("quý" before "quy").
FOLDED_BOOST_WITH_DIACRITICS = 0.5
NUMBER_BOOST = 4.0


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


def facet_filters(query: SearchQuery) -> list[dict]:
    """The filters the user chose (kind, issuer, year, cell, topic)."""
    out = []
    f = query.filters
    if f.kind:
        out.append({"term": {"item_type" if f.kind in ITEM_TYPE_FILTERS else "kind": f.kind}})
    if f.issuer:
        out.append({"term": {"issuer_id": f.issuer}})
    if f.year:
        out.append({"term": {"year": f.year}})
    if f.cell:
        by_cell = [{"term": {"cell_id": f.cell}}]
        if f.cell_items:
            by_cell.append({"bool": {"filter": [{"term": {"source": "item"}},
                                                {"terms": {"object_id": list(f.cell_items)}}]}})
        out.append({"bool": {"should": by_cell, "minimum_should_match": 1}})
    if f.topic:
        out.append({"term": {"topics": f.topic}})
    if f.validity:
        out.append({"term": {"validity": f.validity}})
    return out


def filter_clauses(query: SearchQuery, viewer) -> list[dict]:
    """The privacy filter and the facet filters."""
    privacy = privacy_filter(viewer)
    return ([privacy] if privacy else []) + facet_filters(query)


def _number_clause(query: SearchQuery) -> list[dict]:
    # BM25 on a rare token: a strong, idf-scaled boost for documents carrying the number typed.
    if not query.number_tokens:
        return []
    return [{"match": {"meta_folded": {"query": " ".join(query.number_tokens), "boost": NUMBER_BOOST}}}]


def candidate_clauses(query: SearchQuery) -> list[dict]:
    """First pass: what matches (count, facets) and the candidates for ranking, scored per field."""
    parts = {"fold": " ".join(query.fold_terms), "bigram": " ".join(f"{a}_{b}" for a, b in query.bigrams)}
    should = [{"match": {field: {"query": parts[part], "boost": boost}}}
              for field, boost, part in CANDIDATE_FIELDS if parts[part]]
    if parts["fold"]:
        # Meta (kind, issuer, topics: shared by thousands of documents) only lets a document match here,
        # without BM25 (the ranking pass weighs it); a long question is about the text, so its words
        # matching only a kind or issuer name would make thousands of documents candidates for nothing.
        if len(query.fold_terms) <= META_MATCH_MAX_TERMS:
            should.append({"constant_score": {"filter": {"match": {"meta_folded": parts["fold"]}}, "boost": 0.5}})
    return should + _number_clause(query)


def rank_clauses(query: SearchQuery) -> list[dict]:
    """Second pass: typed syllables, folded syllables and bigrams as BM25F groups, and number tokens."""
    def group(terms, fields, boost=1.0):
        return {"combined_fields": {"query": " ".join(terms), "fields": list(fields), "boost": boost}}

    should = []
    if query.orig_terms:  # typed with diacritics: the exact spelling is its own, stronger signal
        should.append(group(query.typed_terms, TYPED_FIELDS))
        should.append(group(query.fold_terms, FOLDED_FIELDS, FOLDED_BOOST_WITH_DIACRITICS))
    elif query.fold_terms:  # typed without diacritics: the folded text is where the words are
        should.append(group(query.fold_terms, FOLDED_FIELDS))
    if query.bigrams:
        should.append(group([f"{a}_{b}" for a, b in query.bigrams], BIGRAM_FIELDS))
    return should + _number_clause(query)


def _key(doc_id: str) -> tuple[str, int]:
    source, _sep, oid = doc_id.partition("-")
    return source, int(oid)


class ElasticsearchBackend:
    name = "elasticsearch"

    def _pruned(self, query: SearchQuery) -> SearchQuery:
        """The same pruning as the database backend, from the database's term statistics (same corpus):
        words in more than half the library are dropped (BM25 gives them next to nothing, yet they make the
        node score and aggregate nearly every document), long questions keep their rarest words."""

        try:
            return database_backend().prune(query)
        except Exception:  # statistics unavailable: the full query is still correct, only slower
            return query

    def _call(self, fn, **kwargs):
        try:
            return fn(**kwargs)
        except Exception as exc:  # connection refused, timeout, missing index: answer from the database
            raise EngineUnavailable(str(exc)) from exc

    def _main_query(self, query: SearchQuery, viewer, filters: list | None = None,
                    should: list | None = None) -> dict:
        """Filters plus the first-pass clauses (built here from the pruned query unless given)."""
        filters = filter_clauses(query, viewer) if filters is None else filters
        if should is None:
            should = candidate_clauses(self._pruned(query)) if query.has_text else []
        if should:
            return {"bool": {"filter": filters, "should": should, "minimum_should_match": 1}}
        return {"bool": {"filter": filters}}

    def _pinned_search(self, query: SearchQuery, filters: list) -> list[dict]:
        """The search for the documents carrying the number typed (its full key, or its type + number)."""
        number = query.number
        if not number:
            return []
        match = []
        if number.key:
            match.append({"term": {"number_key": number.key}})
        if number.kind and number.number:
            match.append({"bool": {"filter": [{"term": {"kind": number.kind}}, {"term": {"number": number.number}}]}})
        return [{"query": {"bool": {"filter": filters + [{"bool": {"should": match, "minimum_should_match": 1}}]}},
                 "size": PINNED_LIMIT, "track_total_hits": False,
                 "sort": [{"issued_on": {"order": "desc", "missing": "_last"}}, {"object_id": "desc"}],
                 "_source": ["issuer_name", "number_key", "kind", "number", "issued_on"]}]

    @staticmethod
    def _pinned_from(query: SearchQuery, response: dict) -> tuple[list[tuple[str, int]], set]:
        import datetime as dt

        rows = []
        for h in response["hits"]["hits"]:
            src = h["_source"]
            day = dt.date.fromisoformat(src["issued_on"][:10]) if src.get("issued_on") else None
            rows.append((_key(h["_id"]), src.get("number_key", ""), src.get("kind", ""), src.get("number", ""),
                         src.get("issuer_name", ""), day))
        return order_pinned(query.number, rows)

    def _msearch(self, bodies: list[dict]) -> list[dict]:
        index = elastic.alias_name()
        searches = [part for body in bodies for part in ({"index": index}, body)]
        responses = self._call(elastic.client().msearch, searches=searches)["responses"]
        for r in responses:
            if "error" in r:
                raise EngineUnavailable(str(r["error"])[:300])
        return responses

    def _match_filter(self, query: SearchQuery, viewer, main: dict | None = None) -> dict:
        """The main query without scoring: what counting and aggregating need (cacheable, no BM25)."""
        main = (main or self._main_query(query, viewer))["bool"]
        clauses = list(main.get("filter", []))
        if main.get("should"):
            clauses.append({"bool": {"should": main["should"], "minimum_should_match": 1}})
        return {"bool": {"filter": clauses}}

    def search(self, query: SearchQuery, viewer, offset: int, limit: int, facets: bool = True) -> Hits:
        """One round trip (msearch): the ranked page alone, so the node can skip documents that cannot
        reach the top (no exact total asked); count + facets in filter context (no scoring) over everything
        that matches; and, for a number typed, the documents carrying it (pinned first, left out of the
        ranked list). Past the first page the pinned set is fetched first, to know where the page starts."""
        # Built once: the privacy filter is not free, nor pruning.
        privacy = privacy_filter(viewer)
        chosen = facet_filters(query)
        filters = ([privacy] if privacy else []) + chosen
        pruned = self._pruned(query) if query.has_text else query
        should = candidate_clauses(pruned) if query.has_text else []
        tries = self._pinned_search(query, filters)
        ahead = bool(tries) and offset > 0
        pinned, exact = self._pinned_from(query, self._msearch(tries)[0]) if ahead else ([], set())
        p_start, p_stop, r_offset, r_limit = page_window(offset, limit, len(pinned))
        # First page with a number: fetch enough ranked hits to drop the pinned ones afterwards.
        spare = PINNED_LIMIT if tries and not ahead else 0
        main = self._main_query(query, viewer, filters, should)
        # The ranked page: facet filters in the query, privacy as the post filter (see the module docstring).
        page: dict = {"query": self._main_query(query, viewer, chosen, should), "track_total_hits": False,
                      "_source": False, "from": r_offset, "size": max(r_limit, 0) + spare}
        post = [privacy] if privacy else []
        ranking = rank_clauses(pruned) if query.has_text else []
        if ranking and r_limit > 0:
            # Superseded documents (replaced or expired) rank below what is in force for the same words, and
            # meetings below the library (search/backends/database.py: the same factors).
            rescore = {"function_score": {"query": {"bool": {"should": ranking}}, "boost_mode": "multiply",
                                          "functions": [
                                              {"filter": {"term": {"superseded": True}}, "weight": SUPERSEDED_FACTOR},
                                              {"filter": {"term": {"item_type": "meeting"}}, "weight": MEETING_FACTOR},
                                          ]}}
            page["rescore"] = {"window_size": max(RESCORE_WINDOW, r_offset + r_limit + spare),
                               "query": {"rescore_query": rescore, "query_weight": 0.0, "rescore_query_weight": 1.0}}
        if not query.has_text:
            page["sort"] = [{"issued_on": {"order": "desc", "missing": "_last"}}, {"object_id": "desc"}]
        if pinned:
            post.append({"bool": {"must_not": [{"ids": {"values": [f"{s}-{o}" for s, o in pinned]}}]}})
        if post:
            page["post_filter"] = {"bool": {"filter": post}}
        totals: dict = {"query": self._match_filter(query, viewer, main), "size": 0, "track_total_hits": True}
        if facets:
            totals["aggs"] = {
                "kind": {"terms": {"field": "kind", "size": FACET_SIZE}},
                "issuer": {"terms": {"field": "issuer_id", "size": FACET_SIZE}},
                "year": {"terms": {"field": "year", "size": FACET_SIZE, "order": {"_key": "desc"}}},
                "topic": {"terms": {"field": "topics", "size": FACET_SIZE}},
                "validity": {"terms": {"field": "validity", "size": FACET_SIZE}},
            }
        responses = self._msearch([page, totals] + ([] if ahead else tries))
        hits_page, hits_totals = responses[0]["hits"], responses[1]
        ranked = [(_key(h["_id"]), float(h.get("_score") or 0.0)) for h in hits_page["hits"]]
        if tries and not ahead:
            pinned, exact = self._pinned_from(query, responses[2])
            p_start, p_stop, _r_offset, r_limit = page_window(offset, limit, len(pinned))
            taken = set(pinned)
            ranked = [(k, sc) for k, sc in ranked if k not in taken][:max(r_limit, 0)]
        top = ranked[0][1] if ranked and offset == 0 else 0.0
        out = Hits(backend=self.name, pinned=pinned, exact=exact, may_lag=True)
        out.keys = list(pinned[p_start:p_stop]) + [k for k, _s in ranked]
        out.scores = [_score(top + 1.0)] * (p_stop - p_start) + [_score(s) for _k, s in ranked]
        # Pinned documents carry the number token, so the match (and the total) already includes them.
        out.count = int(hits_totals["hits"]["total"]["value"])
        if facets:
            aggs = hits_totals.get("aggregations", {})
            out.facets = {name: [(b["key"], b["doc_count"]) for b in aggs.get(name, {}).get("buckets", [])]
                          for name in ("kind", "issuer", "year", "topic", "validity")}
            out.facets["validity"] = [(v, n) for v, n in out.facets["validity"] if v]
        return out

    def count(self, query: SearchQuery, viewer) -> int:
        es = elastic.client()
        resp = self._call(es.count, index=elastic.alias_name(), query=self._match_filter(query, viewer))
        return int(resp["count"])
