"""Small filters for library templates."""
from django import template

from library.validity import status_label

register = template.Library()


@register.filter
def validity_label(value) -> str:
    """"het_hieu_luc" → "Hết hiệu lực toàn bộ" (a status computed as of a date, library/validity.py)."""
    return status_label(value or "")
