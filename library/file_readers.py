"""Read the text out of one file — PDF, DOCX, HTML, Markdown or plain text — or say why not.

The format is decided by the extension *and* checked against the first bytes: a ``.pdf`` that is not a
PDF, or a ``.docx`` that is not a Word zip, is refused as "wrong extension" instead of being guessed.
Every failure is a :class:`Unreadable` with a Vietnamese reason for the import summary; nothing here
stops a batch. Legacy encodings (TCVN3, VNI, Windows-1258) are converted by ``vntext.encodings``.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nh3

from library import file_limits
from vntext.encodings import convert_run, detect_and_decode, repair_text
from vntext.html_text import html_to_text

EXTENSIONS = {
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text",
}
_HEAD = 8192
MAX_TEXT_BYTES = 50 * 1024 * 1024  # a "text" file bigger than this is not a document


class Unreadable(Exception):
    """The file cannot be imported; ``str(exc)`` is the reason shown to staff."""


@dataclass
class ReadResult:
    text: str
    format: str
    encoding: str = ""
    title_hint: str = ""  # <title> of an HTML page, first heading of a Markdown file


def sniff(head: bytes) -> str:
    """What the first bytes say the file is: pdf, zip, ole, html, text or binary."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head:
        return "binary"
    lowered = head[:4096].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered:
        return "html"
    return "text"


def read_file(path: Path) -> ReadResult:
    ext = path.suffix.lower()
    fmt = EXTENSIONS.get(ext)
    if ext == ".doc":
        raise Unreadable("tệp Word cũ (.doc) chưa được hỗ trợ — hãy lưu lại thành .docx")
    if fmt is None:
        raise Unreadable(f"định dạng {ext or '(không có phần mở rộng)'} không được hỗ trợ")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
    except OSError as exc:
        raise Unreadable(f"không mở được tệp: {exc.strerror or exc}") from exc
    if size == 0:
        raise Unreadable("tệp rỗng (0 byte)")
    try:
        file_limits.check_size(size)  # before reading a byte more (library/file_limits.py)
    except file_limits.LimitExceeded as exc:
        raise Unreadable(str(exc)) from None
    actual = sniff(head)
    if fmt == "pdf" and actual != "pdf":
        raise Unreadable(f"sai phần mở rộng: tệp .pdf nhưng nội dung là {_describe(actual)}")
    if fmt == "docx":
        if actual == "ole":
            raise Unreadable("tệp .docx được đặt mật khẩu (mã hóa) hoặc là tệp .doc cũ đổi tên")
        if actual != "zip":
            raise Unreadable(f"sai phần mở rộng: tệp .docx nhưng nội dung là {_describe(actual)}")
    if fmt in ("html", "markdown", "text") and actual in ("pdf", "zip", "ole", "binary"):
        raise Unreadable(f"sai phần mở rộng: tệp {ext} nhưng nội dung là {_describe(actual)}")
    if fmt in ("html", "markdown", "text") and size > MAX_TEXT_BYTES:
        raise Unreadable("tệp văn bản quá lớn (trên 50 MB)")
    reader = {"pdf": read_pdf, "docx": read_docx, "html": read_html, "markdown": read_markdown, "text": read_text}[fmt]
    try:
        if fmt == "docx":
            file_limits.check_zip(path)  # declared sizes only: nothing is inflated to find out
        result = reader(path)
        file_limits.check_text(result.text or "")
    except (file_limits.LimitExceeded, zipfile.BadZipFile) as exc:
        raise Unreadable(str(exc) if isinstance(exc, file_limits.LimitExceeded)
                         else f"tệp DOCX bị hỏng: {str(exc)[:120]}") from None
    result.text = unicodedata.normalize("NFC", result.text or "").replace("\x00", "")
    if not result.text.strip():
        raise Unreadable("không có chữ nào đọc được trong tệp" + (" (PDF là bản quét? cần nhận dạng chữ)" if fmt == "pdf" else ""))
    return result


def _describe(kind: str) -> str:
    return {"pdf": "PDF", "zip": "tệp nén (zip)", "ole": "tệp Office cũ/mã hóa", "html": "HTML",
            "text": "văn bản thuần", "binary": "dữ liệu nhị phân"}.get(kind, kind)


# --- PDF ------------------------------------------------------------------------------------------
def read_pdf(path: Path) -> ReadResult:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        if b"%%EOF" not in fh.read():
            raise Unreadable("PDF bị hỏng hoặc bị cắt cụt (thiếu dấu kết thúc %%EOF)")
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                raise Unreadable("PDF được mã hóa, không đọc được") from exc
            if not ok:
                raise Unreadable("PDF được đặt mật khẩu, không đọc được")
        pages = []
        budget = file_limits.max_text_chars()
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            budget -= len(pages[-1])
            if budget < 0:  # stop reading: the text is over the limit anyway
                file_limits.check_text("".join(pages))
    except Unreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise Unreadable(f"PDF bị hỏng: {str(exc)[:120]}") from exc
    text, legacy = repair_text("\n".join(pages))
    return ReadResult(text=text, format="pdf", encoding=legacy)


# --- DOCX ------------------------------------------------------------------------------------------
def read_docx(path: Path) -> ReadResult:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as zf:
            if "word/document.xml" not in zf.namelist():
                raise Unreadable("sai phần mở rộng: tệp .docx nhưng không phải tài liệu Word")
        document = docx.Document(str(path))
    except Unreadable:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise Unreadable(f"tệp DOCX bị hỏng: {str(exc)[:120]}") from exc
    default_font = _style_font(document.styles["Normal"]) if "Normal" in [s.name for s in document.styles] else ""
    state = {"legacy": False}
    lines: list[str] = []
    try:
        for block in document.iter_inner_content():
            if hasattr(block, "rows"):
                lines.extend(_table_lines(block, default_font, state))
            else:
                lines.append(_paragraph_text(block, default_font, state))
    except (KeyError, ValueError, AttributeError) as exc:
        raise Unreadable(f"tệp DOCX bị hỏng: {str(exc)[:120]}") from exc
    text = "\n".join(lines)
    encoding = "legacy-font" if state["legacy"] else ""
    if not state["legacy"]:
        text, encoding = repair_text(text)
    return ReadResult(text=text, format="docx", encoding=encoding)


def _style_font(style) -> str:
    while style is not None:
        if style.font is not None and style.font.name:
            return style.font.name
        style = style.base_style
    return ""


def _paragraph_text(paragraph, default_font: str, state: dict) -> str:
    style_font = _style_font(paragraph.style) if paragraph.style is not None else ""
    parts = []
    for item in paragraph.iter_inner_content():
        runs = getattr(item, "runs", None) or [item]
        for run in runs:
            font = (run.font.name if run.font is not None else None) or style_font or default_font
            text = run.text or ""
            converted = convert_run(text, font)
            if converted != text:
                state["legacy"] = True
            parts.append(converted)
    return "".join(parts)


def _table_lines(table, default_font: str, state: dict) -> list[str]:
    lines = []
    for row in table.rows:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat
                continue
            seen.add(id(cell._tc))
            for p in cell.paragraphs:
                lines.append(_paragraph_text(p, default_font, state))
            lines.append("")
    return lines


# --- HTML, Markdown, text ------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
ALLOWED_TAGS = {"p", "br", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead",
                "tbody", "tr", "td", "th", "strong", "em", "b", "i", "u", "blockquote", "a", "section", "article"}


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read()


def read_html(path: Path) -> ReadResult:
    data = _read_bytes(path)
    m = _META_CHARSET.search(data[:4096])
    text = encoding = None
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        try:
            text, encoding = data.decode(declared), declared
            text = repair_text(text)[0]
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = detect_and_decode(data)
    title = _TITLE.search(text)
    title_hint = " ".join(html_to_text(title.group(1)).split()) if title else ""
    text = re.sub(r"<head\b.*?</head>", " ", text, flags=re.I | re.S)
    clean = nh3.clean(text, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"})
    return ReadResult(text=html_to_text(clean), format="html", encoding=encoding, title_hint=title_hint)


def read_markdown(path: Path) -> ReadResult:
    text, encoding = detect_and_decode(_read_bytes(path))
    title = ""
    lines = []
    in_fence = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        m = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            line = m.group(2)
            if not title and len(m.group(1)) == 1:
                title = line
        line = re.sub(r"^\s{0,3}>\s?", "", line)
        line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", line)
        line = re.sub(r"`([^`]+)`", r"\1", line)
        if re.match(r"^\s*\|?\s*:?-{3,}", line):
            continue
        if "|" in line and line.strip().startswith("|"):
            line = "   ".join(c.strip() for c in line.strip().strip("|").split("|"))
        lines.append(line)
    return ReadResult(text="\n".join(lines), format="markdown", encoding=encoding, title_hint=title)


def read_text(path: Path) -> ReadResult:
    text, encoding = detect_and_decode(_read_bytes(path))
    return ReadResult(text=text, format="text", encoding=encoding)


def read_any_text(path: Path) -> str:
    """Text of a file for ``extract_citations``: documents through their reader, anything textual decoded
    as it is (so offsets index the file's own text)."""
    with path.open("rb") as fh:
        head = fh.read(_HEAD)
    kind = sniff(head)
    if kind == "pdf":
        return read_pdf(path).text
    if kind == "zip" and path.suffix.lower() == ".docx":
        return read_docx(path).text
    if kind in ("zip", "ole", "binary"):
        raise Unreadable(f"không phải tệp văn bản ({_describe(kind)})")
    return detect_and_decode(_read_bytes(path), nfc=False)[0]
