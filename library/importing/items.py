"""Library lines (``document``, ``study_guide``, ``session_pack``): validated into rows ready for the database."""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import nh3

from library import file_limits
from library.importing import fields
from library.importing.fields import LineError
from library.kinds import DocumentKind
from library.models import VALIDITY_ALIASES, ItemType, LibraryItem, RelationType, Visibility, topic_model
from vntext.kinds import CODES_FOLDED, TYPE_WORDS
from vntext.text import fold, nfc

ITEM_TYPES = (ItemType.DOCUMENT, ItemType.STUDY_GUIDE, ItemType.SESSION_PACK)


DEFAULT_KIND = {ItemType.STUDY_GUIDE: "TL", ItemType.SESSION_PACK: "CĐ"}


KIND_CODES = frozenset(DocumentKind.values)


RELATION_CODES = frozenset(RelationType.values)


SECTIONS_BLOCK = LibraryItem._meta.get_field("sections").stream_block


ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "b", "strong", "i", "em", "u", "a",
                "blockquote", "sub", "sup", "hr"}


_HTML_RE = re.compile(r"<\s*/?\s*(p|br|div|span|h[1-6]|ul|ol|li|b|strong|i|em|u|a|blockquote|table|hr)\b[^>]*>",
                      re.IGNORECASE)


RELATION_WORDS = {
    "huong dan": RelationType.GUIDES, "thay the": RelationType.REPLACES, "sua doi": RelationType.AMENDS,
    "sua doi bo sung": RelationType.AMENDS, "sua doi, bo sung": RelationType.AMENDS, "bai bo": RelationType.REPEALS,
    "can cu": RelationType.BASED_ON, "dan chieu": RelationType.CITES, "trich dan": RelationType.CITES,
    "trien khai": RelationType.IMPLEMENTS, "trien khai thuc hien": RelationType.IMPLEMENTS,
    "thuc hien": RelationType.IMPLEMENTS, "gom": RelationType.INCLUDES, "bao gom": RelationType.INCLUDES,
    "gom tai lieu": RelationType.INCLUDES, "tai lieu": RelationType.INCLUDES,
}


ITEM_FIELDS = ("item_type", "kind", "symbol", "title", "issuer_id", "signer", "issued_on", "effective_from",
               "validity", "field", "summary", "body", "sections", "purpose", "discussion_questions",
               "conclusion_template", "visibility", "live", "has_unpublished_changes")


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
    text = fields.text(value, "status")
    folded = fold(text).strip()
    for candidate in (text, folded, folded.replace(" ", "_"), folded.replace("_", " "),
                      folded.replace("-", " "), folded.replace(" toan bo", "")):
        if candidate in VALIDITY_ALIASES:
            return VALIDITY_ALIASES[candidate]
    raise LineError(f"tình trạng hiệu lực không hợp lệ: {text!r}")


def parse_relation_type(value) -> str:
    text = fields.text(value, "relations.type", required=True)
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


def settle_body(row: ItemRow, stored: str | None) -> None:
    """Put the HTML body into ``row.values``: the stored body when the line repeats it character for character
    (it was sanitised when it was stored, so it is kept as it is), else the line's body through body_to_html.
    The sanitiser was about a third of an unchanged re-import's time; a body that differs always goes through it."""
    row.values["body"] = stored if stored is not None and row.raw_body == stored else body_to_html(row.raw_body)


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
            bvalue = body_to_html(fields.text(bvalue, f"sections[{i}]"))
        elif btype == "heading":
            bvalue = fields.text(bvalue, f"sections[{i}]")
        elif btype in ("questions", "key_points"):
            if isinstance(bvalue, str):
                bvalue = [line for line in bvalue.split("\n") if line.strip()]
            if not isinstance(bvalue, list):
                raise LineError(f"sections[{i}]: “{btype}” phải là danh sách câu")
            bvalue = [fields.text(v, f"sections[{i}]") for v in bvalue]
        elif btype == "quote":
            if isinstance(bvalue, str):
                bvalue = {"text": bvalue, "source": ""}
            if not isinstance(bvalue, dict):
                raise LineError(f"sections[{i}]: “quote” phải là {{text, source}}")
            bvalue = {"text": fields.text(bvalue.get("text"), f"sections[{i}].text"),
                      "source": fields.text(bvalue.get("source"), f"sections[{i}].source")}
        raw.append({"type": btype, "value": bvalue})
    stream = SECTIONS_BLOCK.to_python(raw)
    try:
        SECTIONS_BLOCK.clean(stream)
    except Exception as exc:  # StreamBlockValidationError carries per-block details
        raise LineError(f"trường “sections” không hợp lệ (khối trống hoặc sai dạng): {exc}") from None
    return stream


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
    for_cells: list = field(default_factory=list)  # cells whose materials the item is (not a visibility rule)
    raw_body: str = ""  # the line's body before body_to_html; see settle_body
    identity: str = ""
    obj: LibraryItem | None = None
    status: str = ""


def prepare_item(line: int, data: dict) -> ItemRow:
    item_type = data["type"]
    title = fields.required(data, "title")
    issuer = fields.required(data, "issuer", 255)
    issued_on = fields.date(data.get("issued_on"), "issued_on", required=True)
    if item_type == ItemType.DOCUMENT:
        kind = parse_kind(fields.required(data, "kind", 8))
        symbol = fields.required(data, "symbol", 120)
    else:
        kind = parse_kind(fields.text(data.get("kind"), "kind", 8)) or DEFAULT_KIND[item_type]
        symbol = fields.text(data.get("symbol"), "symbol", 120)
    public = fields.boolean(data.get("public"), "public", default=False)
    cells = fields.names(data.get("cells"), "cells")
    visibility = Visibility.PUBLIC if public else (Visibility.RESTRICTED if cells else Visibility.INTERNAL)
    discussion = data.get("discussion_questions")
    if isinstance(discussion, list):
        discussion = "\n".join(fields.text(q, "discussion_questions") for q in discussion)
    relations = []
    raw_relations = data.get("relations") or []
    if not isinstance(raw_relations, list):
        raise LineError("trường “relations” phải là danh sách [{type, target}]")
    for rel in raw_relations:
        if not isinstance(rel, dict):
            raise LineError("mỗi quan hệ phải có dạng {type, target}")
        target = fields.text(rel.get("target", rel.get("symbol")), "relations.target", required=True)
        relations.append((parse_relation_type(rel.get("type")), target))
    materials = data.get("materials") or []
    if not isinstance(materials, list):
        raise LineError("trường “materials” phải là danh sách số hiệu hoặc tiêu đề")
    for m in materials:
        if isinstance(m, dict):
            m = m.get("symbol") or m.get("title") or m.get("item")
        relations.append((RelationType.INCLUDES, fields.text(m, "materials", required=True)))
    seen, unique = set(), []
    for rel_type, target in relations:
        if (rel_type, fields.target_match_key(target)) not in seen:
            seen.add((rel_type, fields.target_match_key(target)))
            unique.append((rel_type, target))
    topics = fields.names(data.get("topics"), "topics", topic_model()._meta.get_field("name").max_length)
    values = {
        "item_type": item_type,
        "kind": kind,
        "symbol": symbol,
        "title": title,
        "signer": fields.text(data.get("signer"), "signer", 200),
        "issued_on": issued_on,
        "effective_from": fields.date(data.get("effective_from"), "effective_from"),
        "expired_on": fields.date(data.get("expired_on"), "expired_on"),
        "validity": parse_validity(data.get("status", data.get("validity"))),
        "field": fields.text(data.get("field"), "field", 200),
        "summary": fields.text(data.get("summary"), "summary"),
        # "body" is settled against the stored item (settle_body), once the importer has read it
        "sections": parse_sections(data.get("sections")),
        "purpose": fields.text(data.get("purpose"), "purpose"),
        "discussion_questions": fields.text(discussion, "discussion_questions"),
        "conclusion_template": fields.text(data.get("conclusion_template"), "conclusion_template"),
        "visibility": visibility,
        "live": True,
        "has_unpublished_changes": False,
    }
    raw_body = nfc(fields.text(data.get("body"), "body", max_length=file_limits.max_body_chars()) or "").strip()
    return ItemRow(line=line, item_type=item_type, values=values, issuer=issuer, topics=topics, cells=cells,
                   relations=unique, raw_body=raw_body, guide=fields.text(data.get("guide"), "guide"),
                   for_cells=fields.names(data.get("for_cells"), "for_cells"))
