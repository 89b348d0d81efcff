"""Document numbers (số hiệu): one normalized key for every sloppy way people type them.

``10-CT/TW``, ``10 ct tw``, ``10-ct/tw`` → ``10-ct-tw``; ``1193-QĐ/TU`` and ``1193-QD/TU`` →
``1193-qd-tu``; ``12 - HD/BTCTW`` → ``12-hd-btctw``; ``30/2020/NĐ-CP`` → ``30-2020-nd-cp``.
Leading zeros are dropped from numbers ("05" and "5" are the same number).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from vntext.kinds import CODES_FOLDED, TYPE_WORDS
from vntext.text import fold

_TOKEN = re.compile(r"[0-9]+|[a-z]+")


def _norm_token(tok: str) -> str:
    return str(int(tok)) if tok.isdigit() else tok


def number_key(symbol: str) -> str:
    """Normalized key of a full symbol; '' when the text holds no number."""
    tokens = [_norm_token(t) for t in _TOKEN.findall(fold(symbol or ""))]
    if not tokens or not any(t.isdigit() for t in tokens):
        return ""
    return "-".join(tokens)


def leading_number(symbol: str) -> str:
    """'05-CT/TW' → '5'; '30/2020/NĐ-CP' → '30'; '' if none."""
    m = re.match(r"\s*0*(\d+)", symbol or "")
    return m.group(1) if m else ""


def kind_from_symbol(symbol: str) -> str:
    """The type code written in a symbol ('1193-QĐ/TU' → 'QĐ'), '' if none is recognisable."""
    for tok in _TOKEN.findall(fold(symbol or "")):
        if tok in CODES_FOLDED:
            return CODES_FOLDED[tok]
    return ""


@dataclass(frozen=True)
class NumberQuery:
    """What a query says about a document number: a full key, or a type + number short form, with the issuer
    part and the year or date when they were typed."""

    key: str = ""          # full normalized key, when the query looks like a whole symbol
    kind: str = ""         # type code ("Chỉ thị 05" → CT; "35-NQ/TW" → NQ)
    number: str = ""       # the number, leading zeros dropped
    issuer: str = ""       # issuer part of a typed symbol, folded ("35-NQ/TW" → "tw", "12 hd btctw" → "btctw")
    issuer_hint: str = ""  # folded words after "của" ("Hướng dẫn 12 của Trung ương" → "trung uong")
    year: int | None = None            # "12-HD/BTCTW 2018"
    issued_on: dt.date | None = None   # "12-HD/BTCTW ngày 06/7/2018"
    extra_words: tuple = ()            # folded words the number part used up ("ngay", "6", "7", "2018")

    def __bool__(self):
        return bool(self.key or self.number)

    def matches(self, number_key: str, kind: str, number: str) -> bool:
        """Does a document with this number key / kind + number carry the number typed?"""
        if self.key and number_key == self.key:
            return True
        return bool(self.kind and self.number and kind == self.kind and number == self.number)

    def issuer_ok(self, number_key: str, issuer_name: str) -> bool:
        if self.issuer:
            return number_key == self.key
        if self.issuer_hint:
            return self.issuer_hint in fold(issuer_name or "")
        return True

    def date_ok(self, issued_on) -> bool:
        if self.issued_on:
            return issued_on == self.issued_on
        if self.year:
            return bool(issued_on) and issued_on.year == self.year
        return True


def order_pinned(number: NumberQuery, rows) -> tuple[list, set]:
    """The documents carrying the number typed, in display order, and those that are exactly it.

    ``rows``: (key, number_key, kind, number, issuer_name, issued_on) newest first. Exact (the contract of
    ``/api/search/``): the number matches, and the issuer part and the year or date when typed. The others
    follow as near matches: same number and issuer in another year first, then other issuers.
    """
    ranked = []
    for key, number_key, kind, num, issuer_name, issued_on in rows:
        if not number.matches(number_key, kind, num):
            continue
        issuer_ok = number.issuer_ok(number_key, issuer_name)
        date_ok = number.date_ok(issued_on)
        ranked.append(((not (issuer_ok and date_ok), not issuer_ok), key, issuer_ok and date_ok))
    ranked.sort(key=lambda r: r[0])  # stable: newest first within each group
    return [key for _o, key, _e in ranked], {key for _o, key, exact in ranked if exact}


_DATE_RE = re.compile(r"(?:\bngay\s+)?\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)\b")
_YEAR_RE = re.compile(r"\s+(?:(?:nam|ngay)\s+)?((?:19|20)\d\d)\s*$")
_SYMBOL_RE = re.compile(
    r"^\s*(\d{1,5})(?:\s*/\s*(\d{4}))?\s*[-/ ]?\s*([a-z]{1,6})(?:\s*[-/ ]\s*([a-z]{1,8}\d{0,2}))?"
    r"(?:\s*[-/ ]\s*([a-z]{1,8}\d{0,2}))?\s*$"
)
_CODES_ALT = "|".join(sorted(CODES_FOLDED, key=len, reverse=True))
# Type code first, glued or not, maybe with the issuer after the number: "CT05", "nq35", "hd 12 btctw".
_CODE_FIRST_RE = re.compile(rf"^\s*({_CODES_ALT})\s*[-/ ]?\s*(?:so\s+)?0*(\d{{1,5}})(?:\s*[-/ ]\s*([a-z]{{1,8}}))?\s*$")
_WORDS_ALT = "|".join(sorted(TYPE_WORDS, key=len, reverse=True))
_SHORT_RE = re.compile(rf"\b({_WORDS_ALT}|{_CODES_ALT})\s+(?:so\s+)?0*(\d{{1,5}})\b(.*)$")


def _split_date(f: str) -> tuple[str, int | None, dt.date | None, tuple]:
    """The query without a trailing date or year, and that year or date ('12-hd/btctw ngay 06/7/2018')."""
    m = _DATE_RE.search(f)
    if m:
        try:
            day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            day = None
        rest = (f[:m.start()] + " " + f[m.end():]).strip()
        if day and rest:
            words = ("ngay", str(day.day), str(day.month), str(day.year))
            return rest, day.year, day, words
    m = _YEAR_RE.search(f)
    if m and f[:m.start()].strip():
        return f[:m.start()].strip(), int(m.group(1)), None, ("nam", "ngay", m.group(1))
    return f, None, None, ()


def _issuer_part(key: str, kind_code: str) -> str:
    """'35-nq-tw' → 'tw'; '30-2020-nd-cp' → 'cp'; '' when the key stops at the type code."""
    parts = key.split("-")
    if kind_code and kind_code in parts:
        return "-".join(parts[parts.index(kind_code) + 1:])
    return ""


def parse_number_query(query: str) -> NumberQuery:
    """Recognise '10-CT/TW', '10 ct tw', '35NQ/TW', 'CT05', 'hd 12 btctw', 'Chỉ thị 05', 'nghi quyet 35', 'KL 18',
    'Hướng dẫn 12 của Trung ương', each maybe followed by a year or a date ('12-HD/BTCTW ngày 06/7/2018')."""
    f = fold(query or "").strip()
    if not f or len(f) > 120:
        return NumberQuery()
    f, year, day, words = _split_date(f)
    when = {"year": year, "issued_on": day, "extra_words": words}
    m = _SYMBOL_RE.match(f)
    if m and (m.group(3) in CODES_FOLDED or m.group(2)):
        key = number_key(f)
        code = m.group(3) if m.group(3) in CODES_FOLDED else ""
        return NumberQuery(key=key, kind=CODES_FOLDED.get(code, ""), number=str(int(m.group(1))),
                           issuer=_issuer_part(key, code), **when)
    m = _CODE_FIRST_RE.match(f)
    if m:
        code, num, issuer = m.group(1), str(int(m.group(2))), m.group(3) or ""
        key = number_key(f"{num}-{code}-{issuer}") if issuer else ""
        return NumberQuery(key=key, kind=CODES_FOLDED[code], number=num, issuer=issuer, **when)
    m = _SHORT_RE.search(f)
    if m:
        word = m.group(1)
        kind = TYPE_WORDS.get(word) or CODES_FOLDED.get(word, "")
        rest = m.group(3) or ""
        hint = ""
        hm = re.search(r"\bcua\s+(.+)$", rest)
        if hm:
            hint = hm.group(1).strip()
        # A short form followed by a symbol tail ("Chỉ thị 05-CT/TW") is a full key.
        tail = re.match(r"\s*[-/]\s*([a-z]{1,6})\s*[-/]\s*([a-z]{1,8})\b", rest)
        if tail and tail.group(1) in CODES_FOLDED:
            key = number_key(f"{m.group(2)}-{tail.group(1)}-{tail.group(2)}")
            return NumberQuery(key=key, kind=kind, number=str(int(m.group(2))), issuer=tail.group(2), **when)
        return NumberQuery(kind=kind, number=str(int(m.group(2))), issuer_hint=hint, **when)
    return NumberQuery()
