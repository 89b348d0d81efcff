"""Print-ready files: one neutral document model, rendered to DOCX (python-docx) and to PDF (fpdf2).

Cells print session packs for members who read on paper and file the minutes of their meetings; both files
are built from a :class:`Printable` — a title and a list of blocks (headings, paragraphs, lists, the two-column
blocks of a Party document's header and signatures) — so the DOCX and the PDF of one thing always carry the
same sections. Renderers: :func:`library.printing.docx.render` and :func:`library.printing.pdf.render`. What
goes in is decided by the callers (the session pack: ``library.pack_files``; the minutes of a meeting:
``topics.minutes_file``), after the privacy layer has said what the user may see.
"""
from __future__ import annotations

from dataclasses import dataclass, field

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


@dataclass
class Block:
    kind: str  # heading | paragraph | bullets | numbered | columns | title
    text: str = ""
    level: int = 1
    items: list = field(default_factory=list)  # bullets / numbered: strings; columns: two lists of lines
    bold: bool = False
    italic: bool = False
    align: str = "left"  # left | center | right | justify


@dataclass
class Printable:
    """A document to print; its methods append blocks in reading order."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Block("heading", text, level=level))

    def document_title(self, text: str, subtitle: str = "") -> None:
        """The centred, upper-case name of the document ("BIÊN BẢN …") and an optional line below it."""
        self.blocks.append(Block("title", text.upper(), bold=True, align="center"))
        if subtitle:
            self.blocks.append(Block("paragraph", subtitle, italic=True, align="center"))

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False, align: str = "justify") -> None:
        for line in _paragraphs(text):
            self.blocks.append(Block("paragraph", line, bold=bold, italic=italic, align=align))

    def bullets(self, items) -> None:
        items = [i for i in items if i]
        if items:
            self.blocks.append(Block("bullets", items=items))

    def numbered(self, items) -> None:
        items = [i for i in items if i]
        if items:
            self.blocks.append(Block("numbered", items=items))

    def columns(self, left: list[tuple[str, bool]], right: list[tuple[str, bool]]) -> None:
        """Two centred columns of (line, bold) — a Party document's header, or its signature block."""
        self.blocks.append(Block("columns", items=[left, right]))


def _paragraphs(text: str) -> list[str]:
    """Text split into paragraphs at blank lines or single line breaks, each trimmed, empty ones dropped."""
    return [" ".join(p.split()) for p in (text or "").replace("\r", "").split("\n") if p.strip()]


def attachment(response, filename: str):
    """Mark ``response`` as a download named ``filename`` (ASCII, no quotes)."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
