""""Did you mean": put diacritics back on a query typed without them, and fix typos when few results.

Never a leak: diacritics are restored only from the titles of results the viewer is already shown, and a
typo correction taken from the (global) vocabulary is proposed only if every corrected word finds at
least one document *this viewer* may see, counted by the engine under the same privacy filter.

The vocabulary is the set of folded syllables the database index knows (FTS5's vocabulary table on SQLite,
the term table of the postings index on PostgreSQL), read at most every few minutes and kept in memory with a delete-1 neighbour
map (SymSpell-style), so a lookup costs a few dictionary probes, never a scan of the corpus.
"""
from __future__ import annotations

import time
from collections import Counter

from django.db import connection

from search.fulltext import FTS_VOCAB
from search.postings import vocabulary_terms
from search.queries import parse_query
from vntext.text import fast_syllables, fold

VOCAB_TTL = 300.0
FEW_RESULTS = 5
_vocab = {"at": 0.0, "terms": {}, "deletes": {}, "vendor": None}


def _load_terms() -> dict[str, int]:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            # Document counts of folded terms in titles and bodies (a term in both counts twice: only an
            # order of magnitude matters here).
            cur.execute(f"SELECT term, SUM(doc) FROM {FTS_VOCAB} WHERE col IN ('title_folded', 'body_folded') "
                        f"GROUP BY term")
        elif connection.vendor == "postgresql":
            return vocabulary_terms(connection)
        else:  # pragma: no cover
            return {}
        return {t: n for t, n in cur.fetchall() if t and t.isalpha() and len(t) <= 20}


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def vocabulary() -> tuple[dict[str, int], dict[str, list[str]]]:
    now = time.monotonic()
    if _vocab["vendor"] != connection.vendor or now - _vocab["at"] > VOCAB_TTL:
        terms = _load_terms()
        deletes: dict[str, list[str]] = {}
        for term in terms:
            for d in _deletes(term):
                deletes.setdefault(d, []).append(term)
        _vocab.update(at=now, terms=terms, deletes=deletes, vendor=connection.vendor)
    return _vocab["terms"], _vocab["deletes"]


def reset_vocabulary() -> None:
    _vocab.update(at=0.0, terms={}, deletes={}, vendor=None)


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) for short words."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def closest(word: str) -> str:
    """The most frequent known syllable within one edit (or one swap) of ``word``; '' if none."""
    terms, deletes = vocabulary()
    if word in terms or len(word) < 2:
        return ""
    cands = set(deletes.get(word, [])) | {w for w in _deletes(word) if w in terms}
    for d in _deletes(word):
        cands.update(deletes.get(d, []))
    scored = [(_distance(word, c), -terms[c], c) for c in cands if c != word]
    scored = [s for s in scored if s[0] <= 1 or (s[0] == 2 and len(word) >= 5)]
    return min(scored)[2] if scored else ""


def restore_from_titles(tokens: list[str], titles: list[str]) -> list[str]:
    """Original spelling of each folded token, as the viewer's own result titles write it."""
    votes: dict[int, Counter] = {}
    folded_q = [fold(t) for t in tokens]
    for title in titles:
        words = fast_syllables(title)
        fwords = [fold(w) for w in words]
        for i in range(len(fwords)):
            # Longest run of consecutive query tokens starting at any query position.
            for qi in range(len(folded_q)):
                n = 0
                while qi + n < len(folded_q) and i + n < len(fwords) and fwords[i + n] == folded_q[qi + n]:
                    n += 1
                if n >= 2 or (n == 1 and len(folded_q) == 1):
                    for k in range(n):
                        votes.setdefault(qi + k, Counter())[words[i + k]] += n
    out = []
    for i, tok in enumerate(tokens):
        out.append(votes[i].most_common(1)[0][0] if i in votes else tok)
    return out


def did_you_mean(query, viewer, result, count, search) -> str:
    """A better query to offer, or ''. ``count`` and ``search`` are the service's own (search/service.py
    calls this module, never the reverse)."""
    raw = (query.raw or "").strip()
    if not raw or query.number or len(raw) > 200:
        return ""
    tokens = fast_syllables(raw)
    if not tokens:
        return ""
    suggestion = list(tokens)
    corrected = False
    if result.count < FEW_RESULTS:
        for i, tok in enumerate(tokens):
            f = fold(tok)
            if f.isdigit():
                continue
            fix = closest(f)
            if fix and count(parse_query(fix, query.filters), viewer) > 0:
                suggestion[i] = fix
                corrected = True
    titles = [r.title for r in result.results[:10]]
    if corrected:
        better = search(viewer, " ".join(suggestion), query.filters, 1, per_page=10, suggest=False)
        if not better.count:
            return ""
        titles = [r.title for r in better.results]
    if all(t == fold(t) for t in suggestion):
        suggestion = restore_from_titles(suggestion, titles)
    text = " ".join(suggestion)
    return text if text != " ".join(tokens) else ""
