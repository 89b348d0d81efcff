"""HTML ↔ plain text for citations and imports.

``html_to_text`` keeps the line structure (block elements and ``<br>`` become line breaks, table cells
are separated by three spaces so a two-column document header stays readable) and drops scripts and
styles. ``text_to_html`` turns extracted text back into escaped paragraphs for ``LibraryItem.body``.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
    "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "figure", "figcaption", "main", "nav", "aside",
    "hr", "address", "caption", "thead", "tbody", "tfoot", "form", "fieldset",
}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "iframe", "object"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("   ")
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag.lower() == "br":
            self.parts.append("\n")
        elif tag.lower() == "hr":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        return value
    parser = _TextParser()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\u00a0]{4,}", "   ", ln).strip() if ln.strip() else "" for ln in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_SENTENCE_END = re.compile(r"[.:;!?…”\")]\s*$")


def text_to_html(text: str, *, join_wrapped: bool = False) -> str:
    """Plain text → ``<p>`` per paragraph, escaped. ``join_wrapped`` glues lines a PDF broke mid-sentence
    (a line without closing punctuation followed by one starting in lower case)."""
    lines = [ln.strip() for ln in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs: list[str] = []
    current = ""
    for ln in lines:
        if not ln:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if current and join_wrapped and not _SENTENCE_END.search(current) and ln[:1].islower():
            current += " " + ln
            continue
        if current:
            paragraphs.append(current)
        current = ln
    if current:
        paragraphs.append(current)
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
