"""Size limits on files and text, checked before anything is read or stored (issue 14).

A 300 KB DOCX "zip bomb" once became a 116 MB body and a 49 MB ``.txt`` a 48.5 MB live page. Every file
goes through these checks first: the file's size (``MAX_UPLOAD_SIZE``, 25 MB), for a DOCX the sizes its zip
directory *declares* (no member is inflated to find out), and the extracted text (``MAX_EXTRACTED_TEXT``
characters). A stored body is bounded by ``MAX_BODY_CHARS``. The settings are read at each call, so an
operator can change them without code. Messages are Vietnamese, for the import summary and the admin.
"""
from __future__ import annotations

import zipfile

from django.conf import settings

MB = 1024 * 1024
# A member that inflates more than this many times (and past 1 MB) is a bomb, not a document: real DOCX XML
# compresses 5–20 times.
MAX_ZIP_RATIO = 100


class LimitExceeded(ValueError):
    """A file or text is over a limit; ``str(exc)`` is the Vietnamese reason."""


def max_upload_size() -> int:
    return int(getattr(settings, "MAX_UPLOAD_SIZE", 25 * MB))


def max_text_chars() -> int:
    return int(getattr(settings, "MAX_EXTRACTED_TEXT", 2_000_000))


def max_body_chars() -> int:
    return int(getattr(settings, "MAX_BODY_CHARS", 2_500_000))


def _mb(n: int) -> str:
    return f"{n / MB:.1f}".rstrip("0").rstrip(".") + " MB"


def check_size(size: int) -> None:
    if size > max_upload_size():
        raise LimitExceeded(f"tệp quá lớn ({_mb(size)}; tối đa {_mb(max_upload_size())})")


def check_zip(path) -> None:
    """Refuse a zip (DOCX) whose declared uncompressed size or compression ratio gives it away as a bomb."""
    limit = int(getattr(settings, "MAX_ZIP_UNCOMPRESSED", 100 * MB))
    with zipfile.ZipFile(path) as zf:
        total = 0
        for info in zf.infolist():
            total += info.file_size
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > MB and ratio > MAX_ZIP_RATIO:
                raise LimitExceeded(f"tệp nén bất thường (“bom nén”): {info.filename} nở ra {ratio:.0f} lần "
                                    f"({_mb(info.file_size)}) — không đọc")
            if total > limit:
                raise LimitExceeded(f"tệp nén bất thường: nội dung giải nén vượt {_mb(limit)} — không đọc")


def check_text(text: str) -> None:
    if len(text) > max_text_chars():
        raise LimitExceeded(f"văn bản trích ra quá dài ({len(text):,} ký tự; tối đa {max_text_chars():,})"
                            .replace(",", "."))


def check_body(body: str) -> None:
    if len(body or "") > max_body_chars():
        raise LimitExceeded(f"toàn văn quá dài ({len(body):,} ký tự; tối đa {max_body_chars():,})".replace(",", "."))
