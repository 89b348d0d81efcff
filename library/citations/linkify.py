"""Turn the references in an item's HTML body into links, using the item's stored citations.

Only text nodes are touched (never attributes, never the inside of ``<a>``, ``<script>``, ``<style>``,
``<code>``, ``<pre>``), and every piece of text that is rewritten is escaped again, so the result is as
safe as the HTML that came in. References are found again in each text node with the same extractor
and matched to the stored citations by symbol, or by type + number + issuer (+ date), so offsets
stored against the item's plain text are not needed here.

* resolved → ``<a class="citation" href="/thu-vien/<pk>/">…</a>``
* ambiguous → ``<span class="citation-ambiguous" title="…">…</span>``
* unresolved → left as text.

Pass only citations the viewer may follow (``library.selectors.item_detail_context`` already drops
those whose target the viewer may not see).
"""
from __future__ import annotations

import html as htmllib
import re

from django.urls import reverse
from django.utils.translation import gettext as _

from vntext.citations.extract import extract
from vntext.text import fold

_TOKEN_RE = re.compile(r"(<!--.*?-->|<![^>]*>|<[^>]*>)", re.S)
_TAG_RE = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/)?\s*>", re.S)
_SKIP_TAGS = {"a", "script", "style", "code", "pre", "textarea", "button"}
_QD = {"QĐ", "QĐi"}


def _family(kind: str) -> str:
    return "QĐ" if kind in _QD else kind


def _get(c, name):
    return c.get(name) if isinstance(c, dict) else getattr(c, name, None)


class _Index:
    """Stored citations by the keys a freshly extracted reference can be matched with."""

    def __init__(self, citations):
        self.exact: dict[tuple, object] = {}
        self.loose: dict[tuple, list] = {}
        for c in citations or ():
            for key in self._keys(_get(c, "number_key"), _get(c, "kind"), _get(c, "number"),
                                  _get(c, "issuer"), _get(c, "issued_on")):
                self.exact.setdefault(key, c)
            self.loose.setdefault(self._loose_key(_get(c, "number_key"), _get(c, "kind"), _get(c, "number")),
                                  []).append(c)

    @staticmethod
    def _base(number_key, kind, number, issuer):
        return ("k", number_key) if number_key else ("s", _family(kind or ""), number or "", fold(issuer or ""))

    def _keys(self, number_key, kind, number, issuer, issued_on):
        base = self._base(number_key, kind, number, issuer)
        return [base + (issued_on,), base + ("*",)]

    @staticmethod
    def _loose_key(number_key, kind, number):
        return ("k", number_key) if number_key else ("s", _family(kind or ""), number or "")

    def find(self, ref):
        base = self._base(ref.number_key, ref.kind, ref.number, ref.issuer)
        hit = self.exact.get(base + (ref.issued_on,)) or self.exact.get(base + ("*",))
        if hit is not None:
            return hit
        group = self.loose.get(self._loose_key(ref.number_key, ref.kind, ref.number)) or []
        outcomes = {(_get(c, "status"), _get(c, "target_id")) for c in group}
        return group[0] if len(outcomes) == 1 else None


def _wrap(raw_escaped: str, citation) -> str | None:
    status = _get(citation, "status")
    target_id = _get(citation, "target_id")
    if status == "resolved" and target_id:
        url = reverse("library:item", args=[target_id])
        target = _get(citation, "target") if not isinstance(citation, dict) else None
        # The link's tooltip names the document with its real kind ("Quy định 144-QĐ/TW (2024)").
        title = f' title="{htmllib.escape(f"{target.kind_label} {target.display_name}")}"' if target else ""
        return f'<a class="citation" href="{htmllib.escape(url)}"{title}>{raw_escaped}</a>'
    if status == "ambiguous":
        title = htmllib.escape(_("Có nhiều văn bản cùng số hiệu này trong thư viện; chưa xác định được văn bản nào."))
        return f'<span class="citation-ambiguous" title="{title}">{raw_escaped}</span>'
    return None


def _link_text(segment: str, index: _Index) -> str:
    text = htmllib.unescape(segment)
    refs = extract(text)
    if not refs:
        return segment
    out, pos, changed = [], 0, False
    for ref in refs:
        citation = index.find(ref)
        wrapped = _wrap(htmllib.escape(ref.raw, quote=False), citation) if citation is not None else None
        if wrapped is None:
            continue
        out.append(htmllib.escape(text[pos:ref.start], quote=False))
        out.append(wrapped)
        pos, changed = ref.end, True
    if not changed:
        return segment
    out.append(htmllib.escape(text[pos:], quote=False))
    return "".join(out)


def linkify(html: str, citations) -> str:
    """``html`` with its resolved references linked and its ambiguous ones marked (see module doc)."""
    if not html:
        return html or ""
    index = _Index(citations)
    if not index.loose:
        return html
    parts = _TOKEN_RE.split(html)
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag or comment
            m = _TAG_RE.match(part)
            if m and m.group(2).lower() in _SKIP_TAGS and not m.group(3):
                depth = max(0, depth - 1) if m.group(1) else depth + 1
            continue
        if part and depth == 0:
            parts[i] = _link_text(part, index)
    return "".join(parts)
