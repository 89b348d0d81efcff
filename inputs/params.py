"""Query-string parameters parsed with bounds; a bad value raises :class:`BadParam` (shown with HTTP 400).

Every function takes the request's ``QueryDict`` (or any mapping) and a parameter name, strips control
characters and blanks, and returns ``default`` for an absent or empty value:

* :func:`integer` — ``minimum``..``maximum`` (ids default to 1..2⁶³−1, what every database can store);
* :func:`year` — 1900–2100 (``MIN_YEAR``..``MAX_YEAR``), the years a Party document or meeting can carry;
* :func:`day` — ``YYYY-MM-DD`` or ``dd/mm/yyyy``, with the same year bounds;
* :func:`page` — 1..``maximum``;
* :func:`text` — at most ``max_length`` characters.
"""
from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_ID = 2**63 - 1  # PostgreSQL bigint and SQLite INTEGER; a larger id cannot exist
MAX_DIGITS = 19
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class BadParam(ValueError):
    """A query-string value the page cannot use; ``str(exc)`` is the Vietnamese message for the user."""

    def __init__(self, message: str, param: str = ""):
        super().__init__(message)
        self.param = param


def raw(params, name: str) -> str:
    """The parameter as clean text ("" when absent): control characters dropped, blanks trimmed."""
    try:
        value = params.get(name)
    except AttributeError:
        value = None
    if value is None:
        return ""
    return _CONTROL.sub("", str(value)).strip()


def text(params, name: str, max_length: int = 200, default: str = "") -> str:
    value = raw(params, name)
    if not value:
        return default
    if len(value) > max_length:
        raise BadParam(_("Tham số “%(p)s” quá dài (tối đa %(n)d ký tự).") % {"p": name, "n": max_length}, name)
    return value


def _bounded(params, name: str, minimum: int, maximum: int, default, message):
    """The parameter as an int in minimum..maximum; ``message(value)`` is the error otherwise."""
    value = raw(params, name)
    if not value:
        return default
    number = to_int(value)
    if number is None or not minimum <= number <= maximum:
        raise BadParam(message(value), name)
    return number


def integer(params, name: str, minimum: int = 1, maximum: int = MAX_ID, default=None):
    return _bounded(params, name, minimum, maximum, default, lambda v: _(
        "Tham số “%(p)s” phải là số nguyên từ %(a)s đến %(b)s (nhận được: %(v)s).")
        % {"p": name, "a": minimum, "b": maximum, "v": v[:30]})


def to_int(value: str) -> int | None:
    """``value`` as an int when it is a plain (signed) integer of at most 19 digits, else None."""
    value = (value or "").strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,%d}" % MAX_DIGITS, value):
        return None
    return int(value)


def object_id(params, name: str, default=None):
    """A database id (1..2⁶³−1); anything else is a 400, never a database error."""
    return integer(params, name, 1, MAX_ID, default)


def year(params, name: str, default=None):
    return _bounded(params, name, MIN_YEAR, MAX_YEAR, default, lambda v: _(
        "Năm “%(v)s” không hợp lệ: nhập một năm từ %(a)d đến %(b)d.") % {"v": v[:20], "a": MIN_YEAR, "b": MAX_YEAR})


def parse_day(value: str) -> dt.date | None:
    """A date typed as ``YYYY-MM-DD`` or ``dd/mm/yyyy`` inside the year bounds, else None."""
    value = (value or "").strip()
    for fmt in DAY_FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None
    return None


def day(params, name: str, default=None):
    value = raw(params, name)
    if not value:
        return default
    parsed = parse_day(value)
    if parsed is None:
        raise BadParam(_("Tham số “%(p)s” không phải ngày hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy, năm %(a)d–%(b)d): "
                         "%(v)s") % {"p": name, "v": value[:40], "a": MIN_YEAR, "b": MAX_YEAR}, name)
    return parsed


def page(params, name: str = "page", maximum: int = 10_000) -> int:
    return _bounded(params, name, 1, maximum, 1, lambda v: _(
        "Số trang (%(p)s) “%(v)s” không hợp lệ: nhập một số từ 1 đến %(n)d.") % {"p": name, "v": v[:30], "n": maximum})
