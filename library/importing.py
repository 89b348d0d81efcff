"""Bulk import of the library and of thematic meetings from JSON lines (``manage.py import_library``).

The contract (shared/CONTRACTS.md) is followed to the letter; this module is the only implementation, used by
the command and by ``load_demo``. Why it is shaped the way it is:

* **Batches, not rows.** The library holds 100,000 items, so lines are read lazily and handled in chunks
  (``CHUNK_SIZE``): one transaction per chunk, one query to find the chunk's existing items by identity,
  ``bulk_create`` / ``bulk_update`` for items and ``bulk_create`` for tags, allowed organizations, relations,
  materials. No Wagtail revision per row: items are written live with ``has_unpublished_changes=False``, which
  makes Wagtail's admin read the row itself rather than an older revision.
* **Idempotent by comparison.** Every line is compared field by field with what is stored; only real
  differences are written, so re-importing a file reports everything as "unchanged" and touches nothing.
  A missing optional field means its contract default (the line describes the whole item).
* **A bad line never spoils the others.** Validation raises :class:`LineError` (``line N: reason``) for that
  line only. Should the database still refuse a chunk, the chunk is replayed line by line so the guilty line
  is named and the rest stored.
* **Forward references.** A relation or a pack's guide may name an item further down the file: unresolved
  ones are stored as ``Relation(target=None, target_symbol=…)`` and retried in a second pass at the end.
  Meetings whose cell, pack or materials are not found yet are retried at the end too, and only then fail.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

import nh3
from django.db import DatabaseError, transaction
from django.utils import timezone

from library import citation_service
from library.kinds import CODES_FOLDED, TYPE_WORDS, DocumentKind
from library.models import (
    VALIDITY_ALIASES,
    ItemType,
    LibraryItem,
    Relation,
    RelationType,
    TaggedItem,
    Visibility,
    identity_key,
)
from search import indexing
from search.numbers import number_key
from search.text import fold, nfc
from topics.models import (
    TOPIC_NAME_MAX,
    Absentee,
    Meeting,
    MeetingMaterial,
    MeetingStatus,
    MeetingTask,
    Organization,
    OrganizationKind,
    Topic,
    TopicGroup,
    infer_kind,
)

CHUNK_SIZE = 500
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
IN_BATCH = 900  # stay under SQLite's bound-parameter limit in ``__in`` lookups
ITEM_TYPES = (ItemType.DOCUMENT, ItemType.STUDY_GUIDE, ItemType.SESSION_PACK)
LINE_TYPES = ("organization", *ITEM_TYPES, "meeting")
DEFAULT_KIND = {ItemType.STUDY_GUIDE: "TL", ItemType.SESSION_PACK: "CĐ"}
MAX_ERRORS_KEPT = 1000
# Enum ``.values`` are rebuilt on every access; the importer asks per line, so keep them once.
KIND_CODES = frozenset(DocumentKind.values)
RELATION_CODES = frozenset(RelationType.values)
MEETING_STATUSES = frozenset(MeetingStatus.values)

SECTIONS_BLOCK = LibraryItem._meta.get_field("sections").stream_block
ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "b", "strong", "i", "em", "u", "a",
                "blockquote", "sub", "sup", "hr"}
_HTML_RE = re.compile(r"<\s*/?\s*(p|br|div|span|h[1-6]|ul|ol|li|b|strong|i|em|u|a|blockquote|table|hr)\b[^>]*>",
                      re.IGNORECASE)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")

RELATION_WORDS = {
    "huong dan": RelationType.GUIDES, "thay the": RelationType.REPLACES, "sua doi": RelationType.AMENDS,
    "sua doi bo sung": RelationType.AMENDS, "sua doi, bo sung": RelationType.AMENDS, "bai bo": RelationType.REPEALS,
    "can cu": RelationType.BASED_ON, "dan chieu": RelationType.CITES, "trich dan": RelationType.CITES,
    "trien khai": RelationType.IMPLEMENTS, "trien khai thuc hien": RelationType.IMPLEMENTS,
    "thuc hien": RelationType.IMPLEMENTS, "gom": RelationType.INCLUDES, "bao gom": RelationType.INCLUDES,
    "gom tai lieu": RelationType.INCLUDES, "tai lieu": RelationType.INCLUDES,
}
MEETING_STATUS_WORDS = {fold(str(label)): value for value, label in MeetingStatus.choices} | {
    "du kien": MeetingStatus.PLANNED, "thong bao": MeetingStatus.ANNOUNCED, "da to chuc": MeetingStatus.HELD,
    "ket luan": MeetingStatus.CONCLUDED, "huy": MeetingStatus.CANCELLED, "hoan": MeetingStatus.POSTPONED,
}
# New topics get a 12-HD group from their name (editors can change it later); first match wins.
TOPIC_GROUP_WORDS = [
    (TopicGroup.HCM, ("ho chi minh", "lam theo bac", "guong bac")),
    (TopicGroup.ANTICORRUPTION, ("tham nhung", "lang phi", "tieu cuc")),
    (TopicGroup.IDEOLOGY, ("tu dien bien", "tu chuyen hoa", "suy thoai", "nen tang tu tuong", "sai trai")),
    (TopicGroup.BUILDING, ("xay dung dang", "chinh don dang", "sinh hoat chi bo", "dang vien", "to chuc dang",
                           "dieu le dang", "kiem tra, giam sat", "kiem tra giam sat", "cong tac dang", "can bo",
                           "nep", "neu guong", "dao duc cach mang")),
    (TopicGroup.DIRECTIVES, ("nghi quyet", "chi thi", "ket luan", "quy dinh")),
    (TopicGroup.THEORY, ("ly luan", "chuyen mon", "nghiep vu", "chuyen doi so", "khoa hoc", "cong nghe",
                         "kinh te", "phap luat", "van thu")),
]

ITEM_FIELDS = ("item_type", "kind", "symbol", "title", "issuer_id", "signer", "issued_on", "effective_from",
               "validity", "field", "summary", "body", "sections", "purpose", "discussion_questions",
               "conclusion_template", "visibility", "live", "has_unpublished_changes")
MEETING_FIELDS = ("title", "topic_id", "pack_id", "scheduled_at", "duration_minutes", "status", "place",
                  "presenters", "upper_member", "status_reason", "is_public", "announced_at", "outcome_posted_at",
                  "attendance_present", "attendance_total", "speakers", "opinions", "score", "conclusion", "chair",
                  "minutes_secretary", "guests", "agenda", "minutes", "resolution_id")
MEETING_TEXT_EXTRAS = {"upper_member": 255, "status_reason": None, "chair": 200, "minutes_secretary": 200,
                       "guests": 500, "agenda": None, "minutes": None}
# A change to any of these is a change calendar apps must see (iCalendar SEQUENCE goes up).
MEETING_CALENDAR_FIELDS = {"title", "scheduled_at", "duration_minutes", "status", "place"}


class LineError(Exception):
    """What is wrong with one line; reported as ``line N: <message>``."""


class Unresolved(LineError):
    """A meeting names something not (yet) in the database; retried once at the end of the file."""


# ---------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------
@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, other: "Counts"):
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: defaultdict(Counts))
    errors: list = field(default_factory=list)
    error_count: int = 0
    created_orgs: list = field(default_factory=list)
    unresolved: list = field(default_factory=list)  # (source display, relation type, target text)

    @property
    def failed(self) -> int:
        return self.error_count

    def total(self) -> Counts:
        out = Counts()
        for c in self.counts.values():
            out.add(c)
        return out

    def summary_lines(self) -> list[str]:
        head = "Nhập thử (--dry-run), không ghi gì vào cơ sở dữ liệu." if self.dry_run else "Nhập xong."
        lines = [head]
        for kind in LINE_TYPES + ("unknown",):
            c = self.counts.get(kind)
            if c and (c.created or c.updated or c.unchanged or c.failed):
                lines.append(f"  {kind}: created {c.created}, updated {c.updated}, unchanged {c.unchanged}, "
                             f"failed {c.failed}")
        t = self.total()
        lines.append(f"Tổng: created {t.created} / updated {t.updated} / unchanged {t.unchanged} / "
                     f"failed {self.error_count}")
        if self.created_orgs:
            lines.append(f"Tổ chức mới được tạo ({len(self.created_orgs)}): " + "; ".join(self.created_orgs[:50])
                         + (" …" if len(self.created_orgs) > 50 else ""))
        if self.unresolved:
            lines.append(f"Quan hệ chưa tìm thấy văn bản đích ({len(self.unresolved)}), được giữ lại theo số hiệu:")
            for source, rel, target in self.unresolved[:30]:
                lines.append(f"  {source} —{rel}→ {target}")
            if len(self.unresolved) > 30:
                lines.append(f"  … và {len(self.unresolved) - 30} quan hệ khác")
        return lines


class _Tally:
    """What one chunk did; merged into the report only when the chunk's transaction commits."""

    def __init__(self):
        self.counts = defaultdict(Counts)
        self.errors: list[tuple[int, str]] = []
        self.created_orgs: list[str] = []
        self.pending_relations: list[dict] = []
        self.pending_guides: list[dict] = []
        self.deferred: list[tuple[int, dict]] = []
        self.changed_items: set[int] = set()
        self.changed_meetings: set[int] = set()

    def fail(self, line_no: int, kind: str, message: str):
        self.counts[kind].failed += 1
        self.errors.append((line_no, message))


# ---------------------------------------------------------------------------------------------------------
# Small parsers: each returns a clean value or raises LineError with a Vietnamese reason
# ---------------------------------------------------------------------------------------------------------
def _text(value, name: str, max_length: int | None = None, required: bool = False) -> str:
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


def _required(data: dict, name: str, max_length: int | None = None) -> str:
    if name not in data or data[name] is None:
        raise LineError(f"thiếu trường bắt buộc “{name}”")
    return _text(data[name], name, max_length, required=True)


def _date(value, name: str, required: bool = False):
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


def _local_datetime(value, name: str, required: bool = False):
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
        parsed = parsed.replace(tzinfo=LOCAL_TZ)
    return parsed.astimezone(dt.timezone.utc)


def _int(value, name: str, minimum: int = 0, maximum: int | None = None, default=None):
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        else:
            raise LineError(f"trường “{name}” phải là số nguyên: {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"từ {minimum} đến {maximum}" if maximum is not None else f"không nhỏ hơn {minimum}"
        raise LineError(f"trường “{name}” phải {bound}: {value}")
    return value


def _bool(value, name: str, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "1", "0", "yes", "no", "co", "khong"}:
        return value.strip().lower() in {"true", "1", "yes", "co"}
    raise LineError(f"trường “{name}” phải là true hoặc false: {value!r}")


def _names(value, name: str, max_length: int = 255) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise LineError(f"trường “{name}” phải là một danh sách")
    out = []
    for v in value:
        v = _text(v, name, max_length)
        if v and v not in out:
            out.append(v)
    return out


def parse_kind(value: str) -> str:
    """'CT', 'ct', 'QD' → 'QĐ', 'Chỉ thị' → 'CT'; '' stays ''."""
    if not value:
        return ""
    if value in KIND_CODES:
        return value
    folded = fold(value).strip().replace(".", "")
    code = CODES_FOLDED.get(folded) or TYPE_WORDS.get(folded)
    if not code:
        for v in KIND_CODES:
            if fold(v) == folded:
                code = v
    if not code:
        raise LineError(f"loại văn bản không hợp lệ: {value!r}")
    return code


def parse_validity(value) -> str:
    if value in (None, ""):
        return "con_hieu_luc"
    text = _text(value, "status")
    folded = fold(text).strip()
    for candidate in (text, folded, folded.replace(" ", "_"), folded.replace("_", " "),
                      folded.replace("-", " "), folded.replace(" toan bo", "")):
        if candidate in VALIDITY_ALIASES:
            return VALIDITY_ALIASES[candidate]
    raise LineError(f"tình trạng hiệu lực không hợp lệ: {text!r}")


def parse_relation_type(value) -> str:
    text = _text(value, "relations.type", required=True)
    if text in RELATION_CODES:
        return text
    folded = fold(text).strip().replace("_", " ")
    if folded.replace(" ", "_") in RELATION_CODES:
        return folded.replace(" ", "_")
    for v, label in RelationType.choices:
        if fold(str(label)) == folded:
            return v
    if folded in RELATION_WORDS:
        return RELATION_WORDS[folded]
    raise LineError(f"loại quan hệ không hợp lệ: {text!r}")


def parse_meeting_status(value) -> str:
    if value in (None, ""):
        return MeetingStatus.PLANNED
    text = _text(value, "status")
    if text in MEETING_STATUSES:
        return text
    folded = fold(text).strip()
    if folded in MEETING_STATUSES:
        return folded
    if folded in MEETING_STATUS_WORDS:
        return MEETING_STATUS_WORDS[folded]
    raise LineError(f"trạng thái buổi sinh hoạt không hợp lệ: {text!r} (planned, announced, held, concluded, "
                    f"cancelled, postponed)")


def body_to_html(text: str) -> str:
    """Plain text becomes escaped paragraphs; HTML is kept but sanitised (nh3)."""
    text = nfc(text or "").strip()
    if not text:
        return ""
    if _HTML_RE.search(text):
        return nh3.clean(text, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                         url_schemes={"http", "https", "mailto"}).strip()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n[ \t]*\n", text)
    if len(blocks) == 1:
        blocks = text.split("\n")
    paragraphs = []
    for block in blocks:
        lines = [html.escape(line.strip(), quote=False) for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("<p>" + "<br/>".join(lines) + "</p>")
    return "".join(paragraphs)


def _strip_ids(value):
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, dict) and v.get("type") == "item" and set(v) <= {"type", "value", "id"}:
                v = v.get("value")  # ListBlock's newer storage format
            out.append(_strip_ids(v))
        return out
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    return value


def canonical_sections(value) -> str:
    """Sections as comparable JSON (block ids are random on every parse, so they are left out)."""
    if not value:
        return "[]"
    return json.dumps(_strip_ids(SECTIONS_BLOCK.get_prep_value(value)), sort_keys=True, ensure_ascii=False)


def parse_sections(value):
    """The guide's StreamField JSON ([{type, value}]) → a validated StreamValue."""
    if value in (None, "", []):
        return []
    if not isinstance(value, list):
        raise LineError("trường “sections” phải là một danh sách khối [{type, value}]")
    raw = []
    for i, block in enumerate(value, 1):
        if isinstance(block, dict) and "type" not in block and len(block) == 1:
            (btype, bvalue), = block.items()  # shorthand {"heading": "…"}
        elif isinstance(block, dict):
            btype, bvalue = block.get("type"), block.get("value")
        else:
            raise LineError(f"sections[{i}] phải là một đối tượng {{type, value}}")
        if btype not in SECTIONS_BLOCK.child_blocks:
            raise LineError(f"sections[{i}]: loại khối không hợp lệ {btype!r} "
                            f"(heading, text, quote, questions, key_points)")
        if btype == "text":
            bvalue = body_to_html(_text(bvalue, f"sections[{i}]"))
        elif btype == "heading":
            bvalue = _text(bvalue, f"sections[{i}]")
        elif btype in ("questions", "key_points"):
            if isinstance(bvalue, str):
                bvalue = [line for line in bvalue.split("\n") if line.strip()]
            if not isinstance(bvalue, list):
                raise LineError(f"sections[{i}]: “{btype}” phải là danh sách câu")
            bvalue = [_text(v, f"sections[{i}]") for v in bvalue]
        elif btype == "quote":
            if isinstance(bvalue, str):
                bvalue = {"text": bvalue, "source": ""}
            if not isinstance(bvalue, dict):
                raise LineError(f"sections[{i}]: “quote” phải là {{text, source}}")
            bvalue = {"text": _text(bvalue.get("text"), f"sections[{i}].text"),
                      "source": _text(bvalue.get("source"), f"sections[{i}].source")}
        raw.append({"type": btype, "value": bvalue})
    stream = SECTIONS_BLOCK.to_python(raw)
    try:
        SECTIONS_BLOCK.clean(stream)
    except Exception as exc:  # StreamBlockValidationError carries per-block details
        raise LineError(f"trường “sections” không hợp lệ (khối trống hoặc sai dạng): {exc}") from None
    return stream


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


def _target_match_key(text: str) -> str:
    """How a relation target is compared between a line and the database (independent of resolution)."""
    return fold(text[:120]).strip()


def infer_topic_group(name: str) -> str:
    folded = fold(name)
    for group, words in TOPIC_GROUP_WORDS:
        if any(w in folded for w in words):
            return group
    return TopicGroup.OTHER


def _bump(counts: Counts, status: str):
    setattr(counts, status, getattr(counts, status) + 1)


def _batched(values, size=IN_BATCH):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _waves(rows, key):
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


# ---------------------------------------------------------------------------------------------------------
# Rows: one validated line, ready for the database
# ---------------------------------------------------------------------------------------------------------
@dataclass
class ItemRow:
    line: int
    item_type: str
    values: dict
    issuer: str
    topics: list
    cells: list
    relations: list  # [(relation type, target text)]
    guide: str = ""
    identity: str = ""
    obj: LibraryItem | None = None
    status: str = ""


@dataclass
class MeetingRow:
    line: int
    data: dict
    cell: str
    values: dict
    topic: str
    pack: str
    resolution: str
    materials: list  # [(text, required)]
    tasks: list | None
    absentees: list | None
    obj: Meeting | None = None
    status: str = ""


def prepare_item(line: int, data: dict) -> ItemRow:
    item_type = data["type"]
    title = _required(data, "title")
    issuer = _required(data, "issuer", 255)
    issued_on = _date(data.get("issued_on"), "issued_on", required=True)
    if item_type == ItemType.DOCUMENT:
        kind = parse_kind(_required(data, "kind", 8))
        symbol = _required(data, "symbol", 120)
    else:
        kind = parse_kind(_text(data.get("kind"), "kind", 8)) or DEFAULT_KIND[item_type]
        symbol = _text(data.get("symbol"), "symbol", 120)
    public = _bool(data.get("public"), "public", default=False)
    cells = _names(data.get("cells"), "cells")
    visibility = Visibility.PUBLIC if public else (Visibility.RESTRICTED if cells else Visibility.INTERNAL)
    discussion = data.get("discussion_questions")
    if isinstance(discussion, list):
        discussion = "\n".join(_text(q, "discussion_questions") for q in discussion)
    relations = []
    raw_relations = data.get("relations") or []
    if not isinstance(raw_relations, list):
        raise LineError("trường “relations” phải là danh sách [{type, target}]")
    for rel in raw_relations:
        if not isinstance(rel, dict):
            raise LineError("mỗi quan hệ phải có dạng {type, target}")
        target = _text(rel.get("target", rel.get("symbol")), "relations.target", required=True)
        relations.append((parse_relation_type(rel.get("type")), target))
    materials = data.get("materials") or []
    if not isinstance(materials, list):
        raise LineError("trường “materials” phải là danh sách số hiệu hoặc tiêu đề")
    for m in materials:
        if isinstance(m, dict):
            m = m.get("symbol") or m.get("title") or m.get("item")
        relations.append((RelationType.INCLUDES, _text(m, "materials", required=True)))
    seen, unique = set(), []
    for rel_type, target in relations:
        if (rel_type, _target_match_key(target)) not in seen:
            seen.add((rel_type, _target_match_key(target)))
            unique.append((rel_type, target))
    topics = _names(data.get("topics"), "topics", TOPIC_NAME_MAX)
    values = {
        "item_type": item_type,
        "kind": kind,
        "symbol": symbol,
        "title": title,
        "signer": _text(data.get("signer"), "signer", 200),
        "issued_on": issued_on,
        "effective_from": _date(data.get("effective_from"), "effective_from"),
        "validity": parse_validity(data.get("status", data.get("validity"))),
        "field": _text(data.get("field"), "field", 200),
        "summary": _text(data.get("summary"), "summary"),
        "body": body_to_html(_text(data.get("body"), "body")),
        "sections": parse_sections(data.get("sections")),
        "purpose": _text(data.get("purpose"), "purpose"),
        "discussion_questions": _text(discussion, "discussion_questions"),
        "conclusion_template": _text(data.get("conclusion_template"), "conclusion_template"),
        "visibility": visibility,
        "live": True,
        "has_unpublished_changes": False,
    }
    return ItemRow(line=line, item_type=item_type, values=values, issuer=issuer, topics=topics, cells=cells,
                   relations=unique, guide=_text(data.get("guide"), "guide"))


def prepare_meeting(line: int, data: dict) -> MeetingRow:
    cell = _required(data, "cell", 255)
    title = _required(data, "title", 500)
    scheduled_at = _local_datetime(data.get("scheduled_at"), "scheduled_at", required=True)
    attendance = data.get("attendance")
    present = total = None
    if attendance not in (None, {}):
        if not isinstance(attendance, dict):
            raise LineError("trường “attendance” phải có dạng {present, total}")
        present = _int(attendance.get("present"), "attendance.present")
        total = _int(attendance.get("total"), "attendance.total")
        if present is not None and total is not None and present > total:
            raise LineError(f"số có mặt ({present}) lớn hơn tổng số đảng viên ({total})")
    presenters = data.get("presenters")
    if isinstance(presenters, list):
        presenters = ", ".join(_text(p, "presenters") for p in presenters)
    values = {
        "title": title,
        "scheduled_at": scheduled_at,
        "duration_minutes": _int(data.get("duration_minutes"), "duration_minutes", minimum=1, default=90),
        "status": parse_meeting_status(data.get("status")),
        "place": _text(data.get("place"), "place", 255),
        "presenters": _text(presenters, "presenters", 255),
        "is_public": _bool(data.get("public", data.get("is_public")), "public", default=False),
        "announced_at": _local_datetime(data.get("announced_at"), "announced_at"),
        "outcome_posted_at": _local_datetime(data.get("outcome_posted_at"), "outcome_posted_at"),
        "attendance_present": present,
        "attendance_total": total,
        "speakers": _int(data.get("speakers"), "speakers"),
        "opinions": _int(data.get("opinions"), "opinions"),
        "score": _int(data.get("score"), "score", 0, 100),
        "conclusion": _text(data.get("conclusion"), "conclusion"),
    }
    for name, max_length in MEETING_TEXT_EXTRAS.items():
        values[name] = _text(data.get(name), name, max_length)
    materials = []
    raw_materials = data.get("materials") or []
    if not isinstance(raw_materials, list):
        raise LineError("trường “materials” phải là danh sách số hiệu hoặc tiêu đề")
    for m in raw_materials:
        required = True
        if isinstance(m, dict):
            required = _bool(m.get("required"), "materials.required", default=True)
            m = m.get("symbol") or m.get("title") or m.get("item")
        text = _text(m, "materials", required=True)
        if all(_target_match_key(text) != _target_match_key(t) for t, _r in materials):
            materials.append((text, required))
    tasks = None
    if data.get("tasks") is not None:
        if not isinstance(data["tasks"], list):
            raise LineError("trường “tasks” phải là danh sách {assignee, description, due_on, done}")
        tasks = []
        for t in data["tasks"]:
            if not isinstance(t, dict):
                raise LineError("mỗi nhiệm vụ phải có dạng {assignee, description, due_on, done}")
            done = _bool(t.get("done"), "tasks.done")
            tasks.append((_text(t.get("assignee"), "tasks.assignee", 200, required=True),
                          _text(t.get("description"), "tasks.description", required=True),
                          _date(t.get("due_on"), "tasks.due_on"), done,
                          _date(t.get("done_on"), "tasks.done_on") if done else None))
    absentees = None
    if data.get("absentees") is not None:
        if not isinstance(data["absentees"], list):
            raise LineError("trường “absentees” phải là danh sách {name, reason}")
        absentees = []
        for a in data["absentees"]:
            if isinstance(a, str):
                a = {"name": a}
            if not isinstance(a, dict):
                raise LineError("mỗi người vắng phải có dạng {name, reason}")
            absentees.append((_text(a.get("name"), "absentees.name", 200, required=True),
                              _text(a.get("reason"), "absentees.reason", 300)))
    return MeetingRow(line=line, data=data, cell=cell, values=values, topic=_text(data.get("topic"), "topic", TOPIC_NAME_MAX),
                      pack=_text(data.get("pack"), "pack"), resolution=_text(data.get("resolution"), "resolution"),
                      materials=materials, tasks=tasks, absentees=absentees)


def parse_line(raw: str) -> dict:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise LineError(f"JSON không hợp lệ ({exc.msg}, cột {exc.colno})") from None
    if not isinstance(data, dict):
        raise LineError("mỗi dòng phải là một đối tượng JSON {…}")
    kind = data.get("type")
    if kind not in LINE_TYPES:
        raise LineError(f"loại dòng không hợp lệ: {kind!r} (organization, document, study_guide, session_pack, "
                        f"meeting)")
    return data


# ---------------------------------------------------------------------------------------------------------
# The importer
# ---------------------------------------------------------------------------------------------------------
class LibraryImporter:
    """Streams lines through chunked, batched writes. Use :func:`import_file` or :meth:`run`."""

    def __init__(self, dry_run: bool = False, on_error: Callable[[str], None] | None = None,
                 chunk_size: int = CHUNK_SIZE):
        self.report = ImportReport(dry_run=dry_run)
        self.on_error = on_error
        self.chunk_size = chunk_size
        self._orgs: dict[str, Organization] = {}
        self._missing_orgs: set[str] = set()
        self._topics: dict[str, Topic] | None = None
        self._pending_relations: list[dict] = []
        self._pending_guides: list[dict] = []
        self._deferred: list[tuple[int, dict]] = []
        self._final_pass = False

    # -- driving ----------------------------------------------------------------------------------------
    def run(self, lines: Iterable[tuple[int, str | LineError]]) -> ImportReport:
        chunk = []
        for line_no, raw in lines:
            chunk.append((line_no, raw))
            if len(chunk) >= self.chunk_size:
                self._process_chunk(chunk)
                chunk = []
        if chunk:
            self._process_chunk(chunk)
        self._finish()
        return self.report

    def _process_chunk(self, chunk):
        parsed = []
        for line_no, raw in chunk:
            try:
                if isinstance(raw, LineError):
                    raise raw
                parsed.append((line_no, parse_line(raw)))
            except LineError as exc:
                kind = "unknown"
                self._error(line_no, str(exc), kind)
        if parsed:
            self._apply_safely(parsed)

    def _apply_safely(self, parsed):
        tally = _Tally()
        try:
            with transaction.atomic():
                self._apply(parsed, tally)
        except Exception as exc:  # noqa: BLE001 — one bad line must not stop the import
            self._forget_caches()
            if len(parsed) == 1:
                line_no, data = parsed[0]
                tally = _Tally()
                reason = ("cơ sở dữ liệu từ chối dòng này" if isinstance(exc, DatabaseError)
                          else "lỗi không mong đợi khi nhập dòng này")
                tally.fail(line_no, data.get("type", "unknown"), f"{reason} ({exc})")
                self._merge(tally)
                return
            for one in parsed:  # replay line by line to name the guilty line
                self._apply_safely([one])
            return
        self._merge(tally)

    def _apply(self, parsed, tally: _Tally):
        orgs = [(n, d) for n, d in parsed if d["type"] == "organization"]
        items = [(n, d) for n, d in parsed if d["type"] in ITEM_TYPES]
        meetings = [(n, d) for n, d in parsed if d["type"] == "meeting"]
        for line_no, data in orgs:
            try:
                self._import_organization(data, tally)
            except LineError as exc:
                tally.fail(line_no, "organization", str(exc))
        if items:
            self._import_items(items, tally)
        if meetings:
            self._import_meetings(meetings, tally)
        if tally.changed_items:
            ids = sorted(tally.changed_items)
            indexing.mark_items_changed(ids)
            citation_service.refresh_citations(ids)
        if tally.changed_meetings:
            indexing.mark_meetings_changed(sorted(tally.changed_meetings))

    def _merge(self, tally: _Tally):
        for kind, counts in tally.counts.items():
            self.report.counts[kind].add(counts)
        for line_no, message in sorted(tally.errors):
            self._emit(line_no, message)
        self.report.created_orgs.extend(tally.created_orgs)
        self._pending_relations.extend(tally.pending_relations)
        self._pending_guides.extend(tally.pending_guides)
        self._deferred.extend(tally.deferred)

    def _error(self, line_no: int, message: str, kind: str):
        self.report.counts[kind].failed += 1
        self._emit(line_no, message)

    def _emit(self, line_no: int, message: str):
        text = f"line {line_no}: {message}"
        self.report.error_count += 1
        if len(self.report.errors) < MAX_ERRORS_KEPT:
            self.report.errors.append(text)
        if self.on_error:
            self.on_error(text)

    def _forget_caches(self):
        self._orgs.clear()
        self._missing_orgs.clear()
        self._topics = None

    def _finish(self):
        """Second pass: meetings waiting for later lines, then forward references of relations and guides."""
        self._final_pass = True
        deferred, self._deferred = self._deferred, []
        for batch in _batched(deferred, self.chunk_size):
            self._apply_safely(batch)
        with transaction.atomic():
            changed: set[int] = set()
            self._resolve_pending_relations(changed)
            self._resolve_pending_guides(changed)
            if changed:
                ids = sorted(changed)
                indexing.mark_items_changed(ids)

    # -- organizations ----------------------------------------------------------------------------------
    def _load_orgs(self, names):
        wanted = [n for n in set(names) if n and n not in self._orgs and n not in self._missing_orgs]
        for batch in _batched(wanted):
            for org in Organization.objects.filter(name__in=batch):
                self._orgs[org.name] = org
        self._missing_orgs.update(n for n in wanted if n not in self._orgs)

    def _org(self, name: str, tally: _Tally, create: bool, parent: Organization | None = None) -> Organization | None:
        if name not in self._orgs:
            self._load_orgs([name])
        org = self._orgs.get(name)
        if org is None and create:
            org = Organization(name=name, kind=infer_kind(name, parent is not None), parent=parent)
            org.save()
            self._orgs[name] = org
            self._missing_orgs.discard(name)
            tally.created_orgs.append(name)
        return org

    def _import_organization(self, data: dict, tally: _Tally):
        name = _required(data, "name", 255)
        parent_name = _text(data.get("parent"), "parent", 255)
        code = _text(data.get("code"), "code", 40) if "code" in data else None
        kind = _text(data.get("kind"), "kind", 10) or infer_kind(name, bool(parent_name))
        if kind not in OrganizationKind.values:
            raise LineError(f"loại tổ chức không hợp lệ: {kind!r}")
        if parent_name == name:
            raise LineError(f"tổ chức “{name}” không thể trực thuộc chính nó")
        parent = self._org(parent_name, tally, create=True) if parent_name else None
        org = self._org(name, tally, create=False)
        if org is None:
            org = Organization(name=name, kind=kind, parent=parent, code=code or "")
            org.save()
            self._orgs[name] = org
            self._missing_orgs.discard(name)
            tally.counts["organization"].created += 1
            return
        if parent is not None and (parent.pk == org.pk or f"/{org.pk}/" in parent.path):
            raise LineError(f"không thể đặt “{name}” trực thuộc “{parent_name}”: tạo vòng lặp trong cây tổ chức")
        changes = {}
        if org.parent_id != (parent.pk if parent else None):
            changes["parent"] = parent
        if org.kind != kind:
            changes["kind"] = kind
        if code is not None and org.code != code:
            changes["code"] = code
        if not changes:
            tally.counts["organization"].unchanged += 1
            return
        for attr, value in changes.items():
            setattr(org, attr, value)
        org.save()
        if "parent" in changes:  # paths below it moved: cached copies are stale
            self._orgs.clear()
            self._missing_orgs.clear()
            self._orgs[name] = org
        tally.counts["organization"].updated += 1

    # -- topics -----------------------------------------------------------------------------------------
    def _topic(self, name: str) -> Topic:
        """Get or create a topic by name, case-insensitively (in Python: SQLite only folds ASCII case)."""
        if self._topics is None:
            self._topics = {t.name.casefold(): t for t in Topic.objects.all()}
        key = name.casefold()
        topic = self._topics.get(key)
        if topic is None:
            topic = Topic(name=name, group=infer_topic_group(name))
            topic.save()
            self._topics[key] = topic
        return topic

    # -- target resolution ------------------------------------------------------------------------------
    def _candidates(self, texts, item_type: str | None = None) -> dict[str, list[tuple]]:
        """For each target text: candidate items (issued_on, id, item_type), by symbol key then exact title."""
        parsed = {t: parse_target(t) for t in set(texts)}
        keys = {p[0] for p in parsed.values() if p[0]}
        by_key = defaultdict(list)
        for batch in _batched(keys):
            qs = LibraryItem.objects.filter(number_key__in=batch)
            if item_type:
                qs = qs.filter(item_type=item_type)
            for row in qs.values_list("number_key", "issued_on", "id", "item_type"):
                by_key[row[0]].append(row[1:])
        out = {}
        for text, (key, year, day) in parsed.items():
            found = by_key.get(key, [])
            if day:
                found = [c for c in found if c[0] == day] or [c for c in found if c[0].year == year]
            elif year:
                found = [c for c in found if c[0].year == year]
            out[text] = found
        by_title = [t for t, c in out.items() if not c]
        for batch in _batched(by_title):
            qs = LibraryItem.objects.filter(title__in=batch)
            if item_type:
                qs = qs.filter(item_type=item_type)
            for title, issued_on, pk, itype in qs.values_list("title", "issued_on", "id", "item_type"):
                out[title].append((issued_on, pk, itype))
        return out

    @staticmethod
    def _pick(candidates, exclude_id=None):
        """Several items share a symbol: the newest issue date wins (never the item itself)."""
        pool = [c for c in candidates if c[1] != exclude_id]
        if not pool:
            return None
        return max(pool, key=lambda c: (c[0], c[1]))[1]

    # -- library items ----------------------------------------------------------------------------------
    def _import_items(self, lines, tally: _Tally):
        rows = []
        for line_no, data in lines:
            try:
                rows.append(prepare_item(line_no, data))
            except LineError as exc:
                tally.fail(line_no, data["type"], str(exc))
        if not rows:
            return
        self._load_orgs([r.issuer for r in rows] + [c for r in rows for c in r.cells])
        for row in rows:
            issuer = self._org(row.issuer, tally, create=True)
            row.values["issuer_id"] = issuer.pk
            row.identity = identity_key(row.item_type, row.values["kind"], row.values["symbol"], issuer.pk,
                                        row.values["issued_on"], row.values["title"])
        for wave in _waves(rows, key=lambda r: r.identity):
            self._write_items(wave, tally)

    def _write_items(self, rows: list[ItemRow], tally: _Tally):
        now = timezone.now()
        existing = {}
        for batch in _batched([r.identity for r in rows]):
            for obj in LibraryItem.objects.filter(identity__in=batch):
                existing[obj.identity] = obj
        to_create, to_update, update_fields = [], [], set()
        for row in rows:
            obj = existing.get(row.identity)
            if obj is None:
                obj = LibraryItem(**row.values, first_published_at=now, last_published_at=now)
                obj.compute_identity()
                to_create.append(obj)
                row.status = "created"
            else:
                changed = [f for f, v in row.values.items() if not self._same(f, getattr(obj, f), v)]
                if changed:
                    for f in changed:
                        setattr(obj, f, row.values[f])
                    obj.compute_identity()
                    obj.updated_at = now
                    if "live" in changed:
                        obj.last_published_at = now
                    update_fields.update(changed)
                    to_update.append(obj)
                    row.status = "updated"
                else:
                    row.status = "unchanged"
            row.obj = obj
        if to_create:
            LibraryItem.objects.bulk_create(to_create)
        if to_update:
            fields = sorted((update_fields - {"issuer_id"}) | ({"issuer"} if "issuer_id" in update_fields else set())
                            | {"updated_at", "number", "number_key", "last_published_at"})
            LibraryItem.objects.bulk_update(to_update, fields)
        first_rel, first_guide = len(tally.pending_relations), len(tally.pending_guides)
        self._sync_item_children(rows, tally)
        final = {}
        for row in rows:
            _bump(tally.counts[row.item_type], row.status)
            final[row.obj.pk] = row.status
            if row.status != "unchanged":
                tally.changed_items.add(row.obj.pk)
        for p in tally.pending_relations[first_rel:] + tally.pending_guides[first_guide:]:
            p["was_unchanged"] = final.get(p["source_id"]) == "unchanged"

    @staticmethod
    def _same(name, old, new) -> bool:
        if name == "sections":
            return canonical_sections(old) == canonical_sections(new)
        return old == new

    def _sync_item_children(self, rows: list[ItemRow], tally: _Tally):
        old_ids = [r.obj.pk for r in rows if r.status != "created"]
        touched = set()
        # Topics (TaggedItem rows) -------------------------------------------------------------------------
        current_tags = defaultdict(set)
        for batch in _batched(old_ids):
            for item_id, tag_id in TaggedItem.objects.filter(content_object_id__in=batch).values_list(
                    "content_object_id", "tag_id"):
                current_tags[item_id].add(tag_id)
        new_tags, drop_tags = [], []
        for row in rows:
            wanted = {self._topic(name).pk for name in row.topics}
            have = current_tags.get(row.obj.pk, set())
            if wanted != have:
                touched.add(row.obj.pk)
                new_tags += [TaggedItem(tag_id=t, content_object_id=row.obj.pk) for t in sorted(wanted - have)]
                if have - wanted:
                    drop_tags.append((row.obj.pk, have - wanted))
        for item_id, tag_ids in drop_tags:
            TaggedItem.objects.filter(content_object_id=item_id, tag_id__in=tag_ids).delete()
        TaggedItem.objects.bulk_create(new_tags)
        # Allowed organizations (restricted items) -------------------------------------------------------
        through = LibraryItem.allowed_orgs.through
        current_orgs = defaultdict(set)
        for batch in _batched(old_ids):
            for item_id, org_id in through.objects.filter(libraryitem_id__in=batch).values_list(
                    "libraryitem_id", "organization_id"):
                current_orgs[item_id].add(org_id)
        new_links = []
        for row in rows:
            wanted = {self._org(name, tally, create=True).pk for name in row.cells}
            have = current_orgs.get(row.obj.pk, set())
            if wanted != have:
                touched.add(row.obj.pk)
                if have - wanted:
                    through.objects.filter(libraryitem_id=row.obj.pk, organization_id__in=have - wanted).delete()
                new_links += [through(libraryitem_id=row.obj.pk, organization_id=o) for o in sorted(wanted - have)]
        through.objects.bulk_create(new_links)
        touched |= self._sync_relations(rows, old_ids, tally)
        touched |= self._sync_guides(rows, tally)
        for row in rows:
            if row.status == "unchanged" and row.obj.pk in touched:
                row.status = "updated"

    def _sync_relations(self, rows: list[ItemRow], old_ids, tally: _Tally) -> set[int]:
        current = defaultdict(list)
        for batch in _batched(old_ids):
            for rel in Relation.objects.filter(source_id__in=batch).only(
                    "id", "source_id", "relation_type", "target_id", "target_symbol", "sort_order"):
                current[rel.source_id].append(rel)
        candidates = self._candidates({t for r in rows for _k, t in r.relations})
        touched, new_rels, fix_rels, drop_sources = set(), [], [], []
        for row in rows:
            have = current.get(row.obj.pk, [])
            wanted = sorted((k, _target_match_key(t)) for k, t in row.relations)
            if sorted((r.relation_type, _target_match_key(r.target_symbol)) for r in have) == wanted:
                taken = {(r.relation_type, r.target_id) for r in have if r.target_id}
                texts = {(k, _target_match_key(t)): t for k, t in row.relations}
                for rel in have:
                    if rel.target_id is None:
                        text = texts.get((rel.relation_type, _target_match_key(rel.target_symbol)),
                                         rel.target_symbol)
                        target = self._pick(candidates.get(text, []), row.obj.pk)
                        if target and (rel.relation_type, target) not in taken:
                            rel.target_id = target
                            taken.add((rel.relation_type, target))
                            fix_rels.append(rel)
                            touched.add(row.obj.pk)
                        else:
                            tally.pending_relations.append(self._pending(row, rel.relation_type, text, rel.pk))
                continue
            if have:
                drop_sources.append(row.obj.pk)
            touched.add(row.obj.pk)
            taken = set()
            for order, (rel_type, text) in enumerate(row.relations):
                target = self._pick(candidates.get(text, []), row.obj.pk)
                if target and (rel_type, target) in taken:
                    target = None  # two texts naming one item: keep the second as written
                if target:
                    taken.add((rel_type, target))
                new_rels.append((row, Relation(source_id=row.obj.pk, relation_type=rel_type, target_id=target,
                                               target_symbol=text[:120], sort_order=order)))
        for batch in _batched(drop_sources):
            Relation.objects.filter(source_id__in=batch).delete()
        if fix_rels:
            Relation.objects.bulk_update(fix_rels, ["target"])
        created = Relation.objects.bulk_create([rel for _row, rel in new_rels])
        for (row, _rel), rel in zip(new_rels, created):
            if rel.target_id is None:
                tally.pending_relations.append(self._pending(row, rel.relation_type, rel.target_symbol, rel.pk))
        return touched

    @staticmethod
    def _pending(row: ItemRow, rel_type: str, text: str, rel_id) -> dict:
        values = row.values
        source = f"{values['symbol']} ({values['issued_on']:%d/%m/%Y})" if values["symbol"] else values["title"][:80]
        # ``was_unchanged`` is settled once the row's final status is known (end of _write_items).
        return {"id": rel_id, "source_id": row.obj.pk, "type": rel_type, "text": text, "source": source,
                "item_type": row.item_type, "was_unchanged": False}

    def _sync_guides(self, rows: list[ItemRow], tally: _Tally) -> set[int]:
        packs = [r for r in rows if r.item_type == ItemType.SESSION_PACK]
        if not packs:
            return set()
        candidates = self._candidates({r.guide for r in packs if r.guide}, item_type=ItemType.STUDY_GUIDE)
        touched, fix = set(), []
        for row in packs:
            guide_id = self._pick(candidates.get(row.guide, [])) if row.guide else None
            if row.guide and guide_id is None:
                tally.pending_guides.append(self._pending(row, "guide", row.guide, None))
                continue
            if row.obj.guide_id != guide_id:
                row.obj.guide_id = guide_id
                fix.append(row.obj)
                touched.add(row.obj.pk)
        if fix:
            LibraryItem.objects.bulk_update(fix, ["guide"])
        return touched

    def _resolve_pending_relations(self, changed: set):
        pending, self._pending_relations = self._pending_relations, []
        for batch in _batched(pending):
            candidates = self._candidates({p["text"] for p in batch})
            ids = [p["id"] for p in batch]
            rels = {r.pk: r for r in Relation.objects.filter(pk__in=ids, target__isnull=True)}
            taken = set(Relation.objects.filter(source_id__in={p["source_id"] for p in batch}, target__isnull=False)
                        .values_list("source_id", "relation_type", "target_id"))
            fix = []
            for p in batch:
                rel = rels.get(p["id"])
                target = self._pick(candidates.get(p["text"], []), p["source_id"])
                if rel is not None and target and (p["source_id"], p["type"], target) not in taken:
                    rel.target_id = target
                    taken.add((p["source_id"], p["type"], target))
                    fix.append(rel)
                    self._count_late_change(p, changed)
                elif rel is not None:
                    self.report.unresolved.append((p["source"], p["type"], p["text"]))
            Relation.objects.bulk_update(fix, ["target"])

    def _resolve_pending_guides(self, changed: set):
        pending, self._pending_guides = self._pending_guides, []
        fix = []
        for batch in _batched(pending):
            candidates = self._candidates({p["text"] for p in batch}, item_type=ItemType.STUDY_GUIDE)
            for p in batch:
                guide_id = self._pick(candidates.get(p["text"], []))
                if guide_id is None:
                    self.report.unresolved.append((p["source"], "guide", p["text"]))
                    continue
                fix.append(LibraryItem(pk=p["source_id"], guide_id=guide_id))
                self._count_late_change(p, changed)
        if fix:
            LibraryItem.objects.bulk_update(fix, ["guide"])

    def _count_late_change(self, pending: dict, changed: set):
        """An item reported 'unchanged' whose forward reference resolved only now is in fact updated."""
        if pending["source_id"] in changed:
            return
        changed.add(pending["source_id"])
        if pending["was_unchanged"]:
            counts = self.report.counts[pending["item_type"]]
            counts.unchanged -= 1
            counts.updated += 1

    # -- meetings ---------------------------------------------------------------------------------------
    def _import_meetings(self, lines, tally: _Tally):
        rows = []
        for line_no, data in lines:
            try:
                rows.append(prepare_meeting(line_no, data))
            except LineError as exc:
                tally.fail(line_no, "meeting", str(exc))
        if not rows:
            return
        self._load_orgs([r.cell for r in rows])
        texts = {t for r in rows for t, _req in r.materials} | {r.resolution for r in rows if r.resolution}
        materials = self._candidates(texts)
        packs = self._candidates({r.pack for r in rows if r.pack}, item_type=ItemType.SESSION_PACK)
        ready = []
        for row in rows:
            try:
                self._resolve_meeting(row, materials, packs)
                ready.append(row)
            except Unresolved as exc:
                if self._final_pass:
                    tally.fail(row.line, "meeting", str(exc))
                else:
                    tally.deferred.append((row.line, row.data))
        for wave in _waves(ready, key=lambda r: (r.values["cell_id"], r.values["title"],
                                                 r.values["scheduled_at"].astimezone(LOCAL_TZ).date())):
            self._write_meetings(wave, tally)

    def _resolve_meeting(self, row: MeetingRow, materials, packs):
        cell = self._orgs.get(row.cell)
        if cell is None:
            raise Unresolved(f"không tìm thấy chi bộ “{row.cell}”")
        row.values["cell_id"] = cell.pk
        row.values["pack_id"] = None
        if row.pack:
            row.values["pack_id"] = self._pick(packs.get(row.pack, []))
            if row.values["pack_id"] is None:
                raise Unresolved(f"không tìm thấy gói chuyên đề “{row.pack}”")
        row.values["resolution_id"] = None
        if row.resolution:
            row.values["resolution_id"] = self._pick(materials.get(row.resolution, []))
            if row.values["resolution_id"] is None:
                raise Unresolved(f"không tìm thấy nghị quyết “{row.resolution}”")
        resolved = []
        for text, required in row.materials:
            item_id = self._pick(materials.get(text, []))
            if item_id is None:
                raise Unresolved(f"không tìm thấy tài liệu “{text}” (theo số hiệu hoặc tiêu đề)")
            if item_id not in {i for i, _r in resolved}:
                resolved.append((item_id, required))
        row.materials = resolved
        row.values["topic_id"] = self._topic(row.topic).pk if row.topic else None

    def _write_meetings(self, rows: list[MeetingRow], tally: _Tally):
        now = timezone.now()
        existing = {}
        cell_ids = {r.values["cell_id"] for r in rows}
        titles = {r.values["title"] for r in rows}
        for batch in _batched(titles):
            for m in Meeting.objects.filter(cell_id__in=cell_ids, title__in=batch).order_by("id"):
                existing.setdefault((m.cell_id, m.title, m.scheduled_at.astimezone(LOCAL_TZ).date()), m)
        to_create, to_update, fields = [], [], set()
        for row in rows:
            v = row.values
            key = (v["cell_id"], v["title"], v["scheduled_at"].astimezone(LOCAL_TZ).date())
            obj = existing.get(key)
            if obj is None:
                obj = Meeting(**v)
                to_create.append(obj)
                row.status = "created"
            else:
                changed = [f for f in MEETING_FIELDS if getattr(obj, f) != v[f]]
                if changed:
                    for f in changed:
                        setattr(obj, f, v[f])
                    if MEETING_CALENDAR_FIELDS & set(changed):
                        obj.sequence += 1
                        fields.add("sequence")
                    obj.updated_at = now
                    fields.update(changed)
                    to_update.append(obj)
                    row.status = "updated"
                else:
                    row.status = "unchanged"
            row.obj = obj
        if to_create:
            Meeting.objects.bulk_create(to_create)
        if to_update:
            Meeting.objects.bulk_update(to_update, sorted(fields | {"updated_at"}))
        touched = self._sync_meeting_children(rows)
        for row in rows:
            if row.status == "unchanged" and row.obj.pk in touched:
                row.status = "updated"
            _bump(tally.counts["meeting"], row.status)
            if row.status != "unchanged":
                tally.changed_meetings.add(row.obj.pk)

    def _sync_meeting_children(self, rows: list[MeetingRow]) -> set[int]:
        old_ids = [r.obj.pk for r in rows if r.status != "created"]
        have_mats, have_tasks, have_abs = defaultdict(list), defaultdict(list), defaultdict(list)
        for batch in _batched(old_ids):
            for m in MeetingMaterial.objects.filter(meeting_id__in=batch).order_by("sort_order", "id"):
                have_mats[m.meeting_id].append((m.item_id, m.required))
            for t in MeetingTask.objects.filter(meeting_id__in=batch).order_by("sort_order", "id"):
                have_tasks[t.meeting_id].append((t.assignee, t.description, t.due_on, t.done, t.done_on))
            for a in Absentee.objects.filter(meeting_id__in=batch).order_by("sort_order", "id"):
                have_abs[a.meeting_id].append((a.name, a.reason))
        touched = set()
        new_mats, new_tasks, new_abs = [], [], []
        for row in rows:
            mid = row.obj.pk
            if row.materials != have_mats.get(mid, []):
                touched.add(mid)
                if have_mats.get(mid):
                    MeetingMaterial.objects.filter(meeting_id=mid).delete()
                new_mats += [MeetingMaterial(meeting_id=mid, item_id=i, required=r, sort_order=n)
                             for n, (i, r) in enumerate(row.materials)]
            # Tasks and absentees are optional extensions: absent from the line → left as they are
            # (members tick tasks off in the portal; re-importing a plan must not undo that).
            if row.tasks is not None and row.tasks != have_tasks.get(mid, []):
                touched.add(mid)
                if have_tasks.get(mid):
                    MeetingTask.objects.filter(meeting_id=mid).delete()
                new_tasks += [MeetingTask(meeting_id=mid, assignee=a, description=d, due_on=due, done=done,
                                          done_on=done_on, sort_order=n)
                              for n, (a, d, due, done, done_on) in enumerate(row.tasks)]
            if row.absentees is not None and row.absentees != have_abs.get(mid, []):
                touched.add(mid)
                if have_abs.get(mid):
                    Absentee.objects.filter(meeting_id=mid).delete()
                new_abs += [Absentee(meeting_id=mid, name=name, reason=reason, sort_order=n)
                            for n, (name, reason) in enumerate(row.absentees)]
        MeetingMaterial.objects.bulk_create(new_mats)
        MeetingTask.objects.bulk_create(new_tasks)
        Absentee.objects.bulk_create(new_abs)
        return touched


# ---------------------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------------------
def read_lines(stream, progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, str | LineError]]:
    """Numbered lines of a binary stream, decoded one by one (a bad byte spoils only its own line)."""
    for line_no, raw in enumerate(stream, 1):
        if progress:
            progress(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield line_no, LineError("dòng không phải UTF-8")
            continue
        if line_no == 1:
            text = text.lstrip("\ufeff")
        if text.strip():
            yield line_no, text


def import_stream(stream, dry_run: bool = False, on_error=None, progress=None,
                  chunk_size: int = CHUNK_SIZE) -> ImportReport:
    """Import an open binary stream of JSON lines; with ``dry_run`` everything is rolled back at the end."""
    importer = LibraryImporter(dry_run=dry_run, on_error=on_error, chunk_size=chunk_size)
    if not dry_run:
        return importer.run(read_lines(stream, progress))
    with transaction.atomic():
        report = importer.run(read_lines(stream, progress))
        transaction.set_rollback(True)
    return report


def import_file(path, dry_run: bool = False, on_error=None, progress=None,
                chunk_size: int = CHUNK_SIZE) -> ImportReport:
    with open(path, "rb") as stream:
        return import_stream(stream, dry_run=dry_run, on_error=on_error, progress=progress, chunk_size=chunk_size)
