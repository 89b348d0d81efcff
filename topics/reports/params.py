"""Reading the report's query string: one place that turns bad input into a Vietnamese message.

Both the JSON API and the dashboard use it, so "năm 20x6" gets the same answer everywhere and
nothing a user types can reach the database as an exception (never a 500).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization
from vntext.text import fold

FORMATS = ("json", "csv", "xlsx", "docx")
KINDS = ("chuyen_de", "thuong_ky", "all")  # thematic (the default), regular, or both
MIN_YEAR, MAX_YEAR = 1930, 2100  # the Party was founded in 1930


class ParamError(ValueError):
    """A query-string value the report cannot use; the message is shown to the user (HTTP 400)."""


@dataclass
class ReportParams:
    org_name: str
    year: int
    quarter: int | None
    format: str
    kind: str = "chuyen_de"


def _clean(value) -> str:
    return (value or "").replace("\x00", "").strip()


def parse_year(raw) -> int:
    raw = _clean(raw)
    if not raw:
        return timezone.localdate().year
    if not re.fullmatch(r"\d{4}", raw) or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise ParamError(_("Năm “%(value)s” không hợp lệ: nhập 4 chữ số, ví dụ 2026.") % {"value": raw[:20]})
    return int(raw)


def parse_quarter(raw) -> int | None:
    raw = _clean(raw)
    if not raw:
        return None
    if raw not in {"1", "2", "3", "4"}:
        raise ParamError(_("Quý “%(value)s” không hợp lệ: chọn 1, 2, 3 hoặc 4.") % {"value": raw[:20]})
    return int(raw)


def parse_format(raw) -> str:
    raw = _clean(raw).lower() or "json"
    if raw not in FORMATS:
        raise ParamError(_("Định dạng “%(value)s” không hỗ trợ: dùng json, csv, xlsx hoặc docx.") % {"value": raw[:20]})
    return raw


def parse_kind(raw) -> str:
    raw = _clean(raw).lower() or KINDS[0]
    if raw not in KINDS:
        raise ParamError(_("Loại buổi sinh hoạt “%(value)s” không hợp lệ: dùng chuyen_de, thuong_ky hoặc all.")
                         % {"value": raw[:20]})
    return raw


def parse_params(query, require_org: bool = True) -> ReportParams:
    org_name = _clean(query.get("org"))
    if require_org and not org_name:
        raise ParamError(_("Thiếu tham số org: tên tổ chức đảng cần báo cáo."))
    if len(org_name) > 255:
        raise ParamError(_("Tên tổ chức quá dài."))
    return ReportParams(org_name=org_name, year=parse_year(query.get("year") or query.get("nam")),
                        quarter=parse_quarter(query.get("quarter") or query.get("quy")),
                        format=parse_format(query.get("format")), kind=parse_kind(query.get("kind")))


def find_org(name: str) -> Organization | None:
    """The organization by its exact name; else by accent-insensitive name if unambiguous; else by id."""
    if not name:
        return None
    org = Organization.objects.filter(name=name).first()
    if org is not None:
        return org
    folded = list(Organization.objects.filter(name_folded=fold(name))[:2])
    if len(folded) == 1:
        return folded[0]
    if name.isdigit() and len(name) < 12:
        return Organization.objects.filter(pk=int(name)).first()
    return None
