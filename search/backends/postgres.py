"""The PostgreSQL database backend: BM25F computed by the engine over a postings table.

PostgreSQL's own full-text search cannot rank a long question fast: ``ts_rank`` has no idf and reads every
matching row's ``tsvector`` (TOASTed, per call), and a GIN index offers no top-k pruning. Measured on the
legal questions (bench/legal_search_bench.py), a Σ idf·ts_rank over ~20 terms took 0.8–1.7 s per question
and ranked below plain BM25. So the index here is the textbook one:

* ``search_posting (term, entry_id, tf, dl)``: one row per distinct term of an entry, with the term's
  field-weighted frequency (title 2.5, meta 1.5, body 1, the weights of the other engines) and the entry's
  weighted length for that kind of term. A btree on ``(term, entry_id)`` including ``tf`` and ``dl``
  answers a query with index-only scans of the query's terms only; ``(entry_id)`` serves deletions.
  Terms: folded syllables (``nghi``), syllables as written when they carry diacritics (``nghị``), folded
  syllable bigrams (``sinh_hoat``) and number tokens (``nk_12_hd_btctw``) — the same tokens as the
  SQLite and Elasticsearch indexes, cut in Python, so every engine sees the same words.
* ``search_doclen (entry_id, uni, bi)``: weighted lengths, for the average length BM25 normalises with.
* ``search_term (term, df)``: document frequencies, kept up to date by ``add``/``remove`` (one aggregated
  upsert per batch), so idf and pruning cost one primary-key lookup per query term, not a count.

A query is one ``INSERT … SELECT``: the query's terms (pruned to the rarest, see DatabaseBackend.prune),
each with its weight × idf, joined to their postings, summed per entry as BM25F (k1 1.2, b 0.75) grouped like
the Elasticsearch ranking pass (syllables as typed, folded syllables — half weight when the query has
diacritics —, bigrams, number tokens ×4), then joined to the entry table under the privacy filter into the
TEMP table the shared code reads the page, count and facets from. Its cost is the sum of the query terms'
document frequencies (capped by the pruning), never a scan of the library.
"""
from __future__ import annotations

import math
import time
from collections import Counter

from django.core.cache import cache
from django.db import connection as default_connection

from search.backends.database import SCORE_FACTOR_SQL, DatabaseBackend, Sql
from search.fulltext import ENTRY_TABLE
from search.queries import SearchQuery
from vntext.text import _WORD, fast_syllables

POSTING_TABLE = "search_posting"
DOCLEN_TABLE = "search_doclen"
TERM_TABLE = "search_term"
FIELD_WEIGHTS = (("title", 2.5), ("meta", 1.5), ("body", 1.0))
BIGRAM_WEIGHTS = (("title_bigrams", 2.5), ("body_bigrams", 1.0))
K1, B = 1.2, 0.75
NUMBER_WEIGHT = 4.0
FOLDED_WEIGHT_WITH_DIACRITICS = 0.5
STATS_SECONDS = 120.0
_stats: dict = {"key": None, "at": 0.0, "value": None}


# --- schema and maintenance -----------------------------------------------------------------------------
def create_schema(schema_editor) -> None:
    for sql in (
        f'CREATE TABLE IF NOT EXISTS {POSTING_TABLE} (term text COLLATE "C" NOT NULL, entry_id bigint NOT NULL, '
        f"tf real NOT NULL, dl real NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS search_posting_term ON {POSTING_TABLE} (term, entry_id) INCLUDE (tf, dl)",
        f"CREATE INDEX IF NOT EXISTS search_posting_entry ON {POSTING_TABLE} (entry_id)",
        f"CREATE TABLE IF NOT EXISTS {DOCLEN_TABLE} (entry_id bigint PRIMARY KEY, uni real NOT NULL, "
        f"bi real NOT NULL)",
        f'CREATE TABLE IF NOT EXISTS {TERM_TABLE} (term text COLLATE "C" PRIMARY KEY, df integer NOT NULL)',
    ):
        schema_editor.execute(sql)


def drop_schema(schema_editor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {POSTING_TABLE}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {DOCLEN_TABLE}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TERM_TABLE}")


def postings(entry) -> tuple[list[tuple[str, float]], float, float]:
    """(term, weighted tf) pairs of one entry, and its weighted lengths (syllables, bigrams)."""
    uni: Counter = Counter()
    length = 0.0
    for field, weight in FIELD_WEIGHTS:
        folded = _WORD.findall(getattr(entry, f"{field}_folded") or "")
        length += weight * len(folded)
        for tok in folded:
            uni[tok] += weight
        for tok in fast_syllables(getattr(entry, field) or ""):
            if not tok.isascii():  # written with diacritics: its own term beside the folded one
                uni[tok] += weight
    bi: Counter = Counter()
    bi_length = 0.0
    for field, weight in BIGRAM_WEIGHTS:
        toks = (getattr(entry, field) or "").split()
        bi_length += weight * len(toks)
        for tok in toks:
            bi[tok] += weight
    rows = [(t, tf) for t, tf in uni.items() if len(t) <= 200] + [(t, tf) for t, tf in bi.items() if len(t) <= 200]
    return rows, length, bi_length


def add(entries, connection=None) -> None:
    """Write the postings of entries already in the entry and text tables (COPY: the fastest way in)."""
    conn = connection or default_connection
    df: Counter = Counter()
    rows, lengths = [], []
    for e in entries:
        terms, uni_len, bi_len = postings(e)
        lengths.append((e.pk, uni_len, bi_len))
        rows.extend((term, e.pk, tf, bi_len if _is_bigram(term) else uni_len) for term, tf in terms)
        df.update(term for term, _tf in terms)
    rows.sort()  # in index order: each leaf page of the term index is written once per batch (40 % faster)
    with conn.cursor() as cur:
        raw = cur.cursor
        with raw.copy(f"COPY {POSTING_TABLE} (term, entry_id, tf, dl) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with raw.copy(f"COPY {DOCLEN_TABLE} (entry_id, uni, bi) FROM STDIN") as copy:
            for row in lengths:
                copy.write_row(row)
        if df:
            terms = sorted(df)  # one lock order for every writer: concurrent imports never deadlock
            cur.execute(f"INSERT INTO {TERM_TABLE} (term, df) SELECT * FROM unnest(%s::text[], %s::int[]) "
                        f"ON CONFLICT (term) DO UPDATE SET df = {TERM_TABLE}.df + EXCLUDED.df",
                        [terms, [df[t] for t in terms]])


def remove(entry_ids, connection=None) -> None:
    conn = connection or default_connection
    ids = list(entry_ids)
    with conn.cursor() as cur:
        cur.execute(f"UPDATE {TERM_TABLE} t SET df = t.df - c.n FROM (SELECT term, COUNT(*) AS n FROM {POSTING_TABLE} "
                    f"WHERE entry_id = ANY(%s) GROUP BY term ORDER BY term) c WHERE t.term = c.term", [ids])
        cur.execute(f"DELETE FROM {POSTING_TABLE} WHERE entry_id = ANY(%s)", [ids])
        cur.execute(f"DELETE FROM {DOCLEN_TABLE} WHERE entry_id = ANY(%s)", [ids])


def clear(connection=None) -> None:
    conn = connection or default_connection
    with conn.cursor() as cur:
        cur.execute(f"TRUNCATE {POSTING_TABLE}, {DOCLEN_TABLE}, {TERM_TABLE}")


def optimize(connection=None) -> None:
    """After a rebuild: statistics for the planner and a visibility map, so term lookups stay index-only."""
    conn = connection or default_connection
    if conn.in_atomic_block:
        return  # VACUUM cannot run inside a transaction (tests); autovacuum does it later
    with conn.cursor() as cur:
        cur.execute(f"VACUUM (ANALYZE) {POSTING_TABLE}")
        cur.execute(f"VACUUM (ANALYZE) {DOCLEN_TABLE}")
        cur.execute(f"VACUUM (ANALYZE) {TERM_TABLE}")


def indexed_count(connection=None) -> int:
    conn = connection or default_connection
    with conn.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {DOCLEN_TABLE}")
        return cur.fetchone()[0]


def vocabulary_terms(connection=None) -> dict[str, int]:
    """Folded alphabetic syllables known to the index and their document counts (for "did you mean")."""
    conn = connection or default_connection
    with conn.cursor() as cur:
        cur.execute(f"SELECT term, df FROM {TERM_TABLE} WHERE df > 0 AND term ~ '^[a-z]{{1,20}}$'")
        return dict(cur.fetchall())


# --- the backend ------------------------------------------------------------------------------------------
def _is_bigram(term: str) -> bool:
    return "_" in term and not term.startswith(("nk_", "kn_"))


def merge_same_postings(terms: list[tuple[str, float]], df: dict[str, int]) -> list[tuple[str, float]]:
    """A syllable written with diacritics found in exactly as many entries as its folded form (nearly always
    the same entries: "người"/"nguoi") adds its weight to the folded term instead of being read twice."""
    from vntext.text import fold

    weights = dict(terms)
    for term, weight in terms:
        if term.isascii() or term not in weights:
            continue
        base = fold(term)
        if base in weights and df.get(base) == df.get(term):
            weights[base] += weights.pop(term)
    return list(weights.items())


class PostgresBackend(DatabaseBackend):
    hits_table = "pg_temp.search_hits"
    hits_ddl = ("CREATE TEMP TABLE IF NOT EXISTS search_hits (id bigint, score float8, kind text, issuer_id bigint, "
                "year int, validity text)")

    # -- statistics ---------------------------------------------------------------------------------------
    def corpus(self) -> tuple[int, float, float]:
        """(entries, average weighted syllable length, average weighted bigram length), cached briefly."""
        from search import indexing

        key = indexing.generation()
        now = time.monotonic()
        if _stats["key"] != key or now - _stats["at"] > STATS_SECONDS or _stats["value"] is None:
            with default_connection.cursor() as cur:
                cur.execute(f"SELECT COUNT(*), COALESCE(AVG(uni), 1), COALESCE(AVG(bi), 1) FROM {DOCLEN_TABLE}")
                n, uni, bi = cur.fetchone()
            _stats.update(key=key, at=now, value=(int(n), float(uni) or 1.0, float(bi) or 1.0))
        return _stats["value"]

    def doc_freqs(self, terms):
        """Entries holding each term (``search_term``), cached a few minutes."""
        from search import indexing

        terms = list(dict.fromkeys(terms))
        gen = indexing.generation()
        keys = {t: "pdf:%d:%s" % (gen, t.encode("utf-8").hex()[:200]) for t in terms}
        cached = cache.get_many(list(keys.values())) if terms else {}
        df = {t: cached[k] for t, k in keys.items() if k in cached}
        missing = [t for t in terms if t not in df]
        if missing:
            with default_connection.cursor() as cur:
                cur.execute(f'SELECT term, df FROM {TERM_TABLE} WHERE term = ANY(%s::text[] COLLATE "C")', [missing])
                fresh = dict.fromkeys(missing, 0)
                fresh.update(cur.fetchall())
            df.update(fresh)
            cache.set_many({keys[t]: n for t, n in fresh.items()}, STATS_SECONDS)
        total, _u, _b = self.corpus()
        return {t: df.get(t, 0) for t in terms}, max(total, 1)

    def term_stats(self, terms):
        return self.doc_freqs(terms)

    # -- the query ----------------------------------------------------------------------------------------
    def weighted_terms(self, query: SearchQuery) -> list[tuple[str, float]]:
        """(term, group weight): syllables as typed, folded syllables, bigrams, number tokens."""
        typed_ascii = {t for t in query.typed_terms if t.isascii()}
        folded_weight = FOLDED_WEIGHT_WITH_DIACRITICS if query.orig_terms else 1.0
        out: dict[str, float] = {}
        for t in query.orig_terms:
            out[t] = out.get(t, 0.0) + 1.0
        for t in query.fold_terms:
            out[t] = out.get(t, 0.0) + (1.0 if t in typed_ascii else folded_weight)
        for a, b in query.bigrams:
            out[f"{a}_{b}"] = out.get(f"{a}_{b}", 0.0) + 1.0
        for t in query.number_tokens:
            out[t] = out.get(t, 0.0) + NUMBER_WEIGHT
        return list(out.items())

    def fill_hits(self, cur, query, where):
        terms = self.weighted_terms(self.prune(query))
        df, total = self.doc_freqs([t for t, _w in terms])
        terms = merge_same_postings(terms, df)
        _n, avg_uni, avg_bi = self.corpus()
        names, weights, slopes = [], [], []
        for term, weight in terms:
            n = df[term]
            if not n:
                continue
            idf = math.log(1 + (total - n + 0.5) / (n + 0.5))
            names.append(term)
            weights.append(weight * idf * (K1 + 1))
            slopes.append(K1 * B / (avg_bi if _is_bigram(term) else avg_uni))
        if not names:
            return
        cond = Sql("e.id = m.entry_id") & where
        cur.execute(
            f"INSERT INTO {self.hits_table} (id, score, kind, issuer_id, year, validity) "
            f"SELECT e.id, m.s * {SCORE_FACTOR_SQL}, e.kind, "
            f"e.issuer_id, e.year, e.validity "
            f"FROM (SELECT p.entry_id, SUM(q.w * p.tf / (p.tf + {K1 * (1 - B)} + q.c * p.dl)) AS s "
            f"FROM unnest(%s::text[], %s::float8[], %s::float8[]) AS q(term, w, c) "
            f'JOIN {POSTING_TABLE} p ON p.term = q.term COLLATE "C" GROUP BY p.entry_id) m '

            f"JOIN {ENTRY_TABLE} e ON {cond.sql}",
            [names, weights, slopes] + cond.params)
