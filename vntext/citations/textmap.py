"""NFC normalisation that remembers where each character came from, plus a same-length folded copy.

The extractor matches on a folded copy (no diacritics, lower case, đ → d, dashes → "-") that has exactly
one character per character of the NFC text, so a match's offsets are offsets into the NFC text; the
map then turns them into offsets into the text the caller passed, which may be decomposed (NFD, the
"Windows-1258 style" of some old files). ``text[start:end] == raw`` always holds for the caller's text.
"""
from __future__ import annotations

import unicodedata

from vntext.text import Memo, fold

# Characters people use for Đ and for dashes in document numbers.
_EXTRA = {
    "Ð": "d", "ð": "d", "Ɖ": "d", "ɖ": "d",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "／": "/", "\u00a0": " ", "\u202f": " ",
}


def fold_char(c: str) -> str:
    """One character in, exactly one character out (offsets must survive folding)."""
    if c in _EXTRA:
        return _EXTRA[c]
    f = fold(c)
    if len(f) == 1:
        return f
    low = c.lower()
    return low if len(low) == 1 else "_"


def lower_char(c: str) -> str:
    low = c.lower()
    return low if len(low) == 1 else c


# ``str.translate`` tables (code point → one character) filled on first sight of a character: a C-speed pass
# instead of a Python call per character (a 2,000-document import spent 2.3 s folding here).
_FOLD_TABLE = Memo(lambda code: fold_char(chr(code)), 65_536)
_LOWER_TABLE = Memo(lambda code: lower_char(chr(code)), 65_536)


class TextMap:
    """``nfc``, ``folded`` and ``lower`` views of ``original`` and the offset map back to it."""

    def __init__(self, original: str):
        self.original = original or ""
        if unicodedata.is_normalized("NFC", self.original):
            self.nfc = self.original
            self._starts = self._ends = None
        else:
            self.nfc, self._starts, self._ends = _normalise_with_map(self.original)
            if self._starts is None:  # pragma: no cover - offsets then refer to the NFC text
                self.original = self.nfc
        self.folded = self.nfc.translate(_FOLD_TABLE)
        self.lower = self.nfc.translate(_LOWER_TABLE)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """NFC offsets → offsets into the original text (end exclusive)."""
        if self._starts is None:
            return start, end
        o_start = self._starts[start] if start < len(self._starts) else len(self.original)
        o_end = self._ends[end - 1] if end > 0 else 0
        return o_start, o_end

    def raw(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.original[s:e]


def _normalise_with_map(text: str):
    """NFC per base character + its combining marks, so every output character knows its source chunk."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunk = unicodedata.normalize("NFC", text[i:j])
        pieces.append(chunk)
        starts.extend([i] * len(chunk))
        ends.extend([j] * len(chunk))
        i = j
    nfc = "".join(pieces)
    if nfc != unicodedata.normalize("NFC", text):  # pragma: no cover - scripts that compose across chunks
        whole = unicodedata.normalize("NFC", text)
        return whole, None, None
    return nfc, starts, ends
