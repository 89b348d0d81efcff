"""Document numbers (số hiệu): one normalized key for every sloppy way people type them.

``10-CT/TW``, ``10 ct tw``, ``10-ct/tw`` → ``10-ct-tw``; ``1193-QĐ/TU`` and ``1193-QD/TU`` →
``1193-qd-tu``; ``12 - HD/BTCTW`` → ``12-hd-btctw``; ``30/2020/NĐ-CP`` → ``30-2020-nd-cp``.
Leading zeros are dropped from numbers ("05" and "5" are the same number).
"""
from __future__ import annotations

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
    """What a query says about a document number: a full key, or a type + number short form."""

    key: str = ""          # full normalized key, when the query looks like a whole symbol
    kind: str = ""         # type code of a short form ("Chỉ thị 05" → CT)
    number: str = ""       # the number, leading zeros dropped
    issuer_hint: str = ""  # folded words after "của" ("Hướng dẫn 12 của Trung ương" → "trung uong")

    def __bool__(self):
        return bool(self.key or self.number)


_SYMBOL_RE = re.compile(
    r"^\s*(\d{1,5})(?:\s*/\s*(\d{4}))?\s*[-/ ]\s*([a-z]{1,6})(?:\s*[-/ ]\s*([a-z]{1,8}))?(?:\s*[-/ ]\s*([a-z]{1,8}))?\s*$"
)
_WORDS_ALT = "|".join(sorted(TYPE_WORDS, key=len, reverse=True))
_SHORT_RE = re.compile(rf"\b({_WORDS_ALT}|{'|'.join(sorted(CODES_FOLDED, key=len, reverse=True))})\s+(?:so\s+)?0*(\d{{1,5}})\b(.*)$")


def parse_number_query(query: str) -> NumberQuery:
    """Recognise '10-CT/TW', '10 ct tw', 'Chỉ thị 05', 'nghi quyet 35', 'KL 18', 'Hướng dẫn 12 của Trung ương'."""
    f = fold(query or "").strip()
    if not f or len(f) > 120:
        return NumberQuery()
    m = _SYMBOL_RE.match(f)
    if m and (m.group(3) in CODES_FOLDED or m.group(2)):
        return NumberQuery(key=number_key(f), kind=CODES_FOLDED.get(m.group(3), ""), number=str(int(m.group(1))))
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
            return NumberQuery(key=number_key(f"{m.group(2)}-{tail.group(1)}-{tail.group(2)}"), kind=kind,
                               number=str(int(m.group(2))))
        return NumberQuery(kind=kind, number=str(int(m.group(2))), issuer_hint=hint)
    return NumberQuery()
