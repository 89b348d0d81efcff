"""Vietnamese text handling shared by indexing and querying, on every engine.

Folding happens here, once, in Python: NFC, strip combining marks, đ/Đ → d, lowercase. Elasticsearch's
test distribution has no asciifolding and SQLite's ``remove_diacritics`` misses stacked marks and ``đ``,
so neither engine is trusted with it.
"""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """'Nghị quyết Đảng' → 'nghi quyet dang'."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (word characters), diacritics kept."""
    return _WORD.findall(nfc(text).lower())


def folded_syllables(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def bigrams(tokens: list[str]) -> list[str]:
    """Adjacent syllable pairs joined by '_' ("sinh hoat chuyen" → sinh_hoat, hoat_chuyen)."""
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])]
