"""Render a :class:`~library.printing.Printable` as DOCX (python-docx): Times New Roman 13 pt on A4, as Party
documents are typed; headings use Word's heading styles, so the navigation pane lists the sections."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from library.printing import Printable

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
FONT = "Times New Roman"


def _font(style, size: float, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)  # Word otherwise falls back to another font for Vietnamese letters


def _new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _font(doc.styles["Normal"], 13)
    for level, size in ((1, 14), (2, 13), (3, 13)):
        _font(doc.styles[f"Heading {level}"], size, bold=True)
    _font(doc.styles["Title"], 14, bold=True)
    return doc


def _columns(doc, left, right) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, lines in zip(table.rows[0].cells, (left, right)):
        cell.paragraphs[0].text = ""
        for i, (line, bold) in enumerate(lines):
            para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(line)
            run.bold = bold


def render(printable: Printable) -> bytes:
    doc = _new_document()
    doc.core_properties.title = printable.title
    doc.core_properties.language = "vi-VN"
    for block in printable.blocks:
        if block.kind == "heading":
            doc.add_heading(block.text, level=min(block.level, 3))
        elif block.kind == "title":
            para = doc.add_paragraph(style="Title")
            para.alignment = ALIGN["center"]
            para.add_run(block.text).bold = True
        elif block.kind == "paragraph":
            para = doc.add_paragraph()
            para.alignment = ALIGN.get(block.align, ALIGN["justify"])
            run = para.add_run(block.text)
            run.bold, run.italic = block.bold, block.italic
        elif block.kind in ("bullets", "numbered"):
            style = "List Bullet" if block.kind == "bullets" else "List Number"
            for item in block.items:
                doc.add_paragraph(item, style=style)
        elif block.kind == "columns":
            _columns(doc, *block.items)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
