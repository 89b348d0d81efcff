"""Forms of the scoring flow (meeting page and admin screen) and of the scoring template admin."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organizations.access import Viewer
from organizations.admin_forms import ScopedChoicesForm
from topics.scoring.models import AppliesTo, ScoringTemplate
from topics.scoring.sheets import template_publish, validate_sheet

FIELD_PREFIX = "c_"


class CriteriaForm(forms.Form):
    """One number field per criterion of a sheet version (``c_<code>``), 0..its points."""

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        for c in version.criteria:
            self.fields[FIELD_PREFIX + c["code"]] = forms.IntegerField(
                label=c["label"], required=False, min_value=0, max_value=c["points"],
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
                error_messages={"invalid": _("Nhập một số nguyên."),
                                "min_value": _("Điểm không được âm."),
                                "max_value": _("Tối đa %(limit_value)s điểm.")})

    def criteria(self) -> dict:
        return {c["code"]: self.cleaned_data.get(FIELD_PREFIX + c["code"]) for c in self.version.criteria}

    def criteria_fields(self):
        """(criterion, bound field) pairs in the sheet's order, for templates."""
        return [(c, self[FIELD_PREFIX + c["code"]]) for c in self.version.criteria]


class ProposalForm(CriteriaForm):
    note = forms.CharField(label=_("Ghi chú của chi ủy"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(CriteriaForm):
    reason = forms.CharField(label=_("Lý do điều chỉnh (bắt buộc khi sửa điểm)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class VoteForm(forms.Form):
    agree = forms.TypedChoiceField(coerce=lambda v: v == "1", choices=[("1", _("Tán thành")),
                                                                       ("0", _("Không tán thành"))],
                                   error_messages={"required": _("Chọn tán thành hoặc không tán thành."),
                                                   "invalid_choice": _("Chọn tán thành hoặc không tán thành.")})


def _rows(formset) -> list[dict]:
    """Cleaned rows of an inline formset that are kept (not deleted, not left empty)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data and not data.get("DELETE"):
            rows.append(data)
    return rows


class ScoringTemplateForm(ScopedChoicesForm):
    """Template editing: the owner is an organization the editor manages (staff: their subtree; the default
    without an organization is for superusers), points add up to 100, thresholds strictly ordered, one active
    template per organization and meeting kind. Saving writes a new version when something changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organization")
        if field is not None and self.for_user is not None and not field.disabled:
            viewer = Viewer(self.for_user)
            field.queryset = field.queryset.filter(viewer.managed_organizations_q()).order_by("path")
            field.required = not viewer.is_superuser

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        criteria = [{"code": r.get("code"), "points": r.get("points")} for r in _rows(self.formsets["criteria"])]
        rules = [{"level": r.get("level")} for r in _rows(self.formsets["year_rules"])]
        data = self.cleaned_data
        for message in validate_sheet(criteria, tot_min=data.get("tot_min"), kha_min=data.get("kha_min"),
                                      trung_binh_min=data.get("trung_binh_min"), year_rules=rules):
            self.add_error(None, message)
        self._check_overlap()
        return not self.errors

    def _check_overlap(self):
        data = self.cleaned_data
        if not data.get("active"):
            return
        others = ScoringTemplate.objects.filter(active=True, organization=data.get("organization")).exclude(
            pk=self.instance.pk)
        kind = data.get("applies_to")
        if kind != AppliesTo.ALL:
            others = others.filter(applies_to__in=[AppliesTo.ALL, kind])
        clash = others.first()
        if clash is not None:
            self.add_error("applies_to", ValidationError(
                _("Tổ chức này đã có phiếu “%(name)s” đang áp dụng cho cùng loại buổi sinh hoạt; hãy thôi áp dụng "
                  "phiếu đó hoặc chọn loại khác.") % {"name": clash.name}))

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            template_publish(instance, self.for_user)
        return instance
