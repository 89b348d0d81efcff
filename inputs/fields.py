"""Form fields and validators with year bounds: a date or time outside 1900–2100 is a form error.

``31/12/9999 23:00`` is a valid Python datetime, but adding a meeting's duration to it overflows, and every
page that shows the meeting then answers 500. The fields below refuse it where it is typed.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inputs.params import MAX_YEAR, MIN_YEAR


def validate_year_range(value) -> None:
    """Validator for dates and datetimes: the year must lie in MIN_YEAR..MAX_YEAR."""
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(_("Năm %(y)s nằm ngoài khoảng cho phép (%(a)s–%(b)s)."),
                              code="year_range", params={"y": value.year, "a": MIN_YEAR, "b": MAX_YEAR})


class BoundedDateField(forms.DateField):
    default_validators = [validate_year_range]


class BoundedDateTimeField(forms.DateTimeField):
    default_validators = [validate_year_range]
