"""URL path converters with bounds: ``<id:pk>`` matches 1–19 digits (a number a database id can be).

Django's ``<int:…>`` matches any number of digits, and ``/thu-vien/99999999999999999999/`` then reaches the
database as an id SQLite cannot bind (OverflowError → 500). With ``<id:…>`` such a path simply does not
match: a 404 like any other unknown page.
"""
from django.urls import register_converter

from inputs.params import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # Django treats a ValueError as "no match"
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class YearConverter:
    """Four digits; the view decides whether the year is inside its bounds."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


register_converter(IdConverter, "id")
register_converter(YearConverter, "year")
