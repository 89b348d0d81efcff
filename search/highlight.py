"""Snippets and highlighting in Python, with folded matching, on both engines.

The engines only rank; the words to mark are found here so the backends look the same. A word typed without
diacritics ("nghi quyet") marks every spelling that folds to it ("Nghị quyết"): it becomes a
diacritic-insensitive regular expression ("quy" → ``q[uúù…][yýỳ…]``). A word typed with diacritics marks
that spelling only, whatever its case ("đề" marks "Đề", never "để"; "chuyên" never marks "chuyển"). The
expressions run over the original text, which is fast (the regex engine does the scanning) and keeps the
original spelling in the snippet. Only the text between marks is HTML-escaped, so the output is safe to
render.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape  # the stdlib one: Django's adds a lazy wrapper per call (20 snippets × many spans)

from django.utils.safestring import mark_safe

from vntext.text import fold

SCAN_CHARS = 60_000
SNIPPET_CHARS = 260


@lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    variants: dict[str, set[str]] = {}
    for cp in list(range(0x41, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        if not ch.isalpha():
            continue
        base = fold(ch)
        if len(base) == 1 and "a" <= base <= "z":
            variants.setdefault(base, set()).update({ch.lower(), ch.upper()})
    return {b: "[" + "".join(sorted(v)) + "]" for b, v in variants.items()}


def _term_pattern(term: str) -> str:
    if not term.isascii():  # typed with diacritics: this spelling, any case
        return f"(?i:{re.escape(unicodedata.normalize('NFC', term))})"
    classes = _letter_classes()
    if term.isdigit():
        return "0*" + term
    return "".join(classes.get(ch, re.escape(ch)) for ch in term)


@lru_cache(maxsize=512)
def _compile(terms: tuple[str, ...]):
    if not terms:
        return None
    alts = "|".join(_term_pattern(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _matches(text: str, terms: frozenset[str]):
    pattern = _compile(tuple(sorted(terms)))
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m, _ in zip(pattern.finditer(text, 0, SCAN_CHARS), range(400))]


def _render(text: str, spans) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def highlight_text(text: str, terms) -> str:
    """The whole (short) text with every query syllable marked, e.g. a title."""
    text = unicodedata.normalize("NFC", text or "")
    return mark_safe(_render(text, _matches(text, frozenset(terms))))


def snippet(text: str, terms, length: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the densest cluster of query syllables, marked and escaped."""
    text = unicodedata.normalize("NFC", text or "")
    if not text:
        return mark_safe("")
    spans = _matches(text, frozenset(terms))
    if not spans:
        cut = text[:length]
        if len(text) > length:
            cut = cut.rsplit(" ", 1)[0] + " …"
        return mark_safe(escape(cut))
    # Best window: most distinct matched words, then most matches, earliest first (one sliding pass).
    spans = spans[:150]
    words = [text[a:b].lower() for a, b in spans]
    counts: dict[str, int] = {}
    best, best_score, j = 0, (-1, -1), 0
    for i, (start, _end) in enumerate(spans):
        while j < len(spans) and spans[j][1] - start <= length:
            counts[words[j]] = counts.get(words[j], 0) + 1
            j += 1
        score = (len(counts), j - i)
        if score > best_score:
            best, best_score = i, score
        counts[words[i]] -= 1
        if not counts[words[i]]:
            del counts[words[i]]
    anchor = spans[best][0]
    start = max(0, anchor - length // 5)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    body = _render(text[start:end], inside)
    return mark_safe(("… " if start > 0 else "") + body + (" …" if end < len(text) else ""))
