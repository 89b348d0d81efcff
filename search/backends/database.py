"""The database backend: SQLite FTS5 (``bm25()``) here, PostgreSQL (BM25F over a postings table) in
search/backends/postgres.py; raw SQL, one interface (``search``/``count`` → :class:`~search.queries.Hits`).

The full-text pass joins the match with the entry table and applies the viewer's privacy filter and the
facet filters in the same ``WHERE``: ranking, counting and faceting all happen in the engine, and a denied
entry is never read. Only the requested page of ids leaves the database.

Per request: one query for pinned number matches (when the query is a number); one full-text pass that
writes every match (id, score, facet columns) into a connection-local TEMP table (``fill_hits``, the only
vendor-specific step); from that table, the ranked window (the top candidates, re-ranked with a per-field
title score), one ``GROUP BY`` for count + kind/issuer/year/validity facets, one for topic facets.
"""
from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import replace

from django.db import connection

from search import indexing
from search.fulltext import ENTRY_TABLE, FTS_ROW_VOCAB, FTS_TABLE, FTS_VOCAB
from search.indexing import entry_key
from search.queries import PINNED_LIMIT, Filters, Hits, SearchQuery, _fold_syllable, page_window
from search.queries import score as _score
from vntext.numbers import order_pinned
from vntext.text import fold_tokens

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
    if filters.validity:
        out = out & Sql("e.validity = %s", [filters.validity])
    if filters.topic:
        out = out & Sql(f"EXISTS (SELECT 1 FROM {TOPIC_TABLE} t0 WHERE t0.entry_id = e.id AND t0.topic_id = %s)",
                        [filters.topic])
    return out


def _not_in(ids: list[int]) -> Sql:
    if not ids:
        return Sql()
    return Sql(f"e.id NOT IN ({','.join(['%s'] * len(ids))})", ids)


def _as_pairs(hits: Hits) -> Hits:
    """The engine works on entry ids; every backend answers (source, object_id) pairs (no query: an entry's
    id is computed from its object, search/indexing.py)."""
    hits.keys = [entry_key(k) for k in hits.keys]
    hits.exact = {entry_key(k) for k in hits.exact}
    hits.pinned = [entry_key(k) for k in hits.pinned]
    return hits


def _as_date(value):
    """SQLite hands dates back as text."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def _count_entries(where: Sql) -> int:
    return _fetch(f"SELECT COUNT(*) FROM {ENTRY_TABLE} e {'WHERE ' + where.sql if where.sql else ''}",
                  where.params)[0][0]


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


RERANK_DEPTH = 100
# Score factors. A superseded entry (replaced by a live item, or expired) ranks below what replaced it for the
# same words, yet a query that only it answers still finds it first. A meeting is the record of what one cell
# did; at equal words the guidance and rules of the library, which say what to do, come first.
SUPERSEDED_FACTOR = 0.7
MEETING_FACTOR = 0.85
SCORE_FACTOR_SQL = (f"(CASE WHEN e.superseded THEN {SUPERSEDED_FACTOR} WHEN e.item_type = 'meeting' "
                    f"THEN {MEETING_FACTOR} ELSE 1.0 END)")
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


    # -- the interface -------------------------------------------------------------------------------------
    hits_table = "search_hits"  # connection-local TEMP table (see fill_hits)
    hits_ddl = ""

    def clear_hits_sql(self) -> str:
        """Empty the hits table (SQLite: its DELETE without WHERE truncates)."""
        return f"DELETE FROM {self.hits_table}"

    def fill_hits(self, cur, query: SearchQuery, where: Sql) -> None:
        """Write every entry matching ``query`` under ``where`` (privacy and facet filters) into the TEMP
        table ``hits_table`` (id, score, kind, issuer_id, year, validity): the engine's one pass over its
        index for this request. The page, the count and the facets are then read from that table."""
        raise NotImplementedError

    def search(self, query: SearchQuery, viewer, offset: int, limit: int, facets: bool = True) -> Hits:
        where = privacy_sql(viewer) & filters_sql(query.filters)
        pinned, exact = self._pinned(query, where)
        if not query.has_text:
            hits = self._listing(query, where, pinned, offset, limit, facets)
        else:
            with connection.cursor() as cur:
                self._fill(cur, query, where)
                hits = self._read_hits(cur, query, pinned, offset, limit, facets)
        hits.exact = exact
        return _as_pairs(hits)

    def count(self, query: SearchQuery, viewer) -> int:
        where = privacy_sql(viewer) & filters_sql(query.filters)
        if not query.has_text:
            return _count_entries(where)
        with connection.cursor() as cur:
            self._fill(cur, query, where)
            cur.execute(f"SELECT COUNT(*) FROM {self.hits_table}")
            return cur.fetchone()[0]

    def _fill(self, cur, query: SearchQuery, where: Sql) -> None:
        """Every reader of the hits table comes through here, so emptying it first is the one place that keeps
        one request's matches (under one viewer's privacy filter) from meeting the next request's on the same
        connection; what a request leaves behind is never read."""
        cur.execute(self.hits_ddl)
        cur.execute(self.clear_hits_sql())
        self.fill_hits(cur, query, where)

    def _listing(self, query, where: Sql, pinned, offset, limit, facets) -> Hits:
        """Filters without words: newest first, counted and faceted on the entry table."""
        hits = Hits(backend=self.name, pinned=pinned)
        p_start, p_stop, r_offset, r_limit = page_window(offset, limit, len(pinned))
        ranked: list[tuple] = []
        if r_limit > 0:
            cond = where & _not_in(pinned)
            ranked = _fetch(f"SELECT e.id, 0 FROM {ENTRY_TABLE} e {'WHERE ' + cond.sql if cond.sql else ''} "
                            f"ORDER BY e.issued_on DESC, e.id DESC LIMIT %s OFFSET %s", cond.params + [r_limit, r_offset])
        hits.keys = list(pinned[p_start:p_stop]) + [row[0] for row in ranked]
        hits.scores = [_score(1.0)] * (p_stop - p_start) + [0.0] * len(ranked)
        if facets:
            hits.count, hits.facets, hits.labels = self._facets(Sql(f"{ENTRY_TABLE} e"), where)
        else:
            hits.count = _count_entries(where)
        return hits

    def _read_hits(self, cur, query, pinned, offset, limit, facets) -> Hits:
        hits = Hits(backend=self.name, pinned=pinned)
        p_start, p_stop, r_offset, r_limit = page_window(offset, limit, len(pinned))
        ranked: list[tuple] = []
        if r_limit > 0:
            skip = _not_in(pinned)
            where_sql = f"WHERE {skip.sql.replace('e.id', 'id')}" if skip.sql else ""
            # The page's ids first (a sort of small rows), then their titles: only those rows are joined.
            sql = (f"SELECT h.id, h.score, e.title FROM (SELECT id, score FROM {self.hits_table} {where_sql} "
                   f"ORDER BY score DESC, id DESC LIMIT %s OFFSET %s) h {self.join} {ENTRY_TABLE} e ON e.id = h.id "
                   f"ORDER BY h.score DESC, h.id DESC")
            if r_offset < RERANK_DEPTH:
                # The top candidates are re-ranked with a per-field title score (see title_scores), then the
                # page is cut from them; deeper pages keep the engine's order.
                cur.execute(sql, skip.params + [RERANK_DEPTH, 0])
                ranked = rerank(query, cur.fetchall(), self)[r_offset:r_offset + r_limit]
            else:
                cur.execute(sql, skip.params + [r_limit, r_offset])
                ranked = cur.fetchall()
        top = float(ranked[0][1]) if ranked and offset == 0 else 0.0
        hits.keys = list(pinned[p_start:p_stop]) + [row[0] for row in ranked]
        hits.scores = [_score(top + 1.0)] * (p_stop - p_start) + [_score(row[1]) for row in ranked]
        if facets:
            hits.count, hits.facets, hits.labels = self._facets(Sql(f"{self.hits_table} e"), Sql(),
                                                                 with_names=False)
        else:
            cur.execute(f"SELECT COUNT(*) FROM {self.hits_table}")
            hits.count = cur.fetchone()[0]
        return hits

    def _pinned(self, query: SearchQuery, where: Sql) -> tuple[list[int], set]:
        """Entries carrying the number typed (its full key, or its type + number), in display order, and the
        exact ones (see vntext.numbers.order_pinned)."""
        number = query.number
        if not number:
            return [], set()
        match = []
        if number.key:
            match.append(Sql("e.number_key = %s", [number.key]))
        if number.kind and number.number:
            match.append(Sql("(e.kind = %s AND e.number = %s)", [number.kind, number.number]))
        cond = Sql("(" + " OR ".join(m.sql for m in match) + ")", [p for m in match for p in m.params]) & where
        rows = _fetch(f"SELECT e.id, e.number_key, e.kind, e.number, e.issuer_name, e.issued_on FROM {ENTRY_TABLE} e "
                      f"WHERE {cond.sql} ORDER BY e.issued_on DESC, e.id DESC LIMIT {PINNED_LIMIT}", cond.params)
        return order_pinned(number, [(r[0], r[1], r[2], r[3], r[4], _as_date(r[5])) for r in rows])

    def _facets(self, from_sql: Sql, base: Sql, with_names: bool = True):
        """Count and facets in two GROUP BY queries: (kind, issuer, year) combinations, then topics.

        Without ``with_names`` the issuer facet carries ids only (the service labels them in one query).
        """
        where_sql = f"WHERE {base.sql}" if base.sql else ""
        params = from_sql.params + base.params
        name = "MAX(e.issuer_name)" if with_names else "NULL"
        groups = _fetch(f"SELECT e.kind, e.issuer_id, {name}, e.year, e.validity, COUNT(*) FROM {from_sql.sql} "
                        f"{where_sql} GROUP BY e.kind, e.issuer_id, e.year, e.validity", params)
        kinds: dict = {}
        issuers: dict = {}
        years: dict = {}
        validities: dict = {}
        total = 0
        for kind, issuer_id, issuer_name, year, validity, n in groups:
            total += n
            kinds[kind] = kinds.get(kind, 0) + n
            if validity:
                validities[validity] = validities.get(validity, 0) + n
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
            "issuer": sorted(((i, n) for i, (_label, n) in issuers.items()), key=lambda r: (-r[1], r[0]))[:FACET_SIZE],
            "year": sorted(years.items(), key=lambda kv: -kv[0])[:FACET_SIZE],
            "topic": [(tid, n) for tid, n in topics],
            "validity": sorted(validities.items(), key=lambda kv: (-kv[1], kv[0])),
        }
        labels = {"issuer": {i: label for i, (label, _n) in issuers.items() if label}}
        return total, facets, labels


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


CANDIDATE_SHARE, CANDIDATE_MIN = 0.10, 300  # entries bm25() scores at most, as a share of the library (rare_part)
MAX_UNIGRAMS = 10   # folded words per query, the rarest first: an OR query costs more with every common word
MAX_BIGRAMS = 10
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

    hits_table = "temp.search_hits"
    hits_ddl = ("CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY, score REAL, kind TEXT, "
                "issuer_id INTEGER, year INTEGER, validity TEXT)")

    def term_stats(self, terms):
        return self.doc_freqs(terms, column="title_folded")

    def rare_part(self, query: SearchQuery) -> SearchQuery | None:
        """The query's rarest terms whose entries together stay under CANDIDATE_SHARE of the library: the
        candidates that ``bm25()`` scores (None when that is already the whole query). A common word still
        makes an entry match (count, facets), but an entry without any rare word of the query never reaches
        the top, so FTS5 need not score it: ``bm25()`` costs 2–3 µs per matching row, most of a long
        question's time at 20,000 documents."""
        pairs = {f"{a}_{b}": (a, b) for a, b in query.bigrams}
        terms = list(dict.fromkeys(query.fold_terms)) + list(pairs)
        df, total = self.doc_freqs(terms + list(query.number_tokens))
        budget = max(CANDIDATE_MIN, CANDIDATE_SHARE * total)
        if sum(df[t] for t in terms) <= budget:
            return None
        keep, used = set(), 0
        for t in sorted(terms, key=lambda t: df[t]):
            if keep and used + df[t] > budget:
                break
            keep.add(t)
            used += df[t]
        return replace(query, fold_terms=[t for t in query.fold_terms if t in keep],
                       orig_terms=[t for t in query.orig_terms if _fold_syllable(t) in keep],
                       bigrams=[p for p in query.bigrams if f"{p[0]}_{p[1]}" in keep])

    def fill_hits(self, cur, query, where):
        # CROSS JOIN fixes the order: the full-text index drives, entries are looked up by id. (Left to the
        # planner, SQLite may scan entries and evaluate the MATCH once per row, which never finishes.)
        pruned = self.prune(query)  # (cached statistics)
        score = f"-bm25({FTS_TABLE}, {', '.join(str(w) for w in SQLITE_WEIGHTS)})"
        rare = self.rare_part(pruned)
        if rare is not None:
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS search_candidates (id INTEGER PRIMARY KEY)")
            cur.execute("DELETE FROM temp.search_candidates")
            cur.execute(f"INSERT INTO temp.search_candidates SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                        [fts5_match(rare)])
            score = f"(CASE WHEN {FTS_TABLE}.rowid IN (SELECT id FROM temp.search_candidates) THEN {score} ELSE 0 END)"
        cond = Sql(f"{FTS_TABLE} MATCH %s", [fts5_match(pruned)]) & where
        cur.execute(f"INSERT INTO {self.hits_table} SELECT e.id, {score} * {SCORE_FACTOR_SQL}, "
                    f"e.kind, e.issuer_id, e.year, e.validity FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e "
                    f"ON e.id = {FTS_TABLE}.rowid WHERE {cond.sql}", cond.params)
