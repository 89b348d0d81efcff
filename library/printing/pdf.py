"""Render a :class:`~library.printing.Printable` as PDF with fpdf2 (pure Python).

Vietnamese needs a font with every toned letter: the DejaVu Serif files vendored in ``fonts/`` (licence
beside them) are embedded, subset, in each PDF — never a system font, which a fresh machine may lack.
Headings become PDF outline entries (bookmarks), so a reader lists the sections.
"""
from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from library.printing import Printable

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSerif"
FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}
ALIGN = {"left": Align.L, "center": Align.C, "right": Align.R, "justify": Align.J}
BODY, LINE = 11.5, 6.2
HEADING_SIZES = {1: 14, 2: 12.5, 3: 12}


class _Document(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.set_margins(25, 20, 18)
        self.set_auto_page_break(True, margin=18)
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONT_DIR / name))
        self.set_title(title)
        self.set_lang("vi-VN")
        self.set_creator("Sổ tay chuyên đề")
        self.add_page()

    def footer(self):
        self.set_y(-12)
        self.set_font(FAMILY, "", 8.5)
        self.cell(0, 5, str(self.page_no()), align=Align.C)


def _columns(pdf: _Document, left, right) -> None:
    width = pdf.epw / 2
    top, bottoms = pdf.get_y(), []
    for index, lines in enumerate((left, right)):
        pdf.set_xy(pdf.l_margin + index * width, top)
        for line, bold in lines:
            pdf.set_font(FAMILY, "B" if bold else "", BODY)
            pdf.set_x(pdf.l_margin + index * width)
            pdf.multi_cell(width, LINE, line, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms) + LINE / 2)


def render(printable: Printable) -> bytes:
    pdf = _Document(printable.title)
    for block in printable.blocks:
        pdf.set_x(pdf.l_margin)
        if block.kind == "heading":
            pdf.ln(LINE / 3)
            pdf.start_section(block.text[:120], level=min(block.level, 3) - 1)
            pdf.set_font(FAMILY, "B", HEADING_SIZES.get(block.level, 12))
            pdf.multi_cell(0, LINE + 1, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(LINE / 4)
        elif block.kind == "title":
            pdf.ln(LINE / 2)
            pdf.set_font(FAMILY, "B", 14)
            pdf.multi_cell(0, LINE + 1, block.text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif block.kind == "paragraph":
            pdf.set_font(FAMILY, ("B" if block.bold else "") + ("I" if block.italic and not block.bold else ""), BODY)
            pdf.multi_cell(0, LINE, block.text, align=ALIGN.get(block.align, Align.J),
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(LINE / 4)
        elif block.kind in ("bullets", "numbered"):
            pdf.set_font(FAMILY, "", BODY)
            for number, item in enumerate(block.items, 1):
                mark = f"{number}." if block.kind == "numbered" else "•"
                pdf.set_x(pdf.l_margin)
                pdf.cell(8, LINE, mark)
                pdf.multi_cell(0, LINE, item, align=Align.J, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(LINE / 4)
        elif block.kind == "columns":
            _columns(pdf, *block.items)
    return bytes(pdf.output())
