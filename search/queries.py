"""One query interface, two implementations (database and Elasticsearch).

The query is parsed here, once, into engine-neutral parts: original syllables, folded syllables, folded
syllable bigrams, number tokens and filters. Each backend turns those parts into its own query language
(FTS5 MATCH, PostgreSQL tsquery, Elasticsearch bool query) and answers :class:`Hits`: entry ids in rank
order for the requested page, the total count and the facets, all computed *inside* the engine under the
viewer's privacy filter. Result objects then come from the database in one query (search/service.py).

Ranking signals shared by the backends:

* BM25 over original syllables (exact diacritics, so "quý" ranks a document saying "quý" above one
  saying "quy") **and** over folded syllables (queries typed without diacritics);
* folded syllable **bigrams** as phrases (Vietnamese words are mostly two syllables, so "sinh hoạt chuyên
  đề" outranks a document that has the four syllables scattered);
* question words are **stop syllables**: dropped from the OR'd terms (a 27-word question stays a ranked
  OR of its content words), kept inside bigrams unless both syllables are stop words;
* title and meta (symbol, kind, issuer, topics) fields weigh more than the body;
* a **number** query ("10-CT/TW", "Chỉ thị 05", "KL 18") pins the documents with that exact key or
  kind + number first, newest first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.sources import number_tokens
from vntext.kinds import CODES_FOLDED, TYPE_WORDS
from vntext.numbers import NumberQuery, number_key, parse_number_query
from vntext.text import fast_syllables, fold

MAX_QUERY_CHARS = 2000
MAX_TERMS = 40
MAX_BIGRAMS = 40
PINNED_LIMIT = 50

# Question words, particles and forms of address: what a question adds around its content ("… là gì?",
# "cho tôi hỏi …", "… như thế nào ạ?"). Deliberately short. Function words that carry meaning in rules and
# statutes stay searchable: "không được", "phải", "bị", "có", "trong", "sau", "trước" decide which article
# answers a question (measured on 1,343 legal questions: dropping them cost 4 points of recall@10 on the
# everyday Zalo questions); very common words are left to BM25's idf and to the prune step, which drops
# words found in more than half the library (search/backends/database.py).
STOP_SYLLABLES = frozenset("""
gì nào sao bao nhiêu ai đâu hả à ạ nhé chứ vậy ơi
xin vui lòng giúp hỏi tôi em anh chị mình thế
""".split())
# The same words typed without diacritics. Only folded forms that are not also a content word are listed:
# "chi" is "chị" but also "chi bộ", "toi" is "tôi" but also "tội", "hoi" is "hỏi" but also "hội", "bao" (of
# "bao nhiêu") is also "báo"/"bảo", "minh" is "mình" but also "Hồ Chí Minh": all kept.
STOP_ASCII = frozenset("""
gi nao nhieu ai oi giup em a
""".split())
# Question phrases: asked around the content ("… là gì?", "… như thế nào?", "có phải …"), they never decide the
# ranking. Each syllable of a phrase is dropped from the terms and from the bigrams, though alone it may be a
# content word ("là", "ra", "khi", "ở", "phải"): "sinh hoạt chuyên đề là gì" ranks like "sinh hoạt chuyên
# đề" (a title saying "… trước hết là …" no longer wins). One pair stays: "<word> là" before "gì"/"ai", the
# way statutes define a term ("Người tổ chức là …"; on 1,386 legal questions, dropping it ranked 8 of the 70
# "là gì / là ai" questions lower, one out of the top 10). Matched as typed, and folded when typed without
# diacritics.
QUESTION_PHRASES = tuple(tuple(p.split()) for p in """
là gì|là ai|là sao|như thế nào|thế nào|ra sao|bao nhiêu|có phải|ở đâu|khi nào|bao giờ|vì sao|tại sao|làm sao
""".strip().split("|"))
_QUESTION_FOLDED = {tuple(fold(w) for w in p): p for p in QUESTION_PHRASES}


@dataclass
class Filters:
    kind: str = ""
    issuer: int | None = None
    year: int | None = None
    topic: int | None = None
    cell: int | None = None
    # With ``cell``: ids of the library items tagged for that cell (LibraryItem.for_cells), which match as well as
    # the cell's meetings. Privacy still comes from the entries' grants.
    cell_items: tuple = ()
    validity: str = ""  # a search validity value (search.models.SearchEntry.validity)

    def __bool__(self):
        return bool(self.kind or self.issuer or self.year or self.topic or self.cell or self.validity)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None) and k != "cell_items"}


@dataclass
class SearchQuery:
    """Engine-neutral parts of what the user typed."""
    raw: str = ""
    orig_terms: list[str] = field(default_factory=list)     # content syllables typed with diacritics
    typed_terms: list[str] = field(default_factory=list)    # every content syllable as typed (lower-cased)
    fold_terms: list[str] = field(default_factory=list)     # folded content syllables
    bigrams: list[tuple[str, str]] = field(default_factory=list)  # folded adjacent pairs
    number: NumberQuery = field(default_factory=NumberQuery)
    number_tokens: list[str] = field(default_factory=list)  # nk_… / kn_… tokens of meta_folded
    filters: Filters = field(default_factory=Filters)

    @property
    def has_text(self) -> bool:
        return bool(self.orig_terms or self.fold_terms or self.bigrams or self.number_tokens)

    @property
    def folded_text(self) -> str:
        return " ".join(self.fold_terms)

    def highlight_terms(self) -> frozenset[str]:
        """Words worth marking in a snippet (content words and numbers), for search/highlight.py: a word typed
        with diacritics marks only that spelling ("đề" never marks "để"); one typed without marks every
        spelling that folds to it ("de" marks "đề", "để", "dễ")."""
        return frozenset(t if not t.isascii() else _fold_syllable(t) for t in self.typed_terms)


def _is_stop(token: str) -> bool:
    return token in STOP_SYLLABLES or (token == fold(token) and token in STOP_ASCII)


def question_words(tokens: list[str]) -> list[bool]:
    """Which tokens belong to a question phrase (QUESTION_PHRASES), longest phrase first."""
    marks = [False] * len(tokens)
    lengths = sorted({len(p) for p in QUESTION_PHRASES}, reverse=True)
    phrases = set(QUESTION_PHRASES)
    for i in range(len(tokens)):
        for n in lengths:
            window = tuple(tokens[i:i + n])
            if len(window) < n:
                continue
            typed_plain = all(t == fold(t) for t in window)
            if window in phrases or (typed_plain and window in _QUESTION_FOLDED):
                for k in range(i, i + n):
                    marks[k] = True
                break
    return marks


def _defines(folded: list[str], stops: list[bool], i: int) -> bool:
    """Is token ``i`` a content word followed by "là" (of "là gì"/"là ai")? That pair is how a text defines the
    word ("Phạm tội có tổ chức là hình thức …"), so "X là gì?" keeps the bigram (X, là): never "là" alone."""
    return folded[i + 1] == "la" and not stops[i]


def _fold_syllable(token: str) -> str:
    folded = fold(token)
    return str(int(folded)) if folded.isascii() and folded.isdigit() and len(folded) < 30 else folded


def parse_query(raw: str, filters: Filters | None = None) -> SearchQuery:
    """Split a query into the parts every backend ranks with (see the module docstring)."""
    text = (raw or "")[:MAX_QUERY_CHARS]
    # "_" joins bigram and number tokens in the indexes: in a query it only separates words.
    tokens = [p for t in fast_syllables(text) for p in t.split("_") if p and len(p) <= 60][:200]
    folded = [_fold_syllable(t) for t in tokens]
    asked = question_words(tokens)
    stops = [a or _is_stop(t) for t, a in zip(tokens, asked)]
    orig_terms, typed_terms, fold_terms, seen_o, seen_f = [], [], [], set(), set()
    for tok, ftok, stop in zip(tokens, folded, stops):
        if stop:
            continue
        if tok not in seen_o:
            seen_o.add(tok)
            typed_terms.append(tok)
            if tok != ftok:  # only where diacritics make a difference
                orig_terms.append(tok)
        if ftok not in seen_f:
            seen_f.add(ftok)
            fold_terms.append(ftok)
    if not fold_terms and tokens:
        # A query made only of stop words ("là gì"): search them rather than nothing.
        for tok, ftok in zip(tokens, folded):
            if tok not in seen_o:
                seen_o.add(tok)
                typed_terms.append(tok)
            if ftok not in seen_f:
                seen_f.add(ftok)
                fold_terms.append(ftok)
    bigrams, seen_b = [], set()
    for i in range(len(tokens) - 1):
        if (stops[i] and stops[i + 1]) or asked[i] or (asked[i + 1] and not _defines(folded, stops, i)):
            continue
        pair = (folded[i], folded[i + 1])
        if pair not in seen_b:
            seen_b.add(pair)
            bigrams.append(pair)
    number = parse_number_query(text) if len(text) <= 120 else NumberQuery()
    if not number and _EMBEDDED_SYMBOL.fullmatch(fold(text).strip()):
        whole = embedded_symbol_keys(fold(text).strip())  # "36/2018/QH14" typed alone
        if whole:
            number = NumberQuery(key=whole[0], number=whole[0].split("-")[0])
    ntokens = []
    if number.key:
        ntokens += number_tokens("", "", number.key)
    if number.kind and number.number:
        ntokens += number_tokens(number.kind, number.number, "")
    for key in embedded_symbol_keys(fold(text)):
        ntokens += [t for t in number_tokens("", "", key) if t not in ntokens]
    if number and not _only_a_number(folded, stops, number):
        # "Chỉ thị 05 nói gì về …": the number is a hint among other words, not the whole question. Pinning
        # every document with that number (all articles of one law, say) would bury the answer: its tokens
        # still boost the documents that carry it.
        number = NumberQuery()
    return SearchQuery(raw=text, orig_terms=orig_terms[:MAX_TERMS], typed_terms=typed_terms[:MAX_TERMS],
                       fold_terms=fold_terms[:MAX_TERMS],
                       bigrams=bigrams[:MAX_BIGRAMS], number=number, number_tokens=ntokens,
                       filters=filters or Filters())


_EMBEDDED_SYMBOL = re.compile(
    r"(?<![\w/-])\d{1,5}(/\d{4})?\s*[-/]\s*([a-z]{1,6}\d{0,3})(\s*[-/]\s*[a-z]{1,8}\d{0,3}){0,2}(?![\w/-])")


def embedded_symbol_keys(folded_text: str) -> list[str]:
    """Number keys of full symbols written inside a query ("… theo 1193-QĐ/TU …" → 1193-qd-tu).

    Needs the separators (``-`` or ``/``) of the folded text, so "1193 qd tu về" is not taken for a symbol
    ending in "ve"; whole-query symbols typed with spaces are parse_number_query's job.
    """

    keys = []
    for m in _EMBEDDED_SYMBOL.finditer(folded_text):
        if m.group(2).rstrip("0123456789") in CODES_FOLDED or m.group(1):
            key = number_key(m.group(0))
            if key and key not in keys:
                keys.append(key)
    return keys[:5]


def _only_a_number(folded: list[str], stops: list[bool], number: NumberQuery) -> bool:
    """Is the query just a number (with its type word and maybe "của <issuer>")? Then it pins results."""
    consumed = {"so", "cua", number.number} | set(number.key.split("-")) | set(number.extra_words)
    consumed |= set(number.issuer.split("-"))
    consumed |= {w for phrase, code in TYPE_WORDS.items() if code == number.kind for w in phrase.split()}
    consumed |= {c for c, code in CODES_FOLDED.items() if code == number.kind}
    consumed |= set(number.issuer_hint.split())
    consumed.add(fold(number.kind))

    def used(tok: str) -> bool:  # "qh14" is consumed when "qh" and "14" are
        parts = [str(int(p)) if p.isdigit() else p for p in re.findall(r"[0-9]+|[a-z]+", tok)]
        return tok in consumed or bool(parts) and all(p in consumed for p in parts)

    return all(stop or used(tok) for tok, stop in zip(folded, stops))


@dataclass
class Facet:
    value: object
    label: str
    count: int

    def as_dict(self):
        return {"value": self.value, "label": self.label, "count": self.count}


@dataclass
class Hits:
    """What every backend answers, in one shape: the page's entries in rank order as (source, object_id)
    pairs, the total count, and facets as (value, count) rows."""

    keys: list[tuple[str, int]] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    count: int = 0
    facets: dict[str, list[tuple]] = field(default_factory=dict)  # name → [(value, count)]
    # Labels a backend already knows for facet values (name → {value: label}); the service looks up the rest.
    labels: dict[str, dict] = field(default_factory=dict)
    pinned: list[tuple[str, int]] = field(default_factory=list)  # entries carrying the number typed (≤ 50)
    exact: set = field(default_factory=set)  # those of ``pinned`` that are exactly it (number.order_pinned)
    backend: str = "database"
    # The engine's copy may lag behind the database (Elasticsearch's outbox): the service then checks each
    # entry's audience again before showing it.
    may_lag: bool = False


class EngineUnavailable(Exception):
    """The engine could not answer (Elasticsearch down): the service falls back to the database."""


def page_window(offset: int, limit: int, pinned_count: int) -> tuple[int, int, int, int]:
    """Split a page into its pinned part and its ranked part.

    Returns (pinned_start, pinned_stop, ranked_offset, ranked_limit): the overall list is the pinned
    documents followed by the ranked documents without them.
    """
    p_start = min(offset, pinned_count)
    p_stop = min(offset + limit, pinned_count)
    ranked_offset = max(0, offset - pinned_count)
    ranked_limit = limit - (p_stop - p_start)
    return p_start, p_stop, ranked_offset, ranked_limit


def score(value) -> float:
    """A relevance score for the API: 6 significant digits (bm25 values on small corpora are tiny)."""
    return float(f"{float(value or 0.0):.6g}")
