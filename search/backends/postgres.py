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

from django.core.cache import cache
from django.db import connection as default_connection

from search import indexing
from search.backends.database import SCORE_FACTOR_SQL, DatabaseBackend, Sql
from search.fulltext import ENTRY_TABLE
from search.postings import DOCLEN_TABLE, POSTING_TABLE, TERM_TABLE, is_bigram
from search.queries import SearchQuery
from vntext.text import fold

K1, B = 1.2, 0.75
NUMBER_WEIGHT = 4.0
FOLDED_WEIGHT_WITH_DIACRITICS = 0.5
STATS_SECONDS = 120.0
_stats: dict = {"key": None, "at": 0.0, "value": None}


# --- the backend ------------------------------------------------------------------------------------------
def merge_same_postings(terms: list[tuple[str, float]], df: dict[str, int]) -> list[tuple[str, float]]:
    """A syllable written with diacritics found in exactly as many entries as its folded form (nearly always
    the same entries: "người"/"nguoi") adds its weight to the folded term instead of being read twice."""

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

    def clear_hits_sql(self) -> str:
        """TRUNCATE, not DELETE: autovacuum never visits a TEMP table, so a DELETE per request left every
        earlier request's rows behind as dead tuples that each later scan of the table read again (at 17,840
        legal articles: clearing, counting and facets each grew from ~11 to ~30 ms over 300 questions)."""
        return f"TRUNCATE {self.hits_table}"

    # -- statistics ---------------------------------------------------------------------------------------
    def corpus(self) -> tuple[int, float, float]:
        """(entries, average weighted syllable length, average weighted bigram length), cached briefly."""
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
            slopes.append(K1 * B / (avg_bi if is_bigram(term) else avg_uni))
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
