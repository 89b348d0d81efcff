"""Find references to documents in Vietnamese text.

What counts as a reference (each one becomes a :class:`Reference`):

* a full symbol, party or state style, in any sloppy spelling: ``10-CT/TW``, ``1193-QD/TU``,
  ``12 - HD/BTCTW``, ``08-QĐi/TW``, ``30/2020/NĐ-CP``, ``123/QĐ-UBND``, ``27/2016/QH14``; ``10 CT TW``
  (spaces only) is taken alone only when written in capitals with a known issuer code;
* a type word with a number: "Chỉ thị 05", "Nghị quyết số 35-NQ/TW", "Kết luận 21", "Công văn số
  1234/BNV-CCVC", and lists that share the type word: "Chỉ thị số 05, 10 và 35", "Nghị quyết 01 và 11
  của Đảng bộ Khối" (the issuer named after the last one applies to all), "Nghị quyết số 18, 19-NQ/TW"
  (the symbol's tail applies to the bare numbers before it).

What follows a reference is read too: its date ("ngày 06/7/2018", "ngày 6-7-2018", "ngày 15 tháng 5 năm
2016", "(15/5/2016)", "ban hành ngày …"), its issuer ("của Bộ Chính trị", "do Ban Bí thư ban hành"), a
term ("khóa XII") or a year in brackets, in any order.

Decisions (see tests/citations/cases.py for the evidence):

* ``kind`` is the type code written in the symbol when there is one ("Quy định 1193-QĐ/TU" → QĐ, since
  committees number many Quy định as QĐ), otherwise the type word's code.
* ``number`` drops leading zeros ("05" → "5"), like ``LibraryItem.number``; ``symbol`` keeps them.
* ``symbol`` is filled only when an issuer code is written; "Chỉ thị 05" and "Chỉ thị 05-CT" have none.
* ``issuer`` is the code in the symbol ("TW") when there is a symbol, else the words after "của"/"do".
* "Nghị quyết Trung ương 4 (khóa XII)" is **not** a citation: 4 is the plenum, not the resolution's
  number (Trung ương 4 khóa XII issued 04-NQ/TW, Trung ương 4 khóa XI issued 12-NQ/TW). Likewise
  "Nghị quyết Đại hội XIII", "lần thứ XIII".
* A bare number after a type word is refused when it is a count or a measure ("Kế hoạch 5 năm", "báo cáo
  6 tháng", "hướng dẫn 10 đảng viên"), a year ("Kế hoạch 2024"), money, a decimal or a percentage. A
  lower-case type word without "số" ("quyết định 3 vấn đề") is accepted only when what follows reads
  like the rest of a reference ("của", "ngày", "về", punctuation, …).

Offsets: the text is NFC-normalised internally; ``start``/``end`` index the text *as passed in* (NFD
input included) and ``text[start:end] == raw``.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from vntext.citations.issuers import ISSUER_CODES, LOWER_HEADS, STOP_WORDS, continues_issuer, display_code
from vntext.citations.relations import suggest_relation
from vntext.citations.textmap import TextMap
from vntext.kinds import CODES_FOLDED
from vntext.numbers import number_key

# --- vocabulary -------------------------------------------------------------------------------------
# Folded type phrases → code; longer phrases first so "thong bao ket luan" wins over "thong bao".
TYPE_PHRASES: dict[str, str] = {
    "thong bao ket luan": "TB", "chuong trinh hanh dong": "CTr", "thong tu lien tich": "TT",
    "nghi quyet": "NQ", "quyet dinh": "QĐ", "quy dinh": "QĐi", "chi thi": "CT", "ket luan": "KL",
    "quy che": "QC", "thong tri": "TT", "thong tu": "TT", "huong dan": "HD", "thong bao": "TB",
    "bao cao": "BC", "ke hoach": "KH", "chuong trinh": "CTr", "to trinh": "TTr", "bien ban": "BB",
    "de an": "ĐA", "cong van": "CV", "nghi dinh": "NĐ", "luat": "L", "phap lenh": "L",
}
# Words that need "số" and a full symbol before they count ("Luật Đất đai" is not a numbered reference).
SYMBOL_ONLY_KINDS = {"L"}

CODE_KINDS: dict[str, str] = dict(CODES_FOLDED) | {"ttlt": "TT", "nd": "NĐ", "qdi": "QĐi"}
CODE_DISPLAY: dict[str, str] = {
    "nq": "NQ", "qd": "QĐ", "qdi": "QĐi", "ct": "CT", "kl": "KL", "qc": "QC", "tt": "TT", "hd": "HD",
    "tb": "TB", "bc": "BC", "kh": "KH", "ctr": "CTr", "ttr": "TTr", "bb": "BB", "da": "ĐA", "cv": "CV",
    "nd": "NĐ", "ttlt": "TTLT",
}
_CODE_ALT = "|".join(sorted(CODE_DISPLAY, key=len, reverse=True))
_PART = r"[a-z]{1,10}\d{0,2}"

_TYPE_RE = re.compile(
    r"(?<![a-z0-9_])(" + "|".join(p.replace(" ", r"\s+") for p in sorted(TYPE_PHRASES, key=len, reverse=True))
    + r")(?![a-z0-9_])"
)
# Capitalised code abbreviations used as type words in running text: "NQ 57", "CT số 05".
ABBREV_KINDS = {"NQ": "NQ", "QĐ": "QĐ", "QĐi": "QĐi", "CT": "CT", "KL": "KL", "HD": "HD", "KH": "KH",
                "CTr": "CTr", "ĐA": "ĐA", "NĐ": "NĐ", "QC": "QC"}
_ABBREV_RE = re.compile(r"(?<![\w/-])(" + "|".join(sorted(ABBREV_KINDS, key=len, reverse=True))
                        + r")(?=\s+(?:số\s*)?\d)")
_NO_RE = re.compile(r"\s+(?:(so)\s*[:.]?\s*)?(?=\d)")

# Full symbol: number [/year] sep code [sep issuer [-more]].
_SYM_RE = re.compile(
    r"(?P<num>\d{1,5})(?:\s*/\s*(?P<year>(?:19|20)\d\d))?"
    r"(?P<sep1>\s*[-/]\s*|[ \t]+)(?P<code>" + _CODE_ALT + r")(?![a-z0-9])"
    r"(?:(?P<sep2>\s*[-/]\s*|[ \t]+)(?P<iss>" + _PART + r")(?![a-z0-9])"
    r"(?P<more>(?:\s*-\s*" + _PART + r"(?![a-z0-9]))*))?"
)
# Laws and resolutions of the National Assembly: 27/2016/QH14.
_QH_RE = re.compile(r"(?P<num>\d{1,5})\s*/\s*(?P<year>(?:19|20)\d\d)\s*/\s*(?P<iss>(?:ubtv)?qh\d{1,2})(?![a-z0-9])")
# Any other symbol, only after "<type word> số": 1234/BNV-CCVC, 45/UBND-VP.
_GENERIC_RE = re.compile(
    r"(?P<num>\d{1,5})\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<parts>" + _PART
    + r"(?:\s*-\s*" + _PART + r")+)(?![a-z0-9])"
)
_BARE_RE = re.compile(r"(?P<num>\d{1,4})(?:\s*/\s*(?P<year>(?:19|20)\d\d)(?![\d/]))?(?![\d])")
_STANDALONE_START = re.compile(r"(?<![\w/.,-])(?=\d)")

_CONNECTOR_RE = re.compile(r"(?:\s*[,;]\s*(?:va\s+|cung\s+)?|\s+(?:va|cung|hoac)\s+|\s*&\s*)(?:so\s*[:.]?\s*)?(?=\d)")

_DATE = (r"(?:(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d\d)"
         r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s*,?\s+nam\s+(?P<y2>(?:19|20)\d\d))(?!\d)")
_DATE_AFTER_RE = re.compile(
    r"\s*,?\s*(?P<open>\(\s*)?(?:(?:duoc\s+|da\s+)?(?:ky\s+)?ban\s+hanh\s+(?:vao\s+)?|ky\s+)?ngay\s+" + _DATE
    + r"(?(open)\s*\))"
)
_DATE_PAREN_RE = re.compile(r"\s*\(\s*" + _DATE + r"\s*\)")
_TERM_RE = re.compile(r"\s*,?\s*(?:\(\s*khoa\s+[ivxlc]+\s*\)|khoa\s+[ivxlc]+(?![a-z]))")
_YEAR_PAREN_RE = re.compile(r"\s*\(\s*(?:nam\s+)?((?:19|20)\d\d)\s*\)")
_YEAR_RE = re.compile(r"\s*,?\s*nam\s+((?:19|20)\d\d)(?![\d/.-])")
_CUA_RE = re.compile(r"\s*,?\s+cua\s+")
_DO_RE = re.compile(r"\s+(?:do|duoc)\s+")
_BAN_HANH_RE = re.compile(r"\s+(?:da\s+)?(?:ky\s+)?ban\s+hanh(?:\s+vao(?=\s+ngay))?")
# "Ngày 23/7/2025, Ban Bí thư ban hành Chỉ thị số 50-CT/TW": the date is the issue date.
_DATE_BEFORE_RE = re.compile(r"ngay\s+" + _DATE + r"\s*,?\s+(?:[^.;:!?\n]{0,100}?\s)?(?:da\s+|vua\s+)?(?:ky\s+)?"
                             r"ban\s+hanh\s+$")

# After a bare number: words that make it a count, a measure or a place, never a document number.
_COUNT_WORDS = (
    "năm tháng ngày tuần quý giờ phút giây lần kỳ đợt buổi tiết người hộ xã phường thôn tổ nhóm lớp đội "
    "điều khoản điểm mục chương phần bước cuộc bài câu trang vụ đồng triệu tỷ tỉ nghìn ngàn trăm km ha tấn "
    "kg lít con cái chiếc bản loại ngành huyện tỉnh quận quyển cuốn tập hạng suất lượt ca em cháu xe"
).split()
_COUNT_PHRASES = (
    "đảng viên", "cán bộ", "công chức", "viên chức", "chi bộ", "tổ chức", "đơn vị", "cơ sở", "đảng bộ",
    "thành viên", "đại biểu", "học viên", "học sinh", "sinh viên", "đoàn viên", "hội viên", "hội nghị",
    "chuyên đề", "văn bản", "tiêu chí", "chỉ tiêu", "nhiệm vụ", "giải pháp", "ý kiến", "kiến nghị", "đề xuất",
    "lĩnh vực", "dự án", "công trình", "đối tượng", "trường hợp", "mô hình", "tài liệu", "tập thể",
    "cá nhân", "gia đình", "doanh nghiệp", "cơ quan", "thành phố", "nội dung", "vấn đề", "phần trăm",
    "nhóm", "khóa học", "năm học", "lớp học", "buổi học", "câu hỏi", "chương trình", "kế hoạch", "đề án",
    "mục tiêu", "quan điểm", "nguyên tắc", "phương châm", "chủ trương", "đồng chí", "thôn bản", "tổ dân phố",
    "gương", "tấm gương", "điển hình", "tác phẩm", "bài viết", "việc làm", "sáng kiến", "giải", "huy hiệu",
    "phần việc", "công việc", "hồ sơ", "bộ hồ sơ", "phiếu", "biểu mẫu", "mẫu", "tờ", "ảnh", "clip", "video",
    "phòng", "khoa", "trường", "bệnh viện", "công ty", "hợp tác xã", "thôn", "ấp", "bản", "làng", "khu",
    "lĩnh vực", "ngày công", "suất quà", "phần quà", "căn nhà", "ngôi nhà", "km đường",
)
_COUNT_RE = re.compile(
    r"\s*(?:%|(?:" + "|".join(sorted({re.escape(w) for w in _COUNT_WORDS} | {re.escape(p) for p in _COUNT_PHRASES},
                                      key=len, reverse=True)) + r")(?!\w))"
)
_COUNT_EXCEPTIONS = re.compile(r"\s*(?:năm\s+(?:19|20)\d\d|ngày\s+\d|ngày\s+(?:ban hành|ký))")
# What may follow a reference written loosely ("quyết định 05 của …"): anything else rejects it.
_FOLLOW_WORDS = (
    "và của ngày về năm khóa khoá đã được là trong tại với cùng nhằm thì do ban vào đến theo quy nêu yêu chỉ "
    "đề xác hoặc hay này cũng vẫn sẽ đang mà nên có không khẳng nhấn đặt hướng gắn nói trên như tiếp thực triển "
    "cụ quán sơ tổng kết bổ sửa thay bãi căn ký"
).split()
_FOLLOW_RE = re.compile(r"\s*(?:$|[,.;:!?)\]}\"”’'(\-–/]|\n|(?:" + "|".join(_FOLLOW_WORDS) + r")(?!\w))")
_WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Reference:
    """One citation found in a text (what ``extract_citations`` prints)."""

    raw: str
    kind: str
    number: str
    symbol: str
    issuer: str
    issued_on: dt.date | None
    start: int
    end: int
    number_key: str = ""
    suggested_relation: str = ""

    def to_json(self, **extra) -> dict:
        data = dict(extra)
        data.update({
            "raw": self.raw, "kind": self.kind, "number": self.number, "symbol": self.symbol or None,
            "issuer": self.issuer or None,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "start": self.start, "end": self.end,
        })
        return data


@dataclass
class _Found:
    start: int  # NFC offsets of the reference itself
    end: int
    kind: str
    number: str
    symbol: str = ""
    issuer: str = ""  # from the symbol (code) or the words after "của"
    issuer_from_words: bool = False
    issued_on: dt.date | None = None
    tail_end: int = 0  # end of what was read after it (date, issuer, term)
    list_head: int = -1  # start of the first reference of the list it belongs to
    code: str = ""  # folded code of a symbol (for lists "18, 19-NQ/TW")
    iss_code: str = ""
    style: str = ""
    extras: dict = field(default_factory=dict)


def extract(text: str) -> list[Reference]:
    """All references in ``text``, in order of appearance."""
    tm = TextMap(text)
    if not tm.nfc:
        return []
    found: list[_Found] = []
    taken = _Spans()
    for start, end, kind, capitalised in _type_matches(tm):
        if taken.covers(start):
            continue
        items = _parse_typed(tm, start, end, kind, capitalised)
        found.extend(items)
        if items:
            taken.add(items[0].start, max(f.tail_end for f in items))
    for f in _standalone(tm, taken):
        found.append(f)
    found.sort(key=lambda f: f.start)
    _share_issuers(tm, found)
    _dates_before(tm, found)
    refs = []
    for f in found:
        start, end = tm.span(f.start, f.end)
        refs.append(Reference(
            raw=tm.original[start:end], kind=f.kind, number=f.number, symbol=f.symbol, issuer=f.issuer,
            issued_on=f.issued_on, start=start, end=end, number_key=number_key(f.symbol) if f.symbol else "",
            suggested_relation=suggest_relation(tm.folded, f.list_head if f.list_head >= 0 else f.start),
        ))
    return refs


# --- references introduced by a type word -----------------------------------------------------------
def _type_matches(tm: TextMap):
    """Type words ("Chỉ thị", folded) and capitalised code abbreviations ("NQ 57"), in text order."""
    hits = [(m.start(), m.end(), TYPE_PHRASES[" ".join(m.group(1).split())], tm.nfc[m.start()].isupper())
            for m in _TYPE_RE.finditer(tm.folded)]
    hits += [(m.start(), m.end(), ABBREV_KINDS[m.group(1)], False) for m in _ABBREV_RE.finditer(tm.nfc)]
    hits.sort()
    return hits


def _parse_typed(tm: TextMap, start: int, end: int, word_kind: str, capitalised: bool) -> list[_Found]:
    folded = tm.folded
    no = _NO_RE.match(folded, end)
    if not no:
        return []
    has_so = bool(no.group(1))
    first = _parse_number(tm, no.end(), word_kind, strong=has_so, loose=not capitalised)
    if first is None:
        return []
    first.start = start
    items = [first]
    while True:
        _read_tail(tm, items[-1])
        conn = _CONNECTOR_RE.match(folded, items[-1].tail_end)
        if not conn:
            break
        joined = conn.group(0)
        strong = has_so or "so" in joined.split()
        # After "và" a number is part of the list unless it counts something; after a bare comma it
        # must also read like a reference ("Theo Chỉ thị 05, 7 gương điển hình …" is no list).
        loose = not capitalised or ("," in joined or ";" in joined) and not re.search(r"\b(?:va|cung|hoac)\b", joined)
        nxt = _parse_number(tm, conn.end(), word_kind, strong=strong, loose=loose)
        if nxt is None:
            break
        items.append(nxt)
    # "Nghị quyết số 18, 19-NQ/TW": the last symbol's code and issuer apply to the bare numbers before it.
    last_sym = next((f for f in reversed(items) if f.symbol), None)
    for i, f in enumerate(items):
        f.list_head = first.start
        if not f.symbol and last_sym is not None and i < items.index(last_sym):
            _apply_symbol_tail(f, last_sym)
    # "Quyết định 217-QĐ/TW và 218-QĐ/TW ngày 12/12/2013": one date after a list dates the whole list.
    if len(items) > 1 and items[-1].issued_on and not any(f.issued_on for f in items[:-1]):
        for f in items[:-1]:
            f.issued_on = items[-1].issued_on
    return items


def _parse_number(tm: TextMap, pos: int, word_kind: str, *, strong: bool, loose: bool) -> _Found | None:
    """The number (or symbol) after a type word. ``strong``: "số" was written; ``loose``: the type word
    was lower-case or this is a comma-joined list item, so what follows must read like a reference."""
    folded = tm.folded
    m = _SYM_RE.match(folded, pos)
    if m:
        f = _from_symbol(tm, m, typed=True)
        if f is not None:
            return f  # the symbol's code decides the kind (see module docstring)
    m = _QH_RE.match(folded, pos)
    if m:
        return _from_qh(tm, m, word_kind)
    if strong:
        m = _GENERIC_RE.match(folded, pos)
        if m:
            return _from_generic(tm, m, word_kind)
    if word_kind in SYMBOL_ONLY_KINDS:
        return None
    m = _BARE_RE.match(folded, pos)
    if not m or _bad_number_context(folded, m.end()):
        return None
    num = int(m.group("num"))
    if num == 0:
        return None
    if 1945 <= num <= 2100 and not strong and not m.group("year"):
        return None  # "Kế hoạch 2024" names a year
    after = m.end()
    if _COUNT_RE.match(tm.lower, after) and not _COUNT_EXCEPTIONS.match(tm.lower, after):
        return None
    if loose and not strong and not _follows_like_reference(tm, after):
        return None
    return _Found(start=m.start(), end=m.end(), kind=word_kind, number=str(num), extras={"typed": m.group("num")})


def _bad_number_context(folded: str, end: int) -> bool:
    """Decimal, thousands, ranges, dates and percentages: '500.000', '6,05', '05-10', '15/5', '10%'."""
    rest = folded[end:end + 3]
    return bool(re.match(r"(?:[.,]\d|\s*%|\s*/\s*\d|-\d|[a-z_])", rest))


def _follows_like_reference(tm: TextMap, pos: int) -> bool:
    if _FOLLOW_RE.match(tm.lower, pos):
        return True
    nxt = re.match(r"\s+([^\W\d_])", tm.nfc[pos:pos + 4])
    return bool(nxt and nxt.group(1).isupper())


# --- symbols ---------------------------------------------------------------------------------------
def _from_symbol(tm: TextMap, m: re.Match, *, typed: bool) -> _Found | None:
    """A party/state symbol; ``typed`` when a type word came first (then the issuer may be missing)."""
    nfc = tm.nfc
    code = m.group("code")
    sep1, sep2 = m.group("sep1"), m.group("sep2")
    iss = m.group("iss")
    end = m.end()
    spaced1 = not sep1.strip()
    if iss is not None and not sep2.strip():
        typed_iss = nfc[m.start("iss"):m.end("iss")]
        if not (typed_iss.isupper() and (iss in ISSUER_CODES or len(iss) >= 2)):
            iss = None  # "Chỉ thị 05-CT và …": 'và' is no issuer
            end = m.end("code")
    if iss is None:
        end = m.end("code")
    if spaced1:
        # "05 CT TW" only in capitals: "Chỉ thị 05 đã …" must not read 'đã' as the code ĐA.
        typed_code = nfc[m.start("code"):m.end("code")]
        if not (typed_code[:1].isupper() and re.fullmatch(r"[A-ZĐÐ][A-Za-zĐđÐð]*", typed_code)):
            return None
        if not typed and (iss is None or iss not in ISSUER_CODES):
            return None
    if not typed and iss is None:
        return None
    num_typed = m.group("num")
    kind = CODE_KINDS.get(code, "")
    f = _Found(start=m.start(), end=end, kind=kind, number=str(int(num_typed)), code=code)
    if int(num_typed) == 0:
        return None
    if iss is not None:
        more = m.group("more") or ""
        iss_display = display_code(nfc[m.start("iss"):m.end("iss")])
        more_parts = [display_code(p) for p in re.findall(r"[^\s\-]+", nfc[m.start("more"):m.end("more")])] if more else []
        year = m.group("year")
        state = bool(year) or "/" in sep1
        if state:
            head = f"{num_typed}/{year}/" if year else f"{num_typed}/"
            f.symbol = head + CODE_DISPLAY[code] + "-" + "-".join([iss_display] + more_parts)
        else:
            f.symbol = f"{num_typed}-{CODE_DISPLAY[code]}/" + "-".join([iss_display] + more_parts)
        f.issuer = iss_display
        f.iss_code = iss
        f.style = "state" if state else "party"
    return f


def _from_qh(tm: TextMap, m: re.Match, word_kind: str) -> _Found:
    iss = tm.nfc[m.start("iss"):m.end("iss")].upper()
    f = _Found(start=m.start(), end=m.end(), kind=word_kind or "L", number=str(int(m.group("num"))))
    f.symbol = f"{m.group('num')}/{m.group('year')}/{iss}"
    f.issuer = iss
    return f


def _from_generic(tm: TextMap, m: re.Match, word_kind: str) -> _Found:
    parts_text = tm.nfc[m.start("parts"):m.end("parts")]
    parts = [display_code(p) for p in re.findall(r"[^\s\-]+", parts_text)]
    kind = next((CODE_KINDS[p] for p in (x.lower() for x in re.findall(r"[a-z]+", m.group("parts")))
                 if p in CODE_KINDS), "") or word_kind
    year = m.group("year")
    head = f"{m.group('num')}/{year}/" if year else f"{m.group('num')}/"
    f = _Found(start=m.start(), end=m.end(), kind=kind, number=str(int(m.group("num"))))
    f.symbol = head + "-".join(parts)
    codes = [p for p in parts if p.lower() not in CODE_KINDS and _fold_simple(p) not in CODE_KINDS]
    f.issuer = codes[0] if codes else ""
    return f


def _fold_simple(s: str) -> str:
    return s.lower().replace("đ", "d")


def _apply_symbol_tail(f: _Found, sym: _Found) -> bool:
    """Give a bare number of a list the code and issuer of the symbol that closes the list."""
    if sym.kind != f.kind and {sym.kind, f.kind} != {"QĐ", "QĐi"}:
        return False
    if sym.style == "party" and sym.iss_code:
        f.symbol = f"{f.extras.get('typed', f.number)}-{CODE_DISPLAY[sym.code]}/{sym.issuer}"
        f.kind = sym.kind
        f.issuer = sym.issuer
        f.issuer_from_words = False
        return True
    return False


class _Spans:
    """Disjoint spans added in increasing order (the references already read), searched by bisection."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int):
        self.starts.append(start)
        self.ends.append(end)

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start


def _standalone(tm: TextMap, taken: _Spans) -> list[_Found]:
    """Symbols written without a type word before them ("theo 12-HD/BTCTW", "số 30/2020/NĐ-CP")."""
    folded = tm.folded
    out: list[_Found] = []
    for s in _STANDALONE_START.finditer(folded):
        pos = s.start()
        if taken.covers(pos) or (out and pos < out[-1].tail_end):
            continue
        f = None
        m = _SYM_RE.match(folded, pos)
        if m:
            f = _from_symbol(tm, m, typed=False)
        if f is None:
            m = _QH_RE.match(folded, pos)
            if m:
                f = _from_qh(tm, m, "")
        if f is None:
            continue
        if taken.overlaps(pos, f.end) or _is_own_number(folded, pos, f.end):
            continue
        _read_tail(tm, f)
        out.append(f)
    return out


_OWN_NUMBER_BEFORE = re.compile(r"(?:^|\n)[ \t]*so[ \t]*[:.]?[ \t]*$")
_OWN_NUMBER_AFTER = re.compile(r"[ \t]*(?:$|\n|[ \t]{2,}|\t)")


def _is_own_number(folded: str, start: int, end: int) -> bool:
    """'Số: 09-HD/ĐUK' alone at the start of a line is the document's own number (its header), not a
    reference to another document."""
    line_start = folded.rfind("\n", 0, start) + 1
    return bool(_OWN_NUMBER_BEFORE.search(folded[max(0, line_start - 1):start])
                and _OWN_NUMBER_AFTER.match(folded, end))


# --- what follows a reference ----------------------------------------------------------------------
def _read_tail(tm: TextMap, f: _Found):
    folded = tm.folded
    pos = f.end
    got_date = got_issuer = got_term = got_year = False
    for _ in range(6):
        if not got_year and not got_date:
            m = _YEAR_RE.match(folded, pos)
            if m:
                pos, got_year = m.end(), True
                continue
        if not got_term:
            m = _TERM_RE.match(folded, pos) or _YEAR_PAREN_RE.match(folded, pos)
            if m:
                pos, got_term = m.end(), True
                continue
        if not got_date:
            m = _DATE_AFTER_RE.match(folded, pos) or _DATE_PAREN_RE.match(folded, pos)
            if m:
                day = _date(m)
                if day is not None:
                    f.issued_on = day
                    pos, got_date = m.end(), True
                    continue
        if not got_issuer:
            m = _CUA_RE.match(folded, pos)
            if m:
                words, end = _scan_issuer(tm, m.end())
                if words:
                    if not f.symbol:
                        f.issuer, f.issuer_from_words = words, True
                    pos, got_issuer = end, True
                    continue
            m = _DO_RE.match(folded, pos)
            if m:
                words, end = _scan_issuer(tm, m.end())
                bh = _BAN_HANH_RE.match(folded, end) if words else None
                if bh:
                    if not f.symbol:
                        f.issuer, f.issuer_from_words = words, True
                    pos, got_issuer = bh.end(), True
                    continue
        break
    f.tail_end = pos


def _date(m: re.Match) -> dt.date | None:
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        return dt.date(int(y), int(mo), int(d))
    except (TypeError, ValueError):
        return None


def _scan_issuer(tm: TextMap, pos: int) -> tuple[str, int]:
    """Words naming an issuer from ``pos``: 'Bộ Chính trị', 'Ban Tổ chức Trung ương', 'Đảng bộ Khối'."""
    nfc, folded = tm.nfc, tm.folded
    words: list[tuple[int, int]] = []
    p = pos
    while len(words) < 12:
        m = _WORD_RE.match(nfc, p)
        if not m:
            break
        w = m.group(0)
        fw = folded[m.start():m.end()]
        if words and _TYPE_RE.match(folded, m.start()):
            break
        if not words:
            ok = w[0].isupper() and fw not in STOP_WORDS or any(
                folded.startswith(h, m.start()) for h in LOWER_HEADS)
            if ok and _TYPE_RE.match(folded, m.start()):
                ok = False
        else:
            previous = folded[words[-1][0]:words[-1][1]]
            ok = (w[0].isupper() and fw not in STOP_WORDS) or (w.islower() and continues_issuer(previous, fw))
        if not ok:
            break
        words.append((m.start(), m.end()))
        gap = re.match(r"[ \t\u00a0]+", nfc[m.end():m.end() + 4])
        if not gap:
            break
        p = m.end() + gap.end()
    if not words:
        return "", pos
    return nfc[words[0][0]:words[-1][1]], words[-1][1]


def _dates_before(tm: TextMap, found: list[_Found]):
    """'Ngày 6/7/2018, Ban Tổ chức Trung ương ban hành Hướng dẫn số 12-HD/BTCTW' → issued 2018-07-06
    (only for the reference right after "ban hành", and only when none follows it)."""
    for f in found:
        if f.issued_on is not None or f.list_head not in (-1, f.start):
            continue
        window = tm.folded[max(0, f.start - 200):f.start]
        m = _DATE_BEFORE_RE.search(window)
        if m:
            f.issued_on = _date(m)


def _share_issuers(tm: TextMap, found: list[_Found]):
    """'Nghị quyết 01 và 11 của Đảng bộ Khối', 'Chỉ thị 05 và Kết luận 01 của Bộ Chính trị': the issuer
    named after the last reference of a run joined by ',' / 'và' applies to the ones before it."""
    for i in range(len(found) - 1, 0, -1):
        cur, prev = found[i], found[i - 1]
        if not cur.issuer_from_words or prev.issuer:
            continue
        between = tm.folded[prev.tail_end:cur.start]
        if re.fullmatch(r"\s*(?:,|;|,?\s*va|,?\s*cung|&)\s*", between):
            prev.issuer, prev.issuer_from_words = cur.issuer, True


__all__ = ["Reference", "extract"]
