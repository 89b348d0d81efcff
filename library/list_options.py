"""Options of the library list (/thu-vien/) beyond the facets: sorting and a keyword box.

Sorting follows what Vietnamese legal-document portals offer: newest first (the default), by number
(numerically: "9-CT" before "10-CT"; items without a number last) and by issuer (A→Z, newest first
within one issuer). The keyword matches a title, summary or number as typed, and a sloppily typed number
("10 ct tw", "1193-QD/TU") through its number key; the search page (/tim-kiem/) is offered for
diacritic-free and whole-text search, which needs the search index.
"""
from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from vntext.numbers import number_key

SORTS = {
    "moi_nhat": _("Mới nhất"),
    "so_hieu": _("Số hiệu"),
    "co_quan": _("Cơ quan ban hành"),
}
DEFAULT_SORT = "moi_nhat"
KEYWORD_MAX = 200


def sort_key(params) -> str:
    value = params.get("sap_xep") or ""
    return value if value in SORTS else DEFAULT_SORT


def apply_sort(qs, sort: str):
    if sort == "so_hieu":
        # ``number`` holds digits only: shorter is smaller, then text order; no number → last.
        return qs.annotate(_no_number=Case(When(number="", then=Value(1)), default=Value(0),
                                           output_field=IntegerField()),
                           _number_len=Length("number")).order_by("_no_number", "_number_len", "number",
                                                                   "kind", "-issued_on", "-id")
    if sort == "co_quan":
        return qs.order_by("issuer__name", "-issued_on", "-id")
    return qs.order_by("-issued_on", "-id")


def clean_keyword(params) -> str:
    return " ".join((params.get("tu_khoa") or "").replace("\x00", "").split())[:KEYWORD_MAX]


def keyword_q(keyword: str) -> Q:
    q = Q(title__icontains=keyword) | Q(symbol__icontains=keyword) | Q(summary__icontains=keyword)
    key = number_key(keyword)
    if key:
        q |= Q(number_key=key)
    return q


def sort_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in SORTS.items()]
