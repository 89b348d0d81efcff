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


# --- Fast paths used at index time ---------------------------------------------------------------------
# ``fold`` walks every character in Python; indexing 1,000 items a second with long bodies needs better.
# Vietnamese text repeats a few thousand distinct words, so it is split on whitespace (C speed) and each
# distinct word is folded once and remembered (a dict whose misses fold the word).
_LEADING_ZEROS = re.compile(r"(?<![^\W_])0+(?=\d)")


class Memo(dict):
    """A dict whose misses compute ``function(key)`` and remember it (at most ``limit`` keys, so a text of
    endless distinct words cannot grow it without bound): a C-speed lookup for what a text repeats."""

    def __init__(self, function, limit: int):
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, key):
        value = self.function(key)
        if len(self) < self.limit:
            self[key] = value
        return value


_WORD_CACHE = Memo(lambda word: _LEADING_ZEROS.sub("", fold(word)), 300_000)
# Folded word (as index_fold writes it) → its syllables: "5-ct/tw," → ("5", "ct", "tw").
_TOKEN_CACHE = Memo(lambda word: tuple(_WORD.findall(word)), 300_000)


def fold_with_bigrams(text: str) -> tuple[str, str]:
    """(index_fold(text), its distinct syllable bigrams as tokens "sinh_hoat hoat_chi …"), in one pass."""
    from itertools import chain

    words = list(map(_WORD_CACHE.__getitem__, nfc(text).lower().split()))
    toks = list(chain.from_iterable(map(_TOKEN_CACHE.__getitem__, words)))
    # Each bigram once per text: presence is the phrase signal; repeats ("chi_bo" 40 times) only cost.
    return " ".join(words), " ".join(dict.fromkeys(map("_".join, zip(toks, toks[1:]))))


def index_fold(text: str) -> str:
    """Folded text as stored in the ``*_folded`` search columns: ``fold`` with leading zeros dropped from
    numbers ("Chỉ thị 05-CT/TW" → "chi thi 5-ct/tw"), words separated by single spaces. Engines tokenize
    it like the original text, so punctuation inside words does not matter."""
    return " ".join(map(_WORD_CACHE.__getitem__, nfc(text).lower().split()))


def fast_syllables(text: str) -> list[str]:
    """``syllables(text)`` without running the (slow) Unicode regex over whitespace-separated words."""
    out: list[str] = []
    append, extend, findall = out.append, out.extend, _WORD.findall
    for tok in nfc(text).lower().split():
        if tok.isalnum():
            append(tok)
        else:
            extend(findall(tok))
    return out


def fold_tokens(text: str) -> list[str]:
    """Folded syllables with leading zeros dropped from numbers ("Chỉ thị 05" → chi, thi, 5)."""
    return _WORD.findall(index_fold(text))


_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"</?(p|br|div|li|h[1-6]|tr|td|th|blockquote|ul|ol|table)\b[^>]*>", re.IGNORECASE)


def strip_html(value: str) -> str:
    """Rich-text HTML → plain text (block tags become line breaks), entities decoded, spaces tidied."""
    import html as _html

    if not value:
        return ""
    if "<" in value:
        value = _BLOCK_TAG.sub("\n", value)
        value = _TAG.sub("", value)
    if "&" in value:
        value = _html.unescape(value)
    lines = (" ".join(line.split()) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)
