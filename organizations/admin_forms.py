"""Admin forms offer only what the editor may choose, and refuse a POSTed id outside it.

A chooser or select in the Wagtail admin is one way to learn another cell's titles (its labels) and one way
to link restricted material into something more people can see (a meeting's materials, a pack's guide, an
image embedded in a public directive). :class:`ScopedChoicesForm` narrows every model-choice field of a form
and of its inline formsets to ``Viewer.admin_queryset(model, CHOOSE)`` — the same rule as the choosers —
and checks the objects referenced from rich text (embedded images, linked documents). A value chosen earlier
by someone with a wider scope is kept as it is, hidden from this editor and never re-validated against
their scope, so saving the form neither leaks nor drops it.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.fields import RichTextField
from wagtail.rich_text import extract_references_from_rich_text

from organizations.access import CHOOSE, Viewer

NOT_CHOOSABLE = _("Mục đã chọn không tồn tại hoặc bạn không có quyền chọn.")
HIDDEN_CHOICE = _("Đã chọn một mục bạn không có quyền xem; mục này được giữ nguyên.")
RICH_TEXT_REFERENCE = _("Nội dung có liên kết hoặc ảnh (%(what)s #%(id)s) bạn không có quyền chọn.")


def scope_form_fields(form, viewer: Viewer) -> None:
    """Narrow each model-choice field of ``form`` to what ``viewer`` may choose."""
    instance = getattr(form, "instance", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        scoped = viewer.admin_queryset(field.queryset.model, CHOOSE, field.queryset)
        single = not isinstance(field, forms.ModelMultipleChoiceField)
        current = getattr(instance, f"{name}_id", None) if single and instance is not None and instance.pk else None
        if current is not None and not scoped.filter(pk=current).exists():
            # Chosen by someone with a wider scope: kept as it is (a disabled field ignores what is POSTed and
            # validates its initial value), without showing this editor what it is.
            field.disabled = True
            field.widget = forms.HiddenInput()
            field.help_text = HIDDEN_CHOICE
            continue
        field.queryset = scoped
        field.error_messages["invalid_choice"] = NOT_CHOOSABLE
        field.error_messages["invalid_pk_value"] = NOT_CHOOSABLE
        _resolve_within(field.widget, scoped)


def _resolve_within(widget, queryset) -> None:
    """A chooser widget shows the title of the object whose id it renders — even an id just refused, typed into
    a forged POST. Let it resolve only ids inside the editor's scope."""
    original = getattr(widget, "get_instance", None)
    if original is None:
        return

    def get_instance(value):
        instance = original(value)
        if instance is not None and not queryset.filter(pk=instance.pk).exists():
            return None
        return instance

    widget.get_instance = get_instance


class ScopedChoicesForm(WagtailAdminModelForm):
    """Base form for admin edit handlers of scoped models (``base_form_class``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = Viewer(self.for_user) if self.for_user is not None else None
        if self.viewer is None:
            return
        scope_form_fields(self, self.viewer)
        for formset in getattr(self, "formsets", {}).values():
            for child in formset.forms:
                scope_form_fields(child, self.viewer)

    def clean(self):
        data = super().clean()
        if self.viewer is not None:
            for name in self.fields:
                if isinstance(_model_field(self._meta.model, name), RichTextField) and data.get(name):
                    self._check_references(name, data[name])
        return data

    def _check_references(self, name: str, html: str) -> None:
        """Embedded images, linked documents (and any other scoped object) must be choosable by the editor."""
        for model, object_id, _path, _content in extract_references_from_rich_text(html):
            allowed = self.viewer.admin_queryset(model, CHOOSE)
            if not (str(object_id).isascii() and str(object_id).isdigit()) or not allowed.filter(pk=int(object_id)).exists():
                self.add_error(name, ValidationError(RICH_TEXT_REFERENCE % {
                    "what": model._meta.verbose_name, "id": object_id}))
                return


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - form-only fields have no model field
        return None
