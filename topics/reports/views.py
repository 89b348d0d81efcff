"""Committee dashboard (/bao-cao/), its JSON/CSV/XLSX API and the annual Word report.

Who sees what is decided once, by :func:`topics.reports.selectors.report_scope`: staff of the
organization or of anything above it and superusers see every cell; a secretary sees only their own
cell's row; everybody else is refused (403, or the login page for an anonymous browser).
"""
from __future__ import annotations

from urllib.parse import quote_plus

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from organizations.access import Viewer
from organizations.models import Organization, OrganizationKind
from topics.models import Level
from topics.reports import exports
from topics.reports import formatting as fmt
from topics.reports import html, svg
from topics.reports.params import ParamError, find_org, parse_kind, parse_params, parse_quarter, parse_year
from topics.reports.params import KINDS
from topics.reports.selectors import (COUNTED, LEVELS, cell_meetings, child_summaries, quarter_bounds, report_scope,
                                      reportable_orgs, thematic_meeting_report)


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message, "status": status}, status=status, json_dumps_params={"ensure_ascii": False})


def dashboard_url(org_name: str, year=None, quarter=None, base: str | None = None, kind: str | None = None) -> str:
    """Drill-down link to another organization's dashboard, same period and kind (``base`` saves a reverse())."""
    url = f"{base or reverse('reports:dashboard')}?org={quote_plus(org_name)}"
    if year:
        url += f"&year={year}"
    if quarter:
        url += f"&quarter={quarter}"
    if kind and kind != KINDS[0]:
        url += f"&kind={kind}"
    return url


def meeting_url(pk: int) -> str:
    return reverse("topics:meeting", args=[pk])


def _render_export(report, file_format: str):
    if file_format == "csv":
        return exports.csv_response(report)
    if file_format == "xlsx":
        return exports.xlsx_response(report)
    if file_format == "docx":
        return exports.docx_response(report)
    return JsonResponse(report.as_dict(), json_dumps_params={"ensure_ascii": False})


@require_safe
def api_thematic_meetings(request):
    """GET /api/reports/thematic-meetings/?org=&year=[&quarter=][&format=json|csv|xlsx|docx]."""
    viewer = Viewer.for_request(request)
    if not viewer.is_authenticated:
        return _json_error(_("Bạn cần đăng nhập bằng tài khoản cán bộ đảng ủy để xem báo cáo."), 403)
    try:
        params = parse_params(request.GET)
    except ParamError as exc:
        return _json_error(str(exc), 400)
    org = find_org(params.org_name)
    if org is None:
        return _json_error(_("Không tìm thấy tổ chức đảng “%(name)s”.") % {"name": params.org_name[:255]}, 404)
    scope = report_scope(viewer, org)
    if not scope.allowed:
        return _json_error(_("Bạn không có quyền xem báo cáo của %(name)s.") % {"name": org.name}, 403)
    report = thematic_meeting_report(org, params.year, params.quarter, scope.only_cell_ids, kind=params.kind,
                                     adoption=scope.adoption)
    return _render_export(report, params.format)


@require_safe
def annual_docx(request):
    """/bao-cao/bao-cao-nam.docx?org=&year=: the annual summary a đảng bộ sends upward."""
    viewer = Viewer.for_request(request)
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        params = parse_params(request.GET)
    except ParamError as exc:
        return _page_error(request, str(exc), 400)
    org = find_org(params.org_name)
    if org is None:
        return _page_error(request, _("Không tìm thấy tổ chức đảng “%(name)s”.") % {"name": params.org_name}, 404)
    scope = report_scope(viewer, org)
    if not scope.allowed:
        return _page_error(request, _("Bạn không có quyền xem báo cáo của %(name)s.") % {"name": org.name}, 403)
    return exports.docx_response(thematic_meeting_report(org, params.year, params.quarter, scope.only_cell_ids,
                                                         kind=params.kind, adoption=scope.adoption))


LEVEL_LABELS = {lvl.value: lvl.label for lvl in Level}


def _display_row(row, url: str) -> dict:
    """A cell row with its numbers already strings (the template only prints: 1,000 rows stay fast)."""
    return {"name": row.name, "url": url, "meetings": str(row.meetings), "compliant": row.compliant,
            "missing": ", ".join(map(str, row.quarters_missing)),
            "ratings": {k: str(v) for k, v in row.ratings.items()},
            "average_score": fmt.dec(row.average_score, 1),
            "attendance": fmt.pct(row.attendance_rate), "materials": fmt.pct(row.on_time_materials),
            "outcomes": fmt.pct(row.on_time_outcomes), "open_tasks": str(row.open_tasks),
            "overdue_tasks": str(row.overdue_tasks), "topics": "; ".join(row.topics),
            "year_level": LEVEL_LABELS.get(row.year_level, "—"), "year_level_code": row.year_level or "",
            "adoption": _display_adoption(row.adoption)}


def _display_adoption(adoption: dict | None) -> dict | None:
    if adoption is None:
        return None
    members = adoption["members"]
    return {"accounts": f"{adoption['accounts']}/{members}" if members else str(adoption["accounts"]),
            "signed_in": str(adoption["signed_in"]), "materials_read": fmt.pct(adoption["materials_read"])}


def _display_summary(report) -> dict:
    data = report.as_dict()
    return {"cells": data["cells_count"], "meetings": data["total_meetings"],
            "average_per_cell": fmt.dec(data["average_per_cell"]), "compliant": data["compliant_cells"],
            "compliant_share": fmt.pct(data["compliant_share"]), "average_score": fmt.dec(data["average_score"], 1),
            "attendance": fmt.pct(data["attendance_rate"]), "materials": fmt.pct(data["on_time_materials"]),
            "outcomes": fmt.pct(data["on_time_outcomes"]), "tot_share": fmt.pct(report.tot_share),
            "open_tasks": data["open_tasks"], "overdue_tasks": data["overdue_tasks"], "ratings": data["ratings"],
            "year_levels": data["year_levels"], "adoption": _display_adoption(report.adoption)}


def _page_error(request, message: str, status: int):
    return render(request, "reports/error.html", {"message": message}, status=status)


def _breadcrumbs(viewer, org):
    """Ancestors of ``org`` the viewer may open (one query), then ``org`` itself."""
    ancestors = list(Organization.objects.filter(pk__in=org.ancestor_ids()[:-1]).order_by("depth"))
    return [a for a in ancestors if report_scope(viewer, a).allowed] + [org]


@require_safe
def dashboard(request):
    """/bao-cao/: totals, heatmap, charts and per-cell table; drill-down đảng bộ → cell → meeting."""
    viewer = Viewer.for_request(request)
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    choices = reportable_orgs(viewer)
    if not choices:
        return _page_error(request, _("Trang báo cáo dành cho cán bộ đảng ủy và bí thư chi bộ."), 403)
    try:
        year = parse_year(request.GET.get("year") or request.GET.get("nam"))
        quarter = parse_quarter(request.GET.get("quarter") or request.GET.get("quy"))
        kind = parse_kind(request.GET.get("kind"))
    except ParamError as exc:
        return _page_error(request, str(exc), 400)
    org_name = (request.GET.get("org") or "").replace("\x00", "").strip()[:255]
    org = find_org(org_name) if org_name else choices[0]
    if org is None:
        return _page_error(request, _("Không tìm thấy tổ chức đảng “%(name)s”.") % {"name": org_name}, 404)
    scope = report_scope(viewer, org)
    if not scope.allowed:
        return _page_error(request, _("Bạn không có quyền xem báo cáo của %(name)s.") % {"name": org.name}, 403)

    report = thematic_meeting_report(org, year, quarter, scope.only_cell_ids, kind=kind, adoption=scope.adoption)
    today = timezone.localdate()
    now = timezone.now()
    pending = [q for q in report.quarters if quarter_bounds(year, q)[1] > now]
    base = reverse("reports:dashboard")
    links = {row.id: dashboard_url(row.name, year, quarter, base, kind) for row in report.cells}
    cell_link = lambda row: links[row.id]  # noqa: E731
    level_labels = dict(zip(LEVELS, (_("Tốt"), _("Khá"), _("Trung bình"), _("Kém"))))
    ratings = report.ratings
    rating_items = [(lvl, level_labels[lvl], ratings[lvl]) for lvl in LEVELS]
    rating_items.append(("none", _("Chưa chấm điểm"), report.unscored))
    single_cell = len(report.cells) == 1 or org.kind == OrganizationKind.CELL
    meetings = []
    if single_cell and report.cells:
        meetings = [{"obj": m, "url": meeting_url(m.pk), "counted": m.status in COUNTED,
                     "level": Level(m.level).label if m.level else ""} for m in cell_meetings(report)]

    query = {"org": org.name, "year": year}
    if quarter:
        query["quarter"] = quarter
    if kind != KINDS[0]:
        query["kind"] = kind
    api = reverse("reports:api_thematic_meetings")
    org_choices = list(choices)
    if org.pk not in {o.pk for o in org_choices}:
        org_choices.append(org)
    context = {
        "report": report,
        "org": org,
        "year": year,
        "quarter": quarter,
        "years": sorted(set(range(today.year - 5, today.year + 2)) | {year}, reverse=True),
        "org_choices": org_choices,
        "breadcrumbs": [{"org": o, "url": dashboard_url(o.name, year, quarter, kind=kind)}
                        for o in _breadcrumbs(viewer, org)],
        "children": [{"s": s, "url": dashboard_url(s.org.name, year, quarter, kind=kind)}
                     for s in (child_summaries(report) if not scope.restricted and not org.is_cell else [])],
        "rows_html": html.cell_rows((_display_row(r, cell_link(r)) for r in report.cells),
                                    with_year=quarter is None, with_adoption=scope.adoption),
        "with_year": quarter is None,
        "with_adoption": scope.adoption,
        "kind": kind,
        "kinds": [(k, label) for k, label in zip(KINDS, (_("Chuyên đề"), _("Thường kỳ"), _("Cả hai loại")))],
        "has_rows": bool(report.cells),
        "summary": _display_summary(report),
        "heatmap": svg.heatmap(report.cells, report.quarters, pending, link=cell_link),
        "ratings_chart": svg.bar_chart(rating_items, _("Xếp loại chất lượng các buổi sinh hoạt"),
                                       colours=svg.LEVEL_COLOURS),
        "topics_chart": svg.bar_chart([(n, n, v) for n, v in report.top_topics],
                                      _("Chủ đề được sinh hoạt nhiều nhất")),
        "quarters_chart": svg.bar_chart(
            [(q, _("Quý %(q)d") % {"q": q}, v["cells"]) for q, v in report.per_quarter.items()],
            _("Số chi bộ có sinh hoạt chuyên đề theo quý")),
        "per_quarter": report.per_quarter,
        "pending": pending,
        "meetings": meetings,
        "csv_url": f"{api}?{urlencode({**query, 'format': 'csv'})}",
        "xlsx_url": f"{api}?{urlencode({**query, 'format': 'xlsx'})}",
        "json_url": f"{api}?{urlencode(query)}",
        "docx_url": f"{reverse('reports:annual_docx')}?{urlencode(query)}",
        "restricted": scope.restricted,
    }
    return render(request, "reports/dashboard.html", context)

