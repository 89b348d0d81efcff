"""The database backend: SQLite FTS5 (``bm25()``) or PostgreSQL full-text (GIN + ``ts_rank``), raw SQL.

Every statement joins the full-text match with the entry table and applies the viewer's privacy filter and
the facet filters in the same ``WHERE``: ranking, counting and faceting all happen in the engine, and a
denied entry is never read. Only the requested page of ids leaves the database.

Per request: one query for pinned number matches (when the query is a number), one ranked window (the top
candidates, re-ranked with a per-field title score), one ``GROUP BY`` for count + kind/issuer/year facets,
one for topic facets. On SQLite the full-text pass runs once into a TEMP table that the others read.
"""
from __future__ import annotations

import math
from dataclasses import replace

from django.core.cache import cache
from django.db import connection

from search.fulltext import ENTRY_TABLE, FTS_ROW_VOCAB, FTS_TABLE, FTS_VOCAB, TEXT_TABLE
from search.models import SearchEntry
from search.queries import PINNED_LIMIT, Filters, Hits, SearchQuery, _fold_syllable, page_window
from search.queries import score as _score
from vntext.text import fold, fold_tokens

GRANT_TABLE = "portal_search_searchgrant"
TOPIC_TABLE = "portal_search_searchtopic"
ITEM_TYPE_FILTERS = ("document", "study_guide", "session_pack", "meeting")
FACET_SIZE = 20

# FTS5 bm25() column weights: title, title_folded, meta, meta_folded, body, body_folded, title_bigrams,
# body_bigrams (the same field weights as the Elasticsearch query).
SQLITE_WEIGHTS = (3.0, 2.5, 1.5, 1.2, 1.0, 0.8, 3.0, 1.5)


class Sql:
    """A WHERE fragment and its parameters, combined with ``&``."""

    def __init__(self, sql: str = "", params=None):
        self.sql = sql
        self.params = list(params or [])

    def __and__(self, other: "Sql") -> "Sql":
        if not self.sql:
            return other
        if not other.sql:
            return self
        return Sql(f"{self.sql} AND {other.sql}", self.params + other.params)


def privacy_sql(viewer) -> Sql:
    """The viewer's privacy rules as SQL on the entry alias ``e`` (grant keys from organizations.access)."""
    if viewer is not None and viewer.is_superuser:
        return Sql()
    parts = ["e.visibility = 'public'"]
    params: list = []
    if viewer is not None and viewer.is_authenticated:
        parts.append("e.visibility = 'internal'")
        keys = viewer.grant_keys()
        if keys:
            marks = ",".join(["%s"] * len(keys))
            parts.append(f"(e.visibility = 'grants' AND EXISTS (SELECT 1 FROM {GRANT_TABLE} g "
                         f"WHERE g.entry_id = e.id AND g.key IN ({marks})))")
            params.extend(keys)
    return Sql("(" + " OR ".join(parts) + ")", params)


def filters_sql(filters: Filters) -> Sql:
    out = Sql()
    if filters.kind:
        if filters.kind in ITEM_TYPE_FILTERS:
            out = out & Sql("e.item_type = %s", [filters.kind])
        else:
            out = out & Sql("e.kind = %s", [filters.kind])
    if filters.issuer:
        out = out & Sql("e.issuer_id = %s", [filters.issuer])
    if filters.year:
        out = out & Sql("e.year = %s", [filters.year])
    if filters.cell:
        items = list(filters.cell_items)
        if items:
            marks = ",".join(["%s"] * len(items))
            out = out & Sql(f"(e.cell_id = %s OR (e.source = 'item' AND e.object_id IN ({marks})))",
                            [filters.cell, *items])
        else:
            out = out & Sql("e.cell_id = %s", [filters.cell])
    if filters.topic:
        out = out & Sql(f"EXISTS (SELECT 1 FROM {TOPIC_TABLE} t0 WHERE t0.entry_id = e.id AND t0.topic_id = %s)",
                        [filters.topic])
    return out


def _not_in(ids: list[int]) -> Sql:
    if not ids:
        return Sql()
    return Sql(f"e.id NOT IN ({','.join(['%s'] * len(ids))})", ids)


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


RERANK_DEPTH = 100
# Share of the re-ranked score given to the title (engine score: the rest). Small: the engines' column
# weights already favour titles, and a strong title pass let generic headings ("Giải thích từ ngữ",
# "Bồi thường thiệt hại") outrank the article that answers a question (1,343 legal questions, recall@10:
# 0.35 → 0.928, 0.15 → 0.940, plain BM25 0.915); the demo relevance set scores the same at 0.15 and 0.35.
TITLE_WEIGHT = 0.15
K1, B = 1.2, 0.75


def title_scores(query: SearchQuery, titles: dict[int, str], df: dict[str, int], total: int) -> dict[int, float]:
    """BM25 of each candidate's *title alone* against the query's folded syllables and bigrams.

    FTS5's bm25() and PostgreSQL's ts_rank normalise by the whole document, so a long body drowns a short
    title that says exactly what was asked; Elasticsearch scores fields separately. This puts the title
    back as its own field for the top candidates (never the corpus). Bigrams take the rarer syllable's idf.
    """
    def idf(term):
        n = df.get(term, 0)
        return math.log(1 + (total - n + 0.5) / (n + 0.5))

    tokens = {pk: fold_tokens(t) for pk, t in titles.items()}
    avg = (sum(len(t) for t in tokens.values()) / len(tokens)) if tokens else 1.0
    unigrams = set(query.fold_terms)
    pairs = {f"{a} {b}": max(idf(a), idf(b)) for a, b in query.bigrams}
    out = {}
    for pk, toks in tokens.items():
        norm = K1 * (1 - B + B * len(toks) / max(avg, 1.0))
        counts: dict[str, int] = {}
        for tok in toks:
            if tok in unigrams:
                counts[tok] = counts.get(tok, 0) + 1
        for a, b in zip(toks, toks[1:]):
            key = f"{a} {b}"
            if key in pairs:
                counts[key] = counts.get(key, 0) + 1
        score = 0.0
        for term, tf in counts.items():
            weight = pairs[term] if term in pairs else idf(term)
            score += weight * tf * (K1 + 1) / (tf + norm)
        out[pk] = score
    return out


def rerank(query: SearchQuery, window: list[tuple], backend) -> list[tuple]:
    """Combine the engine's score with the title score for the top candidates; (id, score) in new order."""
    if len(window) < 2 or not (query.fold_terms or query.bigrams):
        return [(pk, score) for pk, score, _t in window]
    titles = {pk: title for pk, _s, title in window}
    df, total = backend.term_stats(sorted(set(query.fold_terms) | {t for pair in query.bigrams for t in pair}))
    tscores = title_scores(query, titles, df, total)
    top_engine = max(float(s or 0.0) for _pk, s, _t in window) or 1.0
    top_title = max(tscores.values()) or 1.0
    combined = [(pk, (1 - TITLE_WEIGHT) * float(s or 0.0) / top_engine + TITLE_WEIGHT * tscores[pk] / top_title)
                for pk, s, _t in window]
    combined.sort(key=lambda r: (-r[1], -r[0]))
    return combined


class DatabaseBackend:
    """Shared logic; subclasses give the vendor's match and rank SQL."""

    name = "database"
    join = "JOIN"  # SQLite: "CROSS JOIN", which pins the join order (PostgreSQL plans joins well)

    def term_stats(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Document frequency of folded syllables in titles, and the number of entries."""
        raise NotImplementedError

    def doc_freqs(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Entries containing each syllable or bigram token ("a_b"), and the number of entries (cached)."""
        raise NotImplementedError

    def prune(self, query: SearchQuery) -> SearchQuery:
        """The query without the syllables FTS5 would not weigh, and with at most the rarest few.

        Words are judged by their folded form (a word typed with diacritics keeps its exact form beside
        it); bigrams by their own document frequency.
        """
        folded = list(dict.fromkeys(query.fold_terms))
        pairs = {f"{a}_{b}": (a, b) for a, b in query.bigrams}
        df, total = self.doc_freqs(folded + list(query.orig_terms) + list(pairs))
        informative = [t for t in folded + list(pairs) if df[t] <= total / 2]
        if not any(df[t] for t in informative):
            # Only very common words (or a tiny library): search them all rather than nothing.
            informative = folded + list(pairs)

        def rarest(terms, n):  # words unknown to the index last (typos; but the index may be newer)
            return sorted(terms, key=lambda t: (df[t] == 0, df[t]))[:n]

        keep_fold = set(rarest([t for t in informative if t not in pairs], MAX_UNIGRAMS))
        keep_pairs = {pairs[t] for t in rarest([t for t in informative if t in pairs], MAX_BIGRAMS)}
        return replace(query, orig_terms=[t for t in query.orig_terms
                                          if _fold_syllable(t) in keep_fold and (df[t] <= total / 2 or
                                                                                  len(keep_fold) == len(folded))],
                       typed_terms=[t for t in query.typed_terms if _fold_syllable(t) in keep_fold],
                       fold_terms=[t for t in query.fold_terms if t in keep_fold],
                       bigrams=[p for p in query.bigrams if p in keep_pairs])


    # -- vendor parts -------------------------------------------------------------------------------------
    def match_from(self, query: SearchQuery, ranked: bool) -> tuple[Sql, Sql, str | None, list]:
        """(FROM clause with its params, WHERE fragment, rank expression, rank params).

        The FROM clause always exposes the entry table as ``e``; ``rank`` is "higher is better" (None
        when ``ranked`` is False: counting and faceting need the match, not the score).
        """
        raise NotImplementedError

    def _from(self, query: SearchQuery, ranked: bool):
        if query.has_text:
            return self.match_from(query, ranked)
        return Sql(f"{ENTRY_TABLE} e"), Sql(), None, []

    # -- the interface -------------------------------------------------------------------------------------
    def search(self, query: SearchQuery, viewer, offset: int, limit: int, facets: bool = True) -> Hits:
        where = privacy_sql(viewer) & filters_sql(query.filters)
        pinned = self._pinned(query, where)
        hits = Hits(backend=self.name)
        from_sql, match, rank, rank_params = self._from(query, ranked=True)
        base = match & where
        p_start, p_stop, r_offset, r_limit = page_window(offset, limit, len(pinned))
        page_ids = list(pinned[p_start:p_stop])
        scores: list[float] = []
        ranked: list[tuple] = []
        if r_limit > 0:
            cond = base & _not_in(pinned)
            where_sql = f"WHERE {cond.sql}" if cond.sql else ""
            if rank:
                sql = (f"SELECT e.id, {rank} AS score, e.title FROM {from_sql.sql} {where_sql} "
                       f"ORDER BY score DESC, e.id DESC LIMIT %s OFFSET %s")
                params = rank_params + from_sql.params + cond.params
                if r_offset < RERANK_DEPTH:
                    # The top candidates are re-ranked with a per-field title score (see title_scores),
                    # then the page is cut from them; deeper pages keep the engine's order.
                    window = _fetch(sql, params + [RERANK_DEPTH, 0])
                    ranked = rerank(query, window, self)[r_offset:r_offset + r_limit]
                else:
                    ranked = _fetch(sql, params + [r_limit, r_offset])
            else:
                sql = (f"SELECT e.id, 0 FROM {from_sql.sql} {where_sql} "
                       f"ORDER BY e.issued_on DESC, e.id DESC LIMIT %s OFFSET %s")
                ranked = _fetch(sql, from_sql.params + cond.params + [r_limit, r_offset])
        top = float(ranked[0][1]) if ranked and offset == 0 else 0.0
        scores = [_score(top + 1.0)] * len(page_ids)
        page_ids += [row[0] for row in ranked]
        scores += [_score(row[1]) for row in ranked]
        hits.pinned = pinned
        hits.keys = page_ids
        hits.scores = scores
        if facets:
            count_from, count_match, _r, _p = self._from(query, ranked=False)
            hits.count, hits.facets = self._facets(count_from, count_match & where)
        else:
            hits.count = self.count(query, viewer)
        return hits

    def count(self, query: SearchQuery, viewer) -> int:
        where = privacy_sql(viewer) & filters_sql(query.filters)
        from_sql, match, _rank, _params = self._from(query, ranked=False)
        cond = match & where
        rows = _fetch(f"SELECT COUNT(*) FROM {from_sql.sql} {'WHERE ' + cond.sql if cond.sql else ''}",
                      from_sql.params + cond.params)
        return rows[0][0]

    def _pinned(self, query: SearchQuery, where: Sql) -> list[int]:
        """Entries whose number is exactly the one typed: full key first, else kind + number; newest first."""
        number = query.number
        if not number:
            return []
        if number.key:
            cond = Sql("e.number_key = %s", [number.key]) & where
            rows = _fetch(f"SELECT e.id, e.issuer_name, e.issued_on FROM {ENTRY_TABLE} e WHERE {cond.sql} "
                          f"ORDER BY e.issued_on DESC, e.id DESC LIMIT {PINNED_LIMIT}", cond.params)
            if rows:
                return [r[0] for r in rows]
        if number.kind and number.number:
            cond = Sql("e.kind = %s AND e.number = %s", [number.kind, number.number]) & where
            rows = _fetch(f"SELECT e.id, e.issuer_name, e.issued_on FROM {ENTRY_TABLE} e WHERE {cond.sql} "
                          f"ORDER BY e.issued_on DESC, e.id DESC LIMIT {PINNED_LIMIT}", cond.params)
            if number.issuer_hint:
                hint = number.issuer_hint
                rows.sort(key=lambda r: 0 if hint in fold(r[1] or "") else 1)  # stable: keeps newest first
            return [r[0] for r in rows]
        return []

    def _facets(self, from_sql: Sql, base: Sql, with_names: bool = True):
        """Count and facets in two GROUP BY queries: (kind, issuer, year) combinations, then topics.

        Without ``with_names`` the issuer facet carries ids only (the service labels them in one query).
        """
        where_sql = f"WHERE {base.sql}" if base.sql else ""
        params = from_sql.params + base.params
        name = "MAX(e.issuer_name)" if with_names else "NULL"
        groups = _fetch(f"SELECT e.kind, e.issuer_id, {name}, e.year, COUNT(*) FROM {from_sql.sql} {where_sql} "
                        f"GROUP BY e.kind, e.issuer_id, e.year", params)
        kinds: dict = {}
        issuers: dict = {}
        years: dict = {}
        total = 0
        for kind, issuer_id, issuer_name, year, n in groups:
            total += n
            kinds[kind] = kinds.get(kind, 0) + n
            if issuer_id is not None:
                label, cnt = issuers.get(issuer_id, (issuer_name, 0))
                issuers[issuer_id] = (label or issuer_name, cnt + n)
            if year is not None:
                years[year] = years.get(year, 0) + n
        topics = _fetch(f"SELECT tf.topic_id, COUNT(*) AS n FROM {from_sql.sql} {self.join} {TOPIC_TABLE} tf "
                        f"ON tf.entry_id = e.id {where_sql} GROUP BY tf.topic_id ORDER BY n DESC, tf.topic_id "
                        f"LIMIT {FACET_SIZE}", params)
        facets = {
            "kind": sorted(((k, n) for k, n in kinds.items()), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE],
            "issuer": sorted(((i, label, n) if label else (i, n) for i, (label, n) in issuers.items()),
                             key=lambda r: (-r[-1], r[0]))[:FACET_SIZE],
            "year": sorted(years.items(), key=lambda kv: -kv[0])[:FACET_SIZE],
            "topic": [(tid, n) for tid, n in topics],
        }
        return total, facets


# --- SQLite FTS5 --------------------------------------------------------------------------------------------
def fts5_quote(token: str) -> str:
    """A token as an FTS5 string: always quoted, quotes doubled. Operators typed by users stay plain words."""
    return '"' + token.replace('"', '""') + '"'


def fts5_match(query: SearchQuery) -> str:
    """The MATCH expression: OR of original syllables (original columns), folded syllables (folded columns),
    bigram tokens (bigram columns) and number tokens (folded meta). Every token is quoted: operators typed
    by users stay plain words."""
    parts = []
    if query.orig_terms:
        parts.append("{title meta body} : (" + " OR ".join(fts5_quote(t) for t in query.orig_terms) + ")")
    if query.fold_terms:
        parts.append("{title_folded meta_folded body_folded} : (" +
                     " OR ".join(fts5_quote(t) for t in query.fold_terms) + ")")
    if query.bigrams:
        parts.append("{title_bigrams body_bigrams} : (" +
                     " OR ".join(fts5_quote(f"{a}_{b}") for a, b in query.bigrams) + ")")
    if query.number_tokens:
        parts.append("{meta_folded} : (" + " OR ".join(fts5_quote(t) for t in query.number_tokens) + ")")
    return " OR ".join(parts)


MAX_UNIGRAMS = 10   # folded words per query, the rarest first: an OR query costs more with every common word
MAX_BIGRAMS = 10
HITS_TABLE = "temp.search_hits"
STATS_TTL = 120.0
_stats = {"gen": None, "df": {}, "total": None, "at": 0.0}


def forget_term_stats() -> None:
    """Called when the index changes (search/indexing.py) and by tests."""
    _stats.update(gen=None, df={}, total=None, at=0.0)


class SqliteBackend(DatabaseBackend):
    """FTS5 ``bm25()`` over one table (title, meta, body; original and folded columns, weighted).

    One pass over the index per query: the matches (id, score, facet columns) go into a connection-local
    TEMP table; the page, the count and the facets are then read from it, so FTS5 does its expensive part
    (idf per phrase, bm25 per matching row) once. Phrases whose document frequency exceeds half the corpus
    are left out: FTS5's bm25 gives them no weight at all (its idf is clamped at 0), yet they would make
    the engine visit nearly every row.
    """

    join = "CROSS JOIN"

    def doc_freqs(self, terms, column: str = ""):
        """Rows containing each term (in any column, or in ``column``), cached until the index changes.

        fts5vocab answers ``term = ?`` with one seek but scans the whole vocabulary for ``IN (…)``/``OR``,
        hence one small query per term not cached yet.
        """
        import time

        from search import indexing

        now = time.monotonic()
        if (_stats["gen"] != indexing.generation() or len(_stats["df"]) > 50_000
                or now - _stats.get("at", 0.0) > STATS_TTL):  # other processes index too
            _stats.update(gen=indexing.generation(), df={}, total=None, at=now)
        df = _stats["df"]
        missing = [t for t in terms if (column, t) not in df]
        if missing:
            with connection.cursor() as cur:
                for t in missing:
                    if column:
                        cur.execute(f"SELECT doc FROM {FTS_VOCAB} WHERE term = %s AND col = %s", [t, column])
                    else:
                        cur.execute(f"SELECT doc FROM {FTS_ROW_VOCAB} WHERE term = %s", [t])
                    row = cur.fetchone()
                    df[(column, t)] = row[0] if row else 0
        if _stats["total"] is None:
            _stats["total"] = _fetch(f"SELECT COUNT(*) FROM {FTS_TABLE}_docsize", [])[0][0]
        return {t: df[(column, t)] for t in terms}, max(_stats["total"], 1)

    def match_from(self, query, ranked):
        # CROSS JOIN fixes the order: the full-text index drives, entries are looked up by id. (Left to the
        # planner, SQLite may scan entries and evaluate the MATCH once per row, which never finishes.)
        from_sql = Sql(f"{FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e ON e.id = {FTS_TABLE}.rowid")
        match = Sql(f"{FTS_TABLE} MATCH %s", [fts5_match(self.prune(query))])  # (cached statistics)
        if not ranked:
            return from_sql, match, None, []
        weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
        return from_sql, match, f"-bm25({FTS_TABLE}, {weights})", []

    def term_stats(self, terms):
        return self.doc_freqs(terms, column="title_folded")

    def search(self, query, viewer, offset, limit, facets=True):
        if not query.has_text:
            return super().search(query, viewer, offset, limit, facets)
        where = privacy_sql(viewer) & filters_sql(query.filters)
        pinned = self._pinned(query, where)
        from_sql, match, rank, _p = self.match_from(query, ranked=True)
        cond = match & where
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY, score REAL, "
                        "kind TEXT, issuer_id INTEGER, year INTEGER)")
            cur.execute(f"DELETE FROM {HITS_TABLE}")
            cur.execute(f"INSERT INTO {HITS_TABLE} SELECT e.id, {rank}, e.kind, e.issuer_id, e.year "
                        f"FROM {from_sql.sql} WHERE {cond.sql}", from_sql.params + cond.params)
            try:
                hits = self._read_hits(cur, query, pinned, offset, limit, facets)
            finally:
                cur.execute(f"DELETE FROM {HITS_TABLE}")
        return hits

    def _read_hits(self, cur, query, pinned, offset, limit, facets) -> Hits:
        hits = Hits(backend=self.name, pinned=pinned)
        p_start, p_stop, r_offset, r_limit = page_window(offset, limit, len(pinned))
        ranked: list[tuple] = []
        if r_limit > 0:
            skip = _not_in(pinned)
            where_sql = f"WHERE {skip.sql.replace('e.id', 'id')}" if skip.sql else ""
            # The page's ids first (a sort of small rows), then their titles: only those rows are joined.
            sql = (f"SELECT h.id, h.score, e.title FROM (SELECT id, score FROM {HITS_TABLE} {where_sql} "
                   f"ORDER BY score DESC, id DESC LIMIT %s OFFSET %s) h CROSS JOIN {ENTRY_TABLE} e ON e.id = h.id "
                   f"ORDER BY h.score DESC, h.id DESC")
            if r_offset < RERANK_DEPTH:
                cur.execute(sql, skip.params + [RERANK_DEPTH, 0])
                ranked = rerank(query, cur.fetchall(), self)[r_offset:r_offset + r_limit]
            else:
                cur.execute(sql, skip.params + [r_limit, r_offset])
                ranked = cur.fetchall()
        top = float(ranked[0][1]) if ranked and offset == 0 else 0.0
        hits.keys = list(pinned[p_start:p_stop]) + [row[0] for row in ranked]
        hits.scores = [_score(top + 1.0)] * (p_stop - p_start) + [_score(row[1]) for row in ranked]
        if facets:
            hits.count, hits.facets = self._facets(Sql(f"{HITS_TABLE} e"), Sql(), with_names=False)
        else:
            cur.execute(f"SELECT COUNT(*) FROM {HITS_TABLE}")
            hits.count = cur.fetchone()[0]
        return hits


# --- PostgreSQL ------------------------------------------------------------------------------------------------
def _tsq(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


PG_WEIGHTS = "{0.25, 0.4, 0.7, 1.0}"  # D (body), C, B (meta), A (title)
DF_CACHE_SECONDS = 600


class PostgresBackend(DatabaseBackend):
    """GIN match on folded syllables; rank = Σ idf(term) · ts_rank(term), an engine-side BM25 stand-in.

    ``ts_rank`` of a single term saturates with its frequency and is normalised by length (flag 1), so a
    sum weighted by each term's inverse document frequency behaves like BM25. Document frequencies come
    from the GIN index and are cached for a few minutes.
    """

    def _terms(self, query: SearchQuery) -> list[tuple[str, str]]:
        """(column, tsquery) pairs scored separately."""
        out = [("tsv_folded", _tsq(t)) for t in query.fold_terms]
        out += [("tsv_folded", f"{_tsq(a)} <-> {_tsq(b)}") for a, b in query.bigrams]
        out += [("tsv_folded", _tsq(t)) for t in query.number_tokens]
        out += [("tsv_orig", _tsq(t)) for t in query.orig_terms if any(ord(c) > 127 for c in t)]
        return out

    def _idf(self, terms: list[tuple[str, str]]) -> list[float]:
        dfs, total = self._dfs(terms)
        return [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in dfs]

    def _dfs(self, terms: list[tuple[str, str]]) -> tuple[list[int], int]:
        """Document frequencies of (column, tsquery) pairs, from the GIN index, cached a few minutes."""
        from search import indexing

        gen = indexing.generation()
        keys = [f"sdf:{gen}:{col}:{tq}" for col, tq in terms]
        safe = {k: k.encode("utf-8").hex()[:200] for k in keys}
        cached = cache.get_many(list(safe.values()))
        missing = [(i, t) for i, (k, t) in enumerate(zip(keys, terms)) if safe[k] not in cached]
        dfs: dict[int, int] = {i: cached[safe[k]] for i, k in enumerate(keys) if safe[k] in cached}
        total_key = f"sdf:{gen}:total"
        total = cache.get(total_key)
        if total is None:
            total = _fetch(f"SELECT COUNT(*) FROM {TEXT_TABLE}", [])[0][0]
            cache.set(total_key, total, DF_CACHE_SECONDS)
        if missing:
            cols = ", ".join(f"COUNT(*) FILTER (WHERE x.{col} @@ %s::tsquery)" for _i, (col, _tq) in missing)
            params = [tq for _i, (_col, tq) in missing]
            # Rows with the exact (original) form also hold its folded form: one GIN-filtered pass for all.
            union = " | ".join(dict.fromkeys(f"({fold(tq)})" for _i, (_col, tq) in missing))
            rows = _fetch(f"SELECT {cols} FROM {TEXT_TABLE} x WHERE x.tsv_folded @@ %s::tsquery",
                          params + [union])
            fresh = {}
            for (i, _t), n in zip(missing, rows[0]):
                dfs[i] = n
                fresh[safe[keys[i]]] = n
            cache.set_many(fresh, DF_CACHE_SECONDS)
        return [dfs[i] for i in range(len(terms))], max(total, 1)

    def match_from(self, query, ranked):
        terms = self._terms(self.prune(query))
        match_terms = [tq for col, tq in terms if col == "tsv_folded"] or ["'-'"]
        tsquery = " | ".join(f"({tq})" for tq in match_terms)
        idf = self._idf(terms)
        rank_parts, rank_params = [], []
        for (col, tq), w in zip(terms, idf):
            rank_parts.append(f"{w:.5f} * ts_rank('{PG_WEIGHTS}', x.{col}, %s::tsquery, 1)")
            rank_params.append(tq)
        rank = " + ".join(rank_parts) or "0"
        if not ranked:
            rank, rank_params = None, []
        from_sql = Sql(f"{TEXT_TABLE} x JOIN {ENTRY_TABLE} e ON e.id = x.entry_id")
        return from_sql, Sql("x.tsv_folded @@ %s::tsquery", [tsquery]), rank, rank_params

    def term_stats(self, terms):
        return self.doc_freqs(terms)

    def doc_freqs(self, terms):
        if not terms:
            return {}, 1

        def tsq(term):
            if "_" in term and not term.startswith(("nk_", "kn_")):
                a, _sep, b = term.partition("_")
                return f"{_tsq(a)} <-> {_tsq(b)}"
            return _tsq(term)

        dfs, total = self._dfs([("tsv_folded" if t == fold(t) else "tsv_orig", tsq(t)) for t in terms])
        return dict(zip(terms, dfs)), total


def database_backend() -> DatabaseBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


def entry_keys(ids: list[int]) -> dict[int, tuple[str, int]]:
    """Entry id → (source, object_id), one query."""
    return {pk: (src, oid) for pk, src, oid in
            SearchEntry.objects.filter(pk__in=ids).values_list("pk", "source", "object_id")}
