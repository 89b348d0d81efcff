"""Small parsers for one line's fields: each returns a clean value or raises :class:`LineError` with a reason in
Vietnamese (reported as ``line N: <reason>``). Shared by every line type of ``import_library``, whichever app
owns the model (topics registers meeting lines)."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from django.utils import timezone

from importkit import LineError
from vntext.numbers import number_key
from vntext.text import fold, nfc

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")


IN_BATCH = 900  # stay under SQLite's bound-parameter limit in ``__in`` lookups


class Unresolved(LineError):
    """A meeting names something not (yet) in the database; retried once at the end of the file."""


def text(value, name: str, max_length: int | None = None, required: bool = False) -> str:
    if value is None:
        value = ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise LineError(f"trường “{name}” phải là chuỗi ký tự")
    value = nfc(value).strip()
    if required and not value:
        raise LineError(f"thiếu trường bắt buộc “{name}”")
    if max_length and len(value) > max_length:
        raise LineError(f"trường “{name}” dài quá {max_length} ký tự")
    return value


def required(data: dict, name: str, max_length: int | None = None) -> str:
    if name not in data or data[name] is None:
        raise LineError(f"thiếu trường bắt buộc “{name}”")
    return text(data[name], name, max_length, required=True)


def date(value, name: str, required: bool = False):
    if value in (None, ""):
        if required:
            raise LineError(f"thiếu trường bắt buộc “{name}”")
        return None
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        raise LineError(f"ngày “{name}” không hợp lệ: {value!r} (cần dạng YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise LineError(f"ngày “{name}” không hợp lệ: {value!r} (cần dạng YYYY-MM-DD)") from None


def local_datetime(value, name: str, required: bool = False):
    """'2026-05-20T14:00:00' in Hà Nội time → an aware datetime (14:00 local = 07:00 UTC)."""
    if value in (None, ""):
        if required:
            raise LineError(f"thiếu trường bắt buộc “{name}”")
        return None
    if not isinstance(value, str) or not _DATETIME_RE.match(value.strip()):
        raise LineError(f"thời gian “{name}” không hợp lệ: {value!r} (cần dạng YYYY-MM-DDTHH:MM:SS)")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise LineError(f"thời gian “{name}” không hợp lệ: {value!r} (cần dạng YYYY-MM-DDTHH:MM:SS)") from None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=timezone.get_default_timezone())
    return parsed.astimezone(dt.timezone.utc)


def integer(value, name: str, minimum: int = 0, maximum: int | None = None, default=None):
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value.strip())
        else:
            raise LineError(f"trường “{name}” phải là số nguyên: {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"từ {minimum} đến {maximum}" if maximum is not None else f"không nhỏ hơn {minimum}"
        raise LineError(f"trường “{name}” phải {bound}: {value}")
    return value


def boolean(value, name: str, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "1", "0", "yes", "no", "co", "khong"}:
        return value.strip().lower() in {"true", "1", "yes", "co"}
    raise LineError(f"trường “{name}” phải là true hoặc false: {value!r}")


def names(value, name: str, max_length: int = 255) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise LineError(f"trường “{name}” phải là một danh sách")
    out = []
    for v in value:
        v = text(v, name, max_length)
        if v and v not in out:
            out.append(v)
    return out


_YEAR_HINT = re.compile(r"\(\s*(\d{4})\s*\)\s*$")


_DATE_HINT = re.compile(r"\bng[aà]y\s+(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b", re.IGNORECASE)


def parse_target(text: str) -> tuple[str, int | None, dt.date | None]:
    """'12-HD/BTCTW (2018)' → (key, 2018, None); '05-CT/TW ngày 15/5/2016' → (key, 2016, date)."""
    year = day = None
    core = text
    m = _DATE_HINT.search(core)
    if m:
        try:
            if m.group(1):
                day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            else:
                day = dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
            year = day.year
            core = core[:m.start()].rstrip(" ,;")
        except ValueError:
            day = None
    m = _YEAR_HINT.search(core)
    if m:
        year = int(m.group(1))
        core = core[:m.start()].strip()
    return number_key(core), year, day


def target_match_key(text: str) -> str:
    """How a relation target is compared between a line and the database (independent of resolution)."""
    return fold(text[:120]).strip()


def batched(values, size=IN_BATCH):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def waves(rows, key):
    """Split rows so that no key repeats inside a wave (a line repeated in one chunk is applied in order)."""
    waves, seen = [], defaultdict(int)
    for row in rows:
        k = key(row)
        i = seen[k]
        seen[k] += 1
        if i == len(waves):
            waves.append([])
        waves[i].append(row)
    return waves
