"""CSV, XLSX and DOCX versions of the report: the same numbers as the JSON, Vietnamese headers.

Committees paste these into their own spreadsheets, so the tables are plain: one header row, one row
per cell, one totals row ("Tổng cộng"), no merged cells. Rates stay fractions 0..1 exactly as in the
JSON (XLSX shows them as percentages through the cell format only); an empty cell means "no data".
The CSV starts with a UTF-8 byte-order mark, which Excel needs to read Vietnamese correctly.
"""
from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from topics.models import Level
from topics.reports.formatting import dec as _dec
from topics.reports.formatting import pct as _pct
from topics.reports.selectors import Report
from vntext.text import fold

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RATE_COLUMNS = {"attendance_rate", "on_time_materials", "on_time_outcomes", "materials_read"}


def columns(report: Report | None = None) -> list[tuple[str, str]]:
    """(key, Vietnamese header) of every exported column, in order. The year level (whole-year reports) and the
    adoption figures (for staff of the đảng bộ and above) come last, after the columns exported before them."""
    extra = []
    if report is not None and not report.quarter:
        extra.append(("year_level", _("Xếp loại năm")))
    if report is not None and report.adoption is not None:
        extra += [("members", _("Số đảng viên (theo biên bản)")), ("accounts", _("Đảng viên có tài khoản")),
                  ("signed_in", _("Đảng viên đăng nhập trong kỳ")),
                  ("materials_read", _("Tỷ lệ đọc tài liệu bắt buộc trước buổi sinh hoạt"))]
    return base_columns() + extra


def base_columns() -> list[tuple[str, str]]:
    return [
        ("cell", _("Chi bộ")),
        ("meetings", _("Số buổi sinh hoạt chuyên đề")),
        ("quarters_missing", _("Quý không sinh hoạt")),
        ("tot", _("Xếp loại Tốt")),
        ("kha", _("Xếp loại Khá")),
        ("trung_binh", _("Xếp loại Trung bình")),
        ("kem", _("Xếp loại Kém")),
        ("unscored", _("Chưa chấm điểm")),
        ("average_score", _("Điểm bình quân")),
        ("attendance_rate", _("Tỷ lệ dự họp")),
        ("on_time_materials", _("Tỷ lệ gửi tài liệu đúng hạn")),
        ("on_time_outcomes", _("Tỷ lệ đăng kết quả đúng hạn")),
        ("open_tasks", _("Nhiệm vụ chưa xong")),
        ("overdue_tasks", _("Nhiệm vụ quá hạn")),
        ("topics", _("Chủ đề")),
        ("average_per_cell", _("Bình quân số buổi mỗi chi bộ")),
    ]


def _cell_values(row: dict) -> dict:
    values = dict(row)
    values.update(row["ratings"])
    values["quarters_missing"] = ", ".join(str(q) for q in row["quarters_missing"])
    values["topics"] = "; ".join(row["topics"])
    values["average_per_cell"] = None
    values["year_level"] = str(Level(row["year_level"]).label) if row.get("year_level") else None
    values.update(row.get("adoption") or {})
    return values


FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def _safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table(report: Report) -> tuple[list[str], list[list]]:
    """Headers and rows (cells, then totals), values as in the JSON (None = empty).

    Names and topics are typed by people; one starting with "=" would become a live formula in
    Excel, so such text is neutralised with a leading apostrophe (numbers are never touched).
    """
    data = report.as_dict()
    keys = [k for k, _label in columns(report)]
    rows = [[_safe(_cell_values(c)[k]) for k in keys] for c in data["cells"]]
    totals = dict(data)
    totals.update(data["ratings"])
    totals["year_level"] = None
    totals.update(data["adoption"] or {})
    totals["meetings"] = data["total_meetings"]
    totals["cell"] = _("Tổng cộng (%(n)d chi bộ)") % {"n": data["cells_count"]}
    totals["quarters_missing"] = _("%(n)d chi bộ đủ các quý") % {"n": data["compliant_cells"]}
    totals["topics"] = "; ".join(t["topic"] for t in data["top_topics"])
    rows.append([_safe(totals[k]) for k in keys])
    return [label for _k, label in columns(report)], rows


def filename(report: Report, ext: str) -> str:
    period = f"{report.year}" + (f"-quy-{report.quarter}" if report.quarter else "")
    slug = "-".join(fold(report.org.name).split())[:60]
    return f"bao-cao-shcd-{slug}-{period}.{ext}"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    ascii_name = name.encode("ascii", "ignore").decode() or "bao-cao"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return response


def csv_response(report: Report) -> HttpResponse:
    headers, rows = table(report)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename(report, "csv"))


def xlsx_bytes(report: Report) -> bytes:
    """The same table as the CSV, in a streaming (write-only) workbook: fast for 1,000-cell reports."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    headers, rows = table(report)
    keys = [k for k, _label in columns(report)]
    rate_idx = {i for i, k in enumerate(keys) if k in RATE_COLUMNS}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Báo cáo")[:31])
    for idx, key in enumerate(keys, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = 40 if key in ("cell", "topics") else 14
    ws.freeze_panes = "B2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def styled(value, is_bold=False, rate=False):
        cell = WriteOnlyCell(ws, value=value)
        if is_bold:
            cell.font = bold
        if rate:
            cell.number_format = "0.0%"
        return cell

    header = [styled(h, True) for h in headers]
    for cell in header:
        cell.alignment = wrap
    ws.append(header)
    last = len(rows) - 1
    for n, row in enumerate(rows):
        if n == last:
            ws.append([styled(v, True, i in rate_idx) for i, v in enumerate(row)])
        else:
            ws.append([styled(v, rate=True) if i in rate_idx and v is not None else v for i, v in enumerate(row)])
    info = wb.create_sheet(_("Thông tin"))
    period = _("Quý %(q)d/%(y)d") % {"q": report.quarter, "y": report.year} if report.quarter else str(report.year)
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 60
    for label, value in ((_("Tổ chức"), report.org.name), (_("Kỳ báo cáo"), period),
                         (_("Lập lúc"), timezone.localtime().strftime("%H:%M %d/%m/%Y"))):
        info.append([label, value])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(report: Report) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(report), content_type=XLSX_TYPE), filename(report, "xlsx"))


# -- the annual report a đảng bộ sends upward ------------------------------------------------

def _fill_cell(tc, text: str, bold: bool = False):
    """Write ``text`` into a new table cell's empty paragraph with plain lxml.

    python-docx's ``cell.text`` runs several XPath queries per cell (8,000 cells took seconds);
    an empty cell always holds exactly one ``w:p``, so one run with one text node is all it needs.
    """
    from docx.oxml.ns import qn
    from lxml import etree

    run = etree.SubElement(tc.find(qn("w:p")), qn("w:r"))
    if bold:
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:b"))
    t = etree.SubElement(run, qn("w:t"))
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text


def docx_bytes(report: Report) -> bytes:
    """The annual summary (báo cáo kết quả sinh hoạt chuyên đề), built from the same figures."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    data = report.as_dict()
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    head = doc.add_paragraph()
    head.add_run(report.org.name.upper()).bold = True
    head.add_run("\n" + _("Số: …/BC"))
    date_line = doc.add_paragraph(_("ngày %(d)s") % {"d": timezone.localdate().strftime("%d/%m/%Y")})
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    period = (_("quý %(q)d năm %(y)d") % {"q": report.quarter, "y": report.year} if report.quarter
              else _("năm %(y)d") % {"y": report.year})
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_("BÁO CÁO")).bold = True
    title.add_run("\n" + _("Kết quả sinh hoạt chuyên đề %(period)s") % {"period": period}).bold = True

    doc.add_heading(_("I. Kết quả chung"), level=2)
    ratings = data["ratings"]
    scored = sum(ratings.values())
    doc.add_paragraph(
        _("Toàn đảng bộ có %(cells)d chi bộ; đã tổ chức %(n)d kỳ sinh hoạt chuyên đề (bình quân mỗi chi bộ "
          "đạt %(avg)s kỳ). %(ok)d/%(cells)d chi bộ sinh hoạt chuyên đề đủ các quý (%(okp)s).")
        % {"cells": data["cells_count"], "n": data["total_meetings"], "avg": _dec(data["average_per_cell"]),
           "ok": data["compliant_cells"], "okp": _pct(data["compliant_share"])})
    doc.add_paragraph(
        _("Xếp loại chất lượng (%(scored)d kỳ được chấm điểm): Tốt %(tot)d, Khá %(kha)d, Trung bình %(tb)d, "
          "Kém %(kem)d; điểm bình quân %(avg)s. Tỷ lệ đảng viên dự họp %(att)s; gửi tài liệu trước ít nhất "
          "1 ngày %(mat)s; đăng kết quả trong 2 ngày %(out)s. Nhiệm vụ sau sinh hoạt: %(open)d chưa xong, "
          "trong đó %(overdue)d quá hạn.")
        % {"scored": scored, "tot": ratings["tot"], "kha": ratings["kha"], "tb": ratings["trung_binh"],
           "kem": ratings["kem"], "avg": _dec(data["average_score"], 1), "att": _pct(data["attendance_rate"]),
           "mat": _pct(data["on_time_materials"]), "out": _pct(data["on_time_outcomes"]),
           "open": data["open_tasks"], "overdue": data["overdue_tasks"]})
    if data["year_levels"]:
        y = data["year_levels"]
        doc.add_paragraph(_("Xếp loại năm của các chi bộ (theo điều kiện của phiếu chấm điểm): Tốt %(tot)d, Khá "
                            "%(kha)d, Trung bình %(tb)d, Kém %(kem)d.")
                          % {"tot": y["tot"], "kha": y["kha"], "tb": y["trung_binh"], "kem": y["kem"]})
    if data["top_topics"]:
        doc.add_paragraph(_("Các chủ đề được sinh hoạt nhiều nhất:"))
        for t in data["top_topics"]:
            doc.add_paragraph(_("%(topic)s: %(n)d kỳ") % {"topic": t["topic"], "n": t["meetings"]},
                              style="List Bullet")

    doc.add_heading(_("II. Kết quả từng chi bộ"), level=2)
    heads = [_("Chi bộ"), _("Số kỳ"), _("Quý thiếu"), _("Tốt/Khá/TB/Kém"), _("Điểm BQ"), _("Dự họp"),
             _("Tài liệu đúng hạn"), _("Kết quả đúng hạn")]
    body = []
    for c in data["cells"]:
        r = c["ratings"]
        body.append([c["cell"], str(c["meetings"]), ", ".join(map(str, c["quarters_missing"])) or "—",
                     f"{r['tot']}/{r['kha']}/{r['trung_binh']}/{r['kem']}", _dec(c["average_score"], 1),
                     _pct(c["attendance_rate"]), _pct(c["on_time_materials"]), _pct(c["on_time_outcomes"])])
    # Create every row at once and fill the cells through the XML rows: python-docx's row.cells
    # re-walks the whole table each time, which made a 1,000-cell report take seconds.
    tbl = doc.add_table(rows=1 + len(body), cols=len(heads))
    tbl.style = "Table Grid"
    for row_no, (tr, values) in enumerate(zip(tbl._tbl.tr_lst, [heads, *body])):
        for tc, text in zip(tr.tc_lst, values):
            _fill_cell(tc, text, bold=row_no == 0)

    missing = [c for c in data["cells"] if c["quarters_missing"]]
    doc.add_heading(_("III. Tồn tại, hạn chế và kiến nghị"), level=2)
    if missing:
        doc.add_paragraph(_("Chi bộ chưa sinh hoạt chuyên đề đủ các quý: %(names)s.")
                          % {"names": "; ".join(f"{c['cell']} (quý {', '.join(map(str, c['quarters_missing']))})"
                                                for c in missing)})
    else:
        doc.add_paragraph(_("Tất cả chi bộ đều sinh hoạt chuyên đề đủ các quý."))
    doc.add_paragraph(_("(Đảng bộ bổ sung nhận xét và kiến nghị.)"))
    sign = doc.add_paragraph(_("T/M ĐẢNG ỦY"))
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_response(report: Report) -> HttpResponse:
    return _attachment(HttpResponse(docx_bytes(report), content_type=DOCX_TYPE), filename(report, "docx"))
