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


# -- the minutes of a concluded meeting (DOCX) ---------------------------------------------------------------
MINUTES_SECTIONS = ["Thời gian, địa điểm", "Thành phần tham dự", "Nội dung", "Kết luận"]


@pytest.fixture
def minutes_world(world):
    from topics.models import Absentee, MinutesSpeech
    from topics.opinions import MeetingOpinion

    meeting = world.meeting
    meeting.place, meeting.chair, meeting.minutes_secretary = "Hội trường tầng 2", "Nguyễn Chủ Trì", "Lê Thư Ký"
    meeting.agenda = "Quán triệt chuyên đề; thảo luận; kết luận."
    meeting.save()
    Absentee.objects.create(meeting=meeting, name="Trần Vắng Mặt", reason="đi công tác")
    MinutesSpeech.objects.create(meeting=meeting, speaker="Đồng chí Phát Biểu", gist="Nêu gương trong công việc.")
    MeetingOpinion.objects.create(meeting=meeting, author=world.users["member_a"], author_name="Đảng viên A",
                                  text="Câu hỏi OPINIONMIN về tài liệu")
    return world


@pytest.mark.parametrize("role", ROLES)
def test_minutes_docx_in_the_party_layout_for_those_who_may_read_them(minutes_world, role):
    world = minutes_world
    response = world.client(role).get(reverse("topics:meeting-minutes-docx", args=[world.meeting.pk]))
    if role not in VISIBLE["minutes_a"]:
        assert response.status_code in ((302,) if role == "anonymous" else (404,))
        return
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    doc = Document(io.BytesIO(response.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [h for h in headings if h in MINUTES_SECTIONS] == MINUTES_SECTIONS, headings  # all of them, in order
    header, signatures = doc.tables[0], doc.tables[-1]
    header_text = " ".join(c.text for c in header.rows[0].cells)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header_text and "CHI BỘ MA TRẬN A" in header_text
    assert "ĐẢNG BỘ KHỐI MA TRẬN X" in header_text
    sign_text = " ".join(c.text for c in signatures.rows[0].cells)
    assert "CHỦ TRÌ" in sign_text and "THƯ KÝ" in sign_text and "Nguyễn Chủ Trì" in sign_text
    _headings, text = docx_text(response.content)
    assert "BIÊN BẢN" in text and "Hội trường tầng 2" in text and "9/10" in text
    assert "Trần Vắng Mặt — đi công tác" in text and "Đồng chí Phát Biểu" in text
    assert TOKENS["minutes_a"] in text and TOKENS["conclusion_a"] in text
    assert "OPINIONMIN" in text  # everyone who may read these minutes is of the cell or above it


def test_minutes_of_a_public_meeting_leave_out_the_members_opinions_for_outsiders(world):
    from topics.models import MeetingStatus
    from topics.opinions import MeetingOpinion

    meeting = world.public_meeting
    MeetingOpinion.objects.create(meeting=meeting, author_name="Đảng viên A", text="Ý kiến OPINIONPUB")
    meeting.status, meeting.conclusion = MeetingStatus.CONCLUDED, "Kết luận công khai."
    meeting.save()
    url = reverse("topics:meeting-minutes-docx", args=[meeting.pk])
    outsider = world.client("member_b").get(url)
    assert outsider.status_code == 200 and "OPINIONPUB" not in docx_text(outsider.content)[1]
    assert "OPINIONPUB" in docx_text(world.client("member_a").get(url).content)[1]


def test_minutes_exist_only_for_a_concluded_meeting(world):
    from topics.models import MeetingStatus

    world.meeting.status = MeetingStatus.HELD
    world.meeting.save()
    response = world.client("secretary_a").get(reverse("topics:meeting-minutes-docx", args=[world.meeting.pk]))
    assert response.status_code == 404
