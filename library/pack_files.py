""""Tải gói chuyên đề": a session pack as one printable DOCX and one PDF.

The file holds the pack (its particulars and purpose), its guide, the discussion questions, the suggested
conclusion and the full text of each material the pack includes — only the materials the requesting user may
see, and only when they may see the pack itself (the same 404 / login answer as the pack's page).
"""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from library.models import ItemType, LibraryItem, Visibility
from library.packs import pack_materials
from library.printing import DOCX_TYPE, PDF_TYPE, Printable, attachment
from library.printing import docx as docx_renderer
from library.printing import pdf as pdf_renderer
from organizations.access import Viewer
from vntext.html_text import html_to_text
from vntext.kinds import kind_name
from vntext.text import fold


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def item_heading(item: LibraryItem) -> str:
    """"Chỉ thị 10-CT/TW — title" (the kind named as vntext.kinds resolves it)."""
    name = kind_name(item.kind, item.title) if item.kind else ""
    number = " ".join(p for p in (name, item.symbol) if p)
    return f"{number} — {item.title}" if number else item.title


def _stream_blocks(doc: Printable, sections) -> None:
    raw = getattr(sections, "raw_data", None) or []
    for block in raw:
        kind, value = block.get("type"), block.get("value")
        if kind == "heading" and value:
            doc.heading(str(value), level=3)
        elif kind == "text":
            doc.paragraph(html_to_text(str(value or "")))
        elif kind == "quote" and isinstance(value, dict):
            doc.paragraph(value.get("text", ""), italic=True)
            if value.get("source"):
                doc.paragraph(f"({value['source']})", italic=True, align="right")
        elif kind in ("questions", "key_points") and isinstance(value, list):
            items = [v.get("value") if isinstance(v, dict) else v for v in value]
            doc.bullets([str(i) for i in items if i])


def add_item_text(doc: Printable, item: LibraryItem) -> None:
    """The readable text of an item: its particulars, summary, guide sections and full text."""
    particulars = [p for p in (item.issuer.name, _("ngày %(d)s") % {"d": _date(item.issued_on)}) if p]
    doc.paragraph(", ".join(particulars), italic=True, align="left")
    if item.summary:
        doc.paragraph(item.summary)
    if item.sections:
        _stream_blocks(doc, item.sections)
    if item.body:
        doc.paragraph(html_to_text(item.body))


def build_pack(pack: LibraryItem, viewer: Viewer) -> Printable:
    doc = Printable(pack.title)
    doc.document_title(_("Gói chuyên đề"), pack.title)
    doc.paragraph(", ".join(p for p in (pack.issuer.name, _("ngày %(d)s") % {"d": _date(pack.issued_on)}) if p),
                  align="center")
    topics = ", ".join(sorted(t.name for t in pack.tags.all()))
    if topics:
        doc.paragraph(_("Chủ đề: %(t)s") % {"t": topics}, align="center")
    if pack.summary:
        doc.paragraph(pack.summary)
    if pack.purpose:
        doc.heading(_("Mục đích, yêu cầu"))
        doc.paragraph(pack.purpose)
    visible = viewer.library_items()
    materials = pack_materials(pack, visible)
    guide = next((m for m in materials if m.pk == pack.guide_id), None)
    if guide is not None:
        doc.heading(_("Tài liệu hướng dẫn"))
        doc.heading(item_heading(guide), level=2)
        add_item_text(doc, guide)
    questions = [q.strip() for q in pack.discussion_questions.splitlines() if q.strip()]
    if questions:
        doc.heading(_("Câu hỏi thảo luận"))
        doc.numbered(questions)
    if pack.conclusion_template:
        doc.heading(_("Gợi ý kết luận"))
        doc.paragraph(pack.conclusion_template)
    required = [m for m in materials if m.pk != pack.guide_id]
    if required:
        doc.heading(_("Tài liệu bắt buộc đọc"))
        doc.numbered([item_heading(m) for m in required])
        for item in required:
            doc.heading(item_heading(item), level=2)
            add_item_text(doc, item)
    return doc


def _pack_for(request, pk):
    """(pack, None) when the user may see it, else (None, the response: login page or 404)."""
    viewer = Viewer.for_request(request)
    pack = get_object_or_404(LibraryItem.objects.select_related("issuer"), pk=pk, live=True,
                             item_type=ItemType.SESSION_PACK)
    if not viewer.can_see_item(pack):
        if pack.visibility == Visibility.INTERNAL and not viewer.is_authenticated:
            return None, redirect_to_login(request.get_full_path())
        raise Http404
    return pack, None


def _file_name(pack: LibraryItem, ext: str) -> str:
    return f"goi-chuyen-de-{slugify(fold(pack.title))[:60] or pack.pk}.{ext}"


def _pack_file(request, pk, render, content_type: str, ext: str):
    pack, denied = _pack_for(request, pk)
    if denied:
        return denied
    body = render(build_pack(pack, Viewer.for_request(request)))
    return attachment(HttpResponse(body, content_type=content_type), _file_name(pack, ext))


def pack_docx(request, pk):
    return _pack_file(request, pk, docx_renderer.render, DOCX_TYPE, "docx")


def pack_pdf(request, pk):
    return _pack_file(request, pk, pdf_renderer.render, PDF_TYPE, "pdf")
