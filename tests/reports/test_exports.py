"""CSV and XLSX carry the JSON's numbers (parsed back), with Vietnamese headers; the annual Word report."""
import csv
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.reports.conftest import API

pytestmark = pytest.mark.django_db

HEADERS = ["Chi bộ", "Số buổi sinh hoạt chuyên đề", "Quý không sinh hoạt", "Xếp loại Tốt", "Xếp loại Khá",
           "Xếp loại Trung bình", "Xếp loại Kém", "Chưa chấm điểm", "Điểm bình quân", "Tỷ lệ dự họp",
           "Tỷ lệ gửi tài liệu đúng hạn", "Tỷ lệ đăng kết quả đúng hạn", "Nhiệm vụ chưa xong", "Nhiệm vụ quá hạn",
           "Chủ đề", "Bình quân số buổi mỗi chi bộ"]
BASE = len(HEADERS)  # issue 19 appends its columns after these (tests/scoring/test_reports.py)
YEAR_HEADERS = ["Xếp loại năm"]
ADOPTION_HEADERS = ["Số đảng viên (theo biên bản)", "Đảng viên có tài khoản", "Đảng viên đăng nhập trong kỳ",
                    "Tỷ lệ đọc tài liệu bắt buộc trước buổi sinh hoạt"]


def expected_rows(data):
    """The rows an export must contain, computed from the JSON (None = empty cell)."""
    rows = []
    for c in data["cells"]:
        r = c["ratings"]
        rows.append([c["cell"], c["meetings"], ", ".join(map(str, c["quarters_missing"])), r["tot"], r["kha"],
                     r["trung_binh"], r["kem"], c["unscored"], c["average_score"], c["attendance_rate"],
                     c["on_time_materials"], c["on_time_outcomes"], c["open_tasks"], c["overdue_tasks"],
                     "; ".join(c["topics"]), None])
    return rows


@pytest.fixture
def staff(history, as_user):
    return as_user(history["users"]["staff_root"])


def get_json(client, **params):
    return client.get(API, {"org": "Đảng bộ Khối Thử", "year": 2025, **params}).json()


def test_csv_has_bom_headers_same_numbers_and_totals(staff):
    data = get_json(staff)
    response = staff.get(API, {"org": "Đảng bộ Khối Thử", "year": 2025, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS + YEAR_HEADERS + ADOPTION_HEADERS
    body, totals = [r[:BASE] for r in rows[1:-1]], rows[-1][:BASE]
    expected = [["" if v is None else str(v) for v in row] for row in expected_rows(data)]
    assert body == expected
    assert body[1][:12] == ["Chi bộ Văn phòng 1", "5", "", "1", "2", "2", "0", "0", "73.6", "0.8", "0.8", "0.6"]
    assert totals[0].startswith("Tổng cộng")
    assert totals[1] == "7"
    assert totals[3:13] == ["1", "2", "2", "1", "1", "69.5", "0.811", "0.857", "0.714", "2"]
    assert float(totals[-1]) == pytest.approx(7 / 3)


def test_xlsx_has_same_numbers(staff):
    data = get_json(staff, quarter=4)
    response = staff.get(API, {"org": "Đảng bộ Khối Thử", "year": 2025, "quarter": 4, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == HEADERS + ADOPTION_HEADERS  # a quarter: no year level
    expected = [[None if v == "" else v for v in row] for row in expected_rows(data)]
    assert [r[:BASE] for r in rows[1:-1]] == expected
    assert rows[1:-1][2][:3] == ["Chi bộ Văn phòng 2", 0, "4"]
    totals = rows[-1][:BASE]
    assert totals[0].startswith("Tổng cộng")
    assert totals[1] == 2 and totals[8] == data["average_score"] and totals[11] == 0.5
    assert totals[-1] == pytest.approx(2 / 3)
    # Rates are fractions shown as percentages by the cell format, not rewritten numbers.
    assert ws.cell(row=3, column=10).value == 0.55 and ws.cell(row=3, column=10).number_format == "0.0%"


def test_annual_docx_report(staff):
    response = staff.get("/bao-cao/bao-cao-nam.docx", {"org": "Đảng bộ Khối Thử", "year": 2025})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kết quả sinh hoạt chuyên đề năm 2025" in text
    assert "đã tổ chức 7 kỳ sinh hoạt chuyên đề (bình quân mỗi chi bộ đạt 2,33 kỳ)" in text
    assert "Tốt 1, Khá 2, Trung bình 2, Kém 1" in text
    assert "Chi bộ Văn phòng 2 (quý 2, 4)" in text
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cells[0][0] == "Chi bộ"
    assert ["Chi bộ Văn phòng 1", "5", "—", "1/2/2/0", "73,6", "80,0 %", "80,0 %", "60,0 %"] in cells


def test_docx_for_anonymous_asks_to_log_in(history, client):
    response = client.get("/bao-cao/bao-cao-nam.docx", {"org": "Đảng bộ Khối Thử", "year": 2025})
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_text_that_looks_like_a_formula_is_not_run_by_excel(history, as_user):
    from tests.reports.conftest import meet

    meet(history["tt3"], "2025-03-03 08:00", topic="=HYPERLINK(\"http://x\")")
    client = as_user(history["users"]["staff_root"])
    params = {"org": "Đảng bộ Khối Thử", "year": 2025}
    rows = list(csv.reader(io.StringIO(client.get(API, {**params, "format": "csv"}).content.decode("utf-8-sig"))))
    tt3 = next(r for r in rows if r[0] == "Chi bộ Trực thuộc 3")
    assert tt3[14] == "'=HYPERLINK(\"http://x\")"
    ws = load_workbook(io.BytesIO(client.get(API, {**params, "format": "xlsx"}).content)).worksheets[0]
    cell = next(r for r in ws.iter_rows() if r[0].value == "Chi bộ Trực thuộc 3")[14]
    assert cell.data_type == "s" and cell.value.startswith("'=")
