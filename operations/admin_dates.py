"""Every date and date-time field of every Wagtail admin form refuses a year outside 1900–2100.

Wagtail builds its admin model forms from a registry of form-field overrides (one per model field class);
registering our bounded form classes there covers meetings, tasks, roll-outs and library items at once,
with Wagtail's own date pickers kept.
"""
from django.db import models
from wagtail.admin import widgets
from wagtail.admin.forms.models import register_form_field_override

from inputs.fields import BoundedDateField, BoundedDateTimeField


def bound_admin_date_fields() -> None:
    register_form_field_override(models.DateField, override={"widget": widgets.AdminDateInput,
                                                             "form_class": BoundedDateField})
    register_form_field_override(models.DateTimeField, override={"widget": widgets.AdminDateTimeInput,
                                                                 "form_class": BoundedDateTimeField})
