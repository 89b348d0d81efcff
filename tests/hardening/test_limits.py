"""Issue 14, "No size limits": files, extracted text, bodies and images are bounded, refused with a
Vietnamese reason, and nothing is half-saved; garbled headers create no organization; orphan media files
(e.g. from a killed import) are found and removed."""
from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.documents import get_document_model

from vntext.encodings import encode_tcvn3
from library.issuer_check import plausible_org_name
from library.models import LibraryItem
from tests.citations.test_import_files import FIXTURE_PDF, PLAIN_DOC, _docx
from tests.factories import LibraryItemFactory
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def _import(*paths) -> str:
    out = StringIO()
    try:
        call_command("import_files", *map(str, paths), stdout=out, stderr=StringIO())
    except BaseException:  # noqa: BLE001 — failed files make the command exit non-zero
        pass
    return out.getvalue()


def _nothing_stored(settings):
    assert not LibraryItem.objects.exists()
    assert not get_document_model().objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()], "no file left in media"


def _zip_bomb(path: Path, inflated_mb: int = 30):
    """A real DOCX whose document.xml inflates to ``inflated_mb`` MB of one repeated paragraph."""
    _docx(path)
    with zipfile.ZipFile(path) as src:
        members = {name: src.read(name) for name in src.namelist()}
    paragraph = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
    head, tail = members["word/document.xml"].split(b"<w:body>", 1)
    members["word/document.xml"] = head + b"<w:body>" + paragraph * (inflated_mb * 1024) + tail
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path, settings):
    bomb = tmp_path / "bom.docx"
    _zip_bomb(bomb)
    assert bomb.stat().st_size < 1024 * 1024  # a few hundred KB on disk
    out = _import(bomb)
    assert "bom nén" in out
    _nothing_stored(settings)


def test_a_text_file_over_the_upload_limit_is_refused(tmp_path, settings):
    settings.MAX_UPLOAD_SIZE = 200 * 1024
    big = tmp_path / "dai.txt"
    big.write_text(PLAIN_DOC * 800, encoding="utf-8")  # ~400 KB of real text
    assert big.stat().st_size > 300 * 1024
    out = _import(big)
    assert "tệp quá lớn" in out and "tối đa 0.2 MB" in out
    _nothing_stored(settings)


def test_extracted_text_over_the_limit_is_refused_for_pdf_and_text(tmp_path, settings):
    settings.MAX_EXTRACTED_TEXT = 300
    shutil.copy(FIXTURE_PDF, tmp_path / "huong-dan.pdf")
    (tmp_path / "nghi-quyet.txt").write_text(PLAIN_DOC * 3, encoding="utf-8")
    out = _import(tmp_path)
    assert out.count("văn bản trích ra quá dài") == 2
    _nothing_stored(settings)


def test_import_library_refuses_a_body_over_the_limit(tmp_path, settings):
    settings.MAX_BODY_CHARS = 1000
    line = ('{"type": "document", "kind": "HD", "symbol": "1-HD/TW", "title": "Hướng dẫn dài", "issuer": '
            '"Ban Bí thư", "issued_on": "2024-01-01", "public": true, "body": "' + "x" * 1001 + '"}\n')
    path = tmp_path / "dai.jsonl"
    path.write_text(line, encoding="utf-8")
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("import_library", str(path), stdout=StringIO(), stderr=err)
    assert "dài quá 1000 ký tự" in err.getvalue()
    assert not LibraryItem.objects.exists()


def test_admin_form_refuses_a_body_over_the_limit(settings):
    settings.MAX_BODY_CHARS = 50
    item = LibraryItemFactory.build(body="<p>" + "đ" * 60 + "</p>")
    item.issuer.save()
    item.issuer_id = item.issuer.pk
    with pytest.raises(ValidationError) as info:
        item.clean()
    assert "Toàn văn quá dài" in str(info.value)


def test_document_upload_over_the_limit_is_a_form_error(settings):
    from wagtail.documents.forms import get_document_form

    settings.MAX_UPLOAD_SIZE = 1024
    Form = get_document_form(get_document_model())
    form = Form(data={"title": "Tệp lớn"}, files={"file": SimpleUploadedFile("lon.pdf", b"%PDF-1.4" + b"0" * 2000)})
    assert not form.is_valid()
    assert "Tệp quá lớn" in str(form.errors["file"])


def test_pillow_refuses_a_decompression_bomb(settings):
    from PIL import Image

    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    buf = io.BytesIO()
    Image.new("1", (10_000, 9_000)).save(buf, "PNG")  # 90 M pixels in a few KB
    buf.seek(0)
    with pytest.raises(Image.DecompressionBombError):
        Image.open(buf).load()


@pytest.mark.parametrize("name, ok", [
    ("Tỉnh ủy Thanh Hóa", True), ("Ban Tuyên giáo Trung ương", True), ("Đảng bộ Khối các cơ quan tỉnh", True),
    ("Sở Tư pháp", True), ("§¶ng bé tØnh thanh ho¸", False), ("ÑAÛNG BOÄ TÆNH", False), ("Ä\x90áº¢NG Bá»˜", False),
    ("Nghị quyết về công tác", False), ("Ban", False), ("Ban ###### 12345 67890", False),
])
def test_issuer_sanity_check(name, ok):
    assert plausible_org_name(name) is ok


def test_a_garbled_header_creates_no_organization(tmp_path, settings):
    garbled = PLAIN_DOC.replace("ĐẢNG BỘ TỈNH THANH HÓA", "ĐẢNG BỘ TỈNH TH§¶NH HØ¸").replace("TỈNH ỦY", "TØNH ñY")
    (tmp_path / "loi.txt").write_text(garbled, encoding="utf-8")
    before = set(Organization.objects.values_list("name", flat=True))
    out = _import(tmp_path / "loi.txt")
    created = set(Organization.objects.values_list("name", flat=True)) - before
    assert created <= {"Chưa xác định cơ quan ban hành"}, created
    assert "Cơ quan ban hành không đọc được" in out
    assert not LibraryItem.objects.get().live  # waits as a draft under the placeholder issuer


def test_a_readable_unknown_issuer_is_still_created(tmp_path):
    (tmp_path / "nq.txt").write_bytes(encode_tcvn3(PLAIN_DOC))
    _import(tmp_path / "nq.txt")
    assert Organization.objects.filter(name="Tỉnh ủy Thanh Hóa").exists()


def test_clean_media_finds_and_removes_orphans_only(settings, tmp_path):
    (tmp_path / "nq.txt").write_text(PLAIN_DOC, encoding="utf-8")
    _import(tmp_path / "nq.txt")
    media = Path(settings.MEDIA_ROOT)
    kept = [p for p in media.rglob("*") if p.is_file()]
    assert kept, "the imported file is attached"
    orphan = media / "documents" / "bi-bo-lai.pdf"  # what a killed import leaves: a file, no row
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.4 mo coi")
    old = time.time() - 7200
    os.utime(orphan, (old, old))
    out = StringIO()
    call_command("clean_media", stdout=out)
    assert str(orphan) in out.getvalue() and orphan.exists()
    call_command("clean_media", "--delete", stdout=StringIO())
    assert not orphan.exists()
    assert all(p.exists() for p in kept)
