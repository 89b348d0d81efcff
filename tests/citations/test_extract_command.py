"""``manage.py extract_citations``: JSON lines, legacy encodings, bad files reported without stopping."""
import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vntext.encodings import encode_cp1258, encode_tcvn3, encode_vni

TEXT = ("Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị và Hướng dẫn 12 của Ban Tổ chức "
        "Trung ương, chi bộ họp 10 đảng viên, kinh phí 500.000 đồng.\n")
KEYS = {"file", "raw", "kind", "number", "symbol", "issuer", "issued_on", "start", "end"}


def run(*files):
    out, err = StringIO(), StringIO()
    error = None
    try:
        call_command("extract_citations", *map(str, files), stdout=out, stderr=err)
    except CommandError as exc:
        error = exc
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()], err.getvalue(), error


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"), encode_tcvn3, encode_vni, encode_cp1258,
    lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
])
def test_json_lines_for_every_encoding(tmp_path, encode):
    path = tmp_path / "van-ban.txt"
    path.write_bytes(encode(TEXT))
    rows, err, error = run(path)
    assert error is None and err == ""
    assert [set(r) for r in rows] == [KEYS, KEYS]
    first, second = rows
    assert (first["kind"], first["number"], first["symbol"], first["issuer"], first["issued_on"]) == \
        ("CT", "5", "05-CT/TW", "TW", "2016-05-15")
    assert (second["kind"], second["number"], second["symbol"], second["issuer"], second["issued_on"]) == \
        ("HD", "12", None, "Ban Tổ chức Trung ương", None)
    assert first["file"] == str(path)
    # offsets index the decoded text as it is (decomposed stays decomposed); TCVN3/VNI after conversion
    if encode in (encode_tcvn3, encode_vni):
        decoded = TEXT
    elif encode is encode_cp1258:
        decoded = path.read_bytes().decode("cp1258")
    else:
        decoded = path.read_bytes().decode("utf-8")
    for r in rows:
        assert decoded[r["start"]:r["end"]] == r["raw"]


def test_unreadable_files_are_reported_and_the_rest_still_processed(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(TEXT, encoding="utf-8")
    binary = tmp_path / "anh.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    rows, err, error = run(tmp_path / "khong-co.txt", binary, good)
    assert len(rows) == 2 and all(r["file"] == str(good) for r in rows)
    assert "khong-co.txt" in err and "anh.txt" in err
    assert error is not None  # non-zero exit


def test_pdf_fixture(tmp_path):
    from pathlib import Path

    pdf = Path(__file__).parents[1] / "fixtures" / "files" / "huong-dan-sinh-hoat.pdf"
    rows, err, error = run(pdf)
    assert error is None
    assert ("CT", "10", "10-CT/TW", "2007-03-30") in [(r["kind"], r["number"], r["symbol"], r["issued_on"]) for r in rows]
