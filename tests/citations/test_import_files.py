"""``manage.py import_files``: real files in, metadata read from their headers, broken files reported."""
import datetime as dt
import hashlib
import shutil
from io import StringIO
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from docx.shared import Pt
from pypdf import PdfReader, PdfWriter

from library.models import Citation, ItemAttachment, ItemType, LibraryItem
from organizations.models import Organization
from vntext.encodings import encode_tcvn3, encode_vni

pytestmark = pytest.mark.django_db

FIXTURE_PDF = Path(__file__).parents[1] / "fixtures" / "files" / "huong-dan-sinh-hoat.pdf"

PLAIN_DOC = """ĐẢNG BỘ TỈNH THANH HÓA          ĐẢNG CỘNG SẢN VIỆT NAM
TỈNH ỦY                          Thanh Hóa, ngày 12 tháng 3 năm 2019
*
Số 16-NQ/TU
NGHỊ QUYẾT
về đổi mới, nâng cao chất lượng sinh hoạt chi bộ
-----
Căn cứ Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương, Tỉnh ủy quyết nghị:
1. Các chi bộ sinh hoạt chuyên đề mỗi quý một lần.
T/M TỈNH ỦY
BÍ THƯ
Lê Văn Hùng
"""


def _docx(path: Path, *, legacy_font: str = ""):
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "BAN CHẤP HÀNH TRUNG ƯƠNG"
    left.add_paragraph("*")
    left.add_paragraph("Số 10-CT/TW")
    right.paragraphs[0].text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Hà Nội, ngày 30 tháng 3 năm 2007")
    d.add_paragraph("CHỈ THỊ")
    d.add_paragraph("VỀ NÂNG CAO CHẤT LƯỢNG SINH HOẠT CHI BỘ")
    body = "Thực hiện Hướng dẫn số 09-HD/BTCTW, các chi bộ đổi mới nội dung sinh hoạt."
    p = d.add_paragraph()
    if legacy_font:
        run = p.add_run(encode_tcvn3(body).decode("latin-1"))
        run.font.name = legacy_font
        run.font.size = Pt(13)
    else:
        p.add_run(body)
    d.add_paragraph("T/M BAN BÍ THƯ")
    d.add_paragraph("Nguyễn Văn Minh")
    d.save(str(path))


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "kho"
    (root / "con").mkdir(parents=True)
    shutil.copy(FIXTURE_PDF, root / "huong-dan.pdf")
    shutil.copy(FIXTURE_PDF, root / "con" / "ban-sao.pdf")  # same bytes: a duplicate
    _docx(root / "chi-thi.docx")
    (root / "nghi-quyet-tcvn3.txt").write_bytes(encode_tcvn3(PLAIN_DOC))
    (root / "nghi-quyet-vni.txt").write_bytes(encode_vni(PLAIN_DOC.replace("16-NQ/TU", "17-NQ/TU")))
    (root / "trang.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Tin sinh hoạt chi bộ</title>"
        "<script>alert('x')</script></head><body><h1>Chi bộ học tập Chỉ thị 05</h1>"
        "<p>Ngày 15/5/2024, chi bộ triển khai Kết luận 01 của Bộ Chính trị.</p></body></html>", encoding="utf-8")
    (root / "ghi-chu.md").write_text("# Gợi ý chuyên đề quý II\n\nBám sát **Nghị quyết 57** của Bộ Chính trị.\n",
                                     encoding="utf-8")
    data = FIXTURE_PDF.read_bytes()
    (root / "hong.pdf").write_bytes(data[: len(data) // 2])
    (root / "rong.txt").write_bytes(b"")
    (root / "khong-phai.pdf").write_text("đây không phải PDF", encoding="utf-8")
    (root / "gia.docx").write_bytes(data)
    writer = PdfWriter()
    for page in PdfReader(str(FIXTURE_PDF)).pages:
        writer.add_page(page)
    writer.encrypt("mat-khau-rieng")
    with (root / "ma-hoa.pdf").open("wb") as fh:
        writer.write(fh)
    (root / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    (root / ".an").write_text("tệp ẩn bị bỏ qua", encoding="utf-8")
    return root


def run(*args):
    out = StringIO()
    error = None
    try:
        call_command("import_files", *map(str, args), stdout=out, stderr=StringIO())
    except CommandError as exc:
        error = exc
    return out.getvalue(), error


def test_import_a_folder(folder):
    out, error = run(folder, "--topic", "Sinh hoạt chi bộ")
    assert error is not None  # broken files make the exit status non-zero, after the batch
    assert "file: created 6, updated 0, unchanged 1, failed 6" in out, out
    for name, reason in [("hong.pdf", "cắt cụt"), ("rong.txt", "rỗng"), ("khong-phai.pdf", "sai phần mở rộng"),
                         ("gia.docx", "sai phần mở rộng"), ("ma-hoa.pdf", "mật khẩu"), ("cu.doc", ".doc")]:
        assert any(name in line and reason in line for line in out.splitlines()), (name, out)
    assert "ban-sao.pdf" in out and "trùng" in out

    pdf = LibraryItem.objects.get(symbol="09-HD/ĐUK")
    assert (pdf.kind, pdf.item_type, pdf.live, pdf.visibility) == ("HD", ItemType.DOCUMENT, True, "internal")
    assert pdf.issuer.name == "Đảng ủy Khối các cơ quan tỉnh"
    assert pdf.issued_on == dt.date(2018, 7, 6)
    assert pdf.title == "Về tổ chức sinh hoạt chuyên đề của chi bộ"
    assert pdf.signer == "Trần Thị Minh"
    assert pdf.fingerprint == hashlib.sha256(FIXTURE_PDF.read_bytes()).hexdigest()
    assert "<p>Thực hiện Chỉ thị số 10-CT/TW" in pdf.body
    assert [t.name for t in pdf.tags.all()] == ["Sinh hoạt chi bộ"]
    attachment = ItemAttachment.objects.get(item=pdf)
    assert attachment.document.file.read() == FIXTURE_PDF.read_bytes()
    cited = {c.symbol or c.raw: c for c in Citation.objects.filter(source=pdf)}
    assert {"10-CT/TW", "12-HD/BTCTW", "03-HD/ĐUK", "Nghị quyết 01", "11"} <= set(cited)
    assert cited["03-HD/ĐUK"].suggested_relation == "replaces"
    assert "Đảng ủy Khối các cơ quan tỉnh" in out  # new organisation listed

    ct = LibraryItem.objects.get(symbol="10-CT/TW")
    assert (ct.kind, ct.issuer.name, ct.issued_on, ct.signer) == ("CT", "Ban Chấp hành Trung ương",
                                                                    dt.date(2007, 3, 30), "Nguyễn Văn Minh")
    assert ct.title == "Về nâng cao chất lượng sinh hoạt chi bộ"
    assert Citation.objects.get(source=pdf, symbol="10-CT/TW").target == ct  # resolved within the same run

    for symbol in ("16-NQ/TU", "17-NQ/TU"):  # TCVN3 and VNI text files
        nq = LibraryItem.objects.get(symbol=symbol)
        assert nq.issuer.name == "Tỉnh ủy Thanh Hóa" and nq.issued_on == dt.date(2019, 3, 12)
        assert nq.title == "Về đổi mới, nâng cao chất lượng sinh hoạt chi bộ"
        assert "Căn cứ Quy định số 08-QĐi/TW" in nq.body and nq.signer == "Lê Văn Hùng"

    page = LibraryItem.objects.get(title="Tin sinh hoạt chi bộ")  # no header: a draft study guide
    assert (page.item_type, page.live) == (ItemType.STUDY_GUIDE, False)
    assert "alert" not in page.body
    assert Organization.objects.filter(name="Chưa xác định cơ quan ban hành").exists()
    note = LibraryItem.objects.get(title="Gợi ý chuyên đề quý II")
    assert not note.live and "**" not in note.body


def test_reimport_finds_duplicates_and_dry_run_writes_nothing(folder, tmp_path):
    run(folder)
    count = LibraryItem.objects.count()
    out, _error = run(folder)
    # gia.docx holds the bytes of the imported PDF: now it is a duplicate, not a failure
    assert "file: created 0, updated 0, unchanged 8, failed 5" in out
    assert LibraryItem.objects.count() == count

    fresh = tmp_path / "moi"
    fresh.mkdir()
    _docx(fresh / "chi-thi-vntime.docx", legacy_font=".VnTime")
    out, error = run(fresh, "--dry-run", "--issuer", "Đảng ủy Khối thử")
    assert error is None and "--dry-run" in out and "file: created 0, updated 1" in out  # same identity as the DOCX
    assert LibraryItem.objects.count() == count and not Organization.objects.filter(name="Đảng ủy Khối thử").exists()


def test_legacy_font_docx_and_issuer_default(tmp_path):
    folder = tmp_path / "vntime"
    folder.mkdir()
    _docx(folder / "chi-thi.docx", legacy_font=".VnTime")
    (folder / "bai.txt").write_text("Bài viết về sinh hoạt chi bộ\nNội dung không có tiêu đề văn bản.",
                                    encoding="utf-8")
    out, error = run(folder, "--issuer", "Đảng ủy Khối thử", "--visibility", "public")
    assert error is None, out
    ct = LibraryItem.objects.get(symbol="10-CT/TW")
    assert "Thực hiện Hướng dẫn số 09-HD/BTCTW, các chi bộ đổi mới nội dung sinh hoạt." in ct.body
    article = LibraryItem.objects.get(title="Bài viết về sinh hoạt chi bộ")
    assert article.issuer.name == "Đảng ủy Khối thử" and article.visibility == "public"
    assert not article.live  # no date in the file: a draft for staff to complete
    assert "thiếu" in out and "ngày ban hành" in out


def test_restricted_needs_cells(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_files", str(tmp_path), "--visibility", "restricted", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("import_files", str(tmp_path), "--cells", "Chi bộ không tồn tại", stdout=StringIO())
