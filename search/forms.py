"""Validation of search parameters (page and API share it): bad input → a clear Vietnamese message, never a 500.

Queries are free text: control characters are removed, nothing else is special (operators such as ``OR``,
``*``, quotes or backslashes are searched as plain words; every engine receives quoted tokens only).
"""
from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from inputs.params import MAX_ID, to_int
from library.kinds import DocumentKind
from library.models import VALIDITY_ALIASES
from library.selectors import cell_material_ids
from search.models import REPLACED
from search.queries import MAX_QUERY_CHARS, Filters
from topics.models import Topic
from vntext.kinds import CODES_FOLDED
from vntext.text import fold

MAX_PAGE = 500
ITEM_TYPES = ("document", "study_guide", "session_pack", "meeting")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def clean_query_text(value: str) -> str:
    value = _CONTROL.sub(" ", value or "")
    return re.sub(r"\s+", " ", value).strip()


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=False, max_length=MAX_QUERY_CHARS + 1000, error_messages={
        "max_length": _("Câu tìm kiếm quá dài (tối đa %(n)d ký tự).") % {"n": MAX_QUERY_CHARS}})
    kind = forms.CharField(required=False, max_length=30)
    issuer = forms.IntegerField(required=False, min_value=1, max_value=2**62, error_messages={
        "invalid": _("Cơ quan ban hành không hợp lệ."), "min_value": _("Cơ quan ban hành không hợp lệ."),
        "max_value": _("Cơ quan ban hành không hợp lệ.")})
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100, error_messages={
        "invalid": _("Năm phải là một số, ví dụ 2024."), "min_value": _("Năm không hợp lệ (1900–2100)."),
        "max_value": _("Năm không hợp lệ (1900–2100).")})
    topic = forms.CharField(required=False, max_length=120)
    cell = forms.IntegerField(required=False, min_value=1, max_value=2**62, error_messages={
        "invalid": _("Chi bộ không hợp lệ."), "min_value": _("Chi bộ không hợp lệ."),
        "max_value": _("Chi bộ không hợp lệ.")})
    validity = forms.CharField(required=False, max_length=40)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, error_messages={
        "invalid": _("Số trang phải là một số nguyên dương."),
        "min_value": _("Số trang phải từ 1 trở lên."),
        "max_value": _("Chỉ xem được tới trang %(n)d; hãy thu hẹp tìm kiếm.") % {"n": MAX_PAGE}})

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for key in list(data.keys()):
                # Control characters (NUL included, which Django would refuse) are noise: drop them.
                data.setlist(key, [_CONTROL.sub(" ", v) for v in data.getlist(key)])
        super().__init__(data, *args, **kwargs)

    def clean_q(self):
        value = clean_query_text(self.cleaned_data.get("q") or "")
        if len(value) > MAX_QUERY_CHARS:
            raise forms.ValidationError(_("Câu tìm kiếm quá dài (tối đa %(n)d ký tự).") % {"n": MAX_QUERY_CHARS})
        return value

    def clean_kind(self):
        value = (self.cleaned_data.get("kind") or "").strip()
        if not value:
            return ""
        if value in ITEM_TYPES or value in DocumentKind.values:
            return value
        code = CODES_FOLDED.get(fold(value))
        if code:
            return code
        if fold(value) == "l":
            return DocumentKind.L
        raise forms.ValidationError(_("Loại văn bản không hợp lệ."))

    def clean_topic(self):
        value = (self.cleaned_data.get("topic") or "").strip()
        if not value:
            return None
        if value.isdigit():
            number = to_int(value)
            if number is None or not 1 <= number <= MAX_ID:
                raise forms.ValidationError(_("Chủ đề không tồn tại."))
            return number
        pk = Topic.objects.filter(slug=value).values_list("pk", flat=True).first()
        if pk is None:
            raise forms.ValidationError(_("Chủ đề không tồn tại."))
        return pk

    def clean_validity(self):
        """A validity code ("con_hieu_luc", "duoc_thay_the", …) or its label typed with or without diacritics."""
        value = (self.cleaned_data.get("validity") or "").strip()
        if not value:
            return ""
        folded = fold(value).replace("-", "_")
        if value == REPLACED or folded in ("duoc thay the", REPLACED):
            return REPLACED
        code = next((VALIDITY_ALIASES[v] for v in (value, folded, folded.replace(" ", "_")) if v in VALIDITY_ALIASES),
                    None)
        if code:
            return code
        raise forms.ValidationError(_("Tình trạng hiệu lực không hợp lệ."))

    def filters(self) -> Filters:
        d = self.cleaned_data
        cell = d.get("cell")
        return Filters(kind=d.get("kind") or "", issuer=d.get("issuer"), year=d.get("year"),
                       topic=d.get("topic"), cell=cell, cell_items=cell_material_ids(cell) if cell else (),
                       validity=d.get("validity") or "")

    def first_error(self) -> str:
        for errors in self.errors.values():
            if errors:
                return str(errors[0])
        return str(_("Yêu cầu tìm kiếm không hợp lệ."))
