"""Print-ready files (issue 18): the session pack as DOCX and PDF, the minutes of a concluded meeting as DOCX.

Files are opened as a user would (python-docx, pypdf) and checked for their sections; each role of the privacy
world (tests/access/conftest.py) gets only what it may see: a material's text is in the pack file only for
roles that may read that material, and a pack or minutes a role may not see answers 404 (or the login page).
"""
from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from library.models import ItemType, Visibility
from library.printing import DOCX_TYPE, PDF_TYPE
from tests.access.conftest import ROLES, TOKENS, VISIBLE
from tests.factories import LibraryItemFactory, RelationFactory

PACK_SECTIONS = ["Mục đích, yêu cầu", "Tài liệu hướng dẫn", "Câu hỏi thảo luận", "Tài liệu bắt buộc đọc"]


@pytest.fixture
def pack(world):
    guide = LibraryItemFactory(item_type=ItemType.STUDY_GUIDE, kind="", symbol="", visibility=Visibility.PUBLIC,
                               title="Tài liệu hướng dẫn nghiên cứu chuyên đề nêu gương",
                               body="<p>Phần hướng dẫn HUONGDANTOKEN cho báo cáo viên.</p>")
    pack = LibraryItemFactory(
        item_type=ItemType.SESSION_PACK, kind="", symbol="", visibility=Visibility.PUBLIC, guide=guide,
        title="Gói chuyên đề quý II: trách nhiệm nêu gương của đảng viên",
        purpose="Nắm vững nội dung; liên hệ bản thân.",
        discussion_questions="Đồng chí đã nêu gương ở cơ quan như thế nào?\nCần làm gì để khắc phục hạn chế?",
        conclusion_template="Chi bộ thống nhất thực hiện nghiêm túc.")
    for order, key in enumerate(["public", "internal", "restricted_a"]):
        RelationFactory(source=pack, target=world.items[key], relation_type="includes", sort_order=order)
    return pack


def docx_text(content: bytes) -> tuple[list[str], str]:
    doc = Document(io.BytesIO(content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return headings, "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_text(content: bytes) -> tuple[list[str], str]:
    reader = PdfReader(io.BytesIO(content))
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    return outline, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("role", ROLES)
def test_pack_files_hold_the_sections_and_only_what_the_role_may_read(world, pack, role):
    client = world.client(role)
    for name, content_type, reader in (("library:pack-docx", DOCX_TYPE, docx_text),
                                       ("library:pack-pdf", PDF_TYPE, pdf_text)):
        response = client.get(reverse(name, args=[pack.pk]))
        assert response.status_code == 200 and response["Content-Type"] == content_type, (name, role)
        assert "attachment;" in response["Content-Disposition"]
        headings, text = reader(response.content)
        for section in PACK_SECTIONS:
            assert section in headings, (name, role, section, headings)
        assert "Gói chuyên đề quý II: trách nhiệm nêu gương của đảng viên" in " ".join(text.split())
        assert "HUONGDANTOKEN" in text and "Đồng chí đã nêu gương ở cơ quan như thế nào?" in " ".join(text.split())
        for key in ("public", "internal", "restricted_a"):
            assert (TOKENS[key] in text) == (role in VISIBLE[key]), (name, role, key)


@pytest.mark.parametrize("role", ROLES)
def test_a_restricted_pack_file_is_404_outside_its_audience(world, role):
    pack = LibraryItemFactory(item_type=ItemType.SESSION_PACK, kind="", symbol="", title="Gói riêng của chi bộ A",
                              visibility=Visibility.RESTRICTED, allowed=[world.cell_a])
    response = world.client(role).get(reverse("library:pack-pdf", args=[pack.pk]))
    assert response.status_code == (200 if role in VISIBLE["restricted_a"] else 404)


def test_the_pack_page_links_both_printable_files(world, pack):
    html = world.client("anonymous").get(pack.get_absolute_url()).content.decode()
    assert reverse("library:pack-docx", args=[pack.pk]) in html and reverse("library:pack-pdf", args=[pack.pk]) in html
    assert f'type="{DOCX_TYPE}"' in html and f'type="{PDF_TYPE}"' in html
