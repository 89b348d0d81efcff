"""Reading a DOCX typed in a TCVN3 font (issue 18): a normal-weight .VnTime run is not upper-cased."""
import docx
from docx.shared import Pt

from library.file_readers import read_file
from vntext.encodings import encode_tcvn3


def test_tcvn3_docx_in_a_normal_font_keeps_its_case(tmp_path):
    path = tmp_path / "huong-dan-88.docx"
    d = docx.Document()
    for line, font in (("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", ".VnTimeH"), ("Số 88-HD/ĐUK", ".VnTime"),
                       ("Hướng dẫn sinh hoạt chuyên đề năm 2026", ".VnTime")):
        run = d.add_paragraph().add_run(encode_tcvn3(line).decode("latin-1"))
        run.font.name, run.font.size = font, Pt(13)
    d.save(str(path))
    text = read_file(path).text
    assert "Số 88-HD/ĐUK" in text and "SỐ 88-HD/ĐUK" not in text
    assert "Hướng dẫn sinh hoạt chuyên đề năm 2026" in text
    assert "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH" in text
