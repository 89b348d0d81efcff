"""Read the metadata a Vietnamese Party document prints in its header and at its foot.

A typical first page (two columns; text extraction puts the cells on separate lines or on one line
separated by wide spaces)::

    ĐẢNG BỘ TỈNH THANH HÓA          ĐẢNG CỘNG SẢN VIỆT NAM
    TỈNH ỦY                          Thanh Hóa, ngày 06 tháng 7 năm 2018
    *
    Số 09-HD/TU
                      HƯỚNG DẪN
          về tổ chức sinh hoạt chuyên đề của chi bộ
    …
    T/M BAN THƯỜNG VỤ
    PHÓ BÍ THƯ
    (Đã ký)
    Nguyễn Văn An

* the issuer is the block of capitals above/beside the party motto ("ĐẢNG CỘNG SẢN VIỆT NAM" names the
  party, not the issuer); two lines are combined ("ĐẢNG BỘ TỈNH THANH HÓA" + "TỈNH ỦY" → "Tỉnh ủy Thanh
  Hóa"; "TỈNH ỦY NGHỆ AN" + "BAN TUYÊN GIÁO" → "Ban Tuyên giáo Tỉnh ủy Nghệ An");
* "Số 09-HD/TU" / "Số: 09-HD/TU" gives the symbol; "<place>, ngày … tháng … năm …" the place and date;
* the first line of capitals starting with a type word ("HƯỚNG DẪN", "CHỈ THỊ", …) gives the type, and
  the lines after it ("về …", or more capitals) the title; a "V/v …" line is a letter's title;
* the signer is the person's name after the signing block ("T/M …", "K/T …", "BÍ THƯ", "(Đã ký)").

Anything not found stays empty and is listed in ``missing`` for staff to fill in.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from vntext.citations import extract
from vntext.citations.extract import TYPE_PHRASES
from vntext.text import fold

_CELL_SPLIT = re.compile(r"\t+|\s{3,}")
_MOTTOS = ("dang cong san viet nam", "cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc",
           "doc lap tu do hanh phuc")
_SEPARATOR = re.compile(r"^[\s*\-–—_=~.•·]+$")
_SYMBOL_LINE = re.compile(r"^\s*s[oố]\s*[:.]?\s*\S", re.IGNORECASE)
_SYMBOL_PREFIX = re.compile(r"^\s*s[oố]\s*[:.]?\s*", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^(?P<place>[^,\d]{2,60}?)\s*,\s*ng[aà]y\s+(?P<d>\d{1,2})\s+th[aá]ng\s+(?P<m>\d{1,2})\s+n[aă]m\s+(?P<y>\d{4})",
    re.IGNORECASE)
_DATE_ANY = re.compile(r"ng[aà]y\s+(?P<d>\d{1,2})\s+th[aá]ng\s+(?P<m>\d{1,2})\s+n[aă]m\s+(?P<y>\d{4})", re.IGNORECASE)
_TYPE_START = re.compile(r"^(" + "|".join(sorted(TYPE_PHRASES, key=len, reverse=True)) + r")\b")
_ROLE = re.compile(
    r"^(?:t/m|tm\.?|k/t|kt\.?|t/l|tl\.?|tuq\.?|q\.|thua uy quyen)\b|^(?:pho\s+)?(?:bi thu|truong ban|chanh van phong|"
    r"chu nhiem|chu tich|giam doc|thuong truc|uy vien)\b")
_SIGNED = re.compile(r"^\(?\s*(?:da ky|ky ten|da ky va dong dau)\s*\)?\.?$")
_SURNAMES = set(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh truong doan lam mai ha "
    "cao luong luu chu trieu ta quach ton thai kieu lai la tang chau giang khuc vuong hua au dam nong lo lu mac "
    "nghiem phung quan tong thach tieu bach ninh thieu diep kim lac ong mong ma an".split())
_BODY_START = re.compile(r"^(?:can cu|thuc hien|de |nham |ngay \d|[ivx]+[.\-/]\s|\d+[.)]\s|[a-z]\)|-\s|\+\s)")

# Folded phrases of organisation names → how they are written; unknown words are place names.
_ORG_PHRASES = {
    "ban chap hanh trung uong": "Ban Chấp hành Trung ương", "ban chap hanh": "Ban Chấp hành",
    "bo chinh tri": "Bộ Chính trị", "ban bi thu": "Ban Bí thư", "ban thuong vu": "Ban Thường vụ",
    "ban to chuc": "Ban Tổ chức", "ban tuyen giao va dan van": "Ban Tuyên giáo và Dân vận",
    "ban tuyen giao": "Ban Tuyên giáo", "ban dan van": "Ban Dân vận", "ban noi chinh": "Ban Nội chính",
    "uy ban kiem tra": "Ủy ban Kiểm tra", "van phong": "Văn phòng", "trung uong": "Trung ương",
    "tinh uy": "Tỉnh ủy", "thanh uy": "Thành ủy", "huyen uy": "Huyện ủy", "quan uy": "Quận ủy", "thi uy": "Thị ủy",
    "dang uy khoi": "Đảng ủy Khối", "dang bo khoi": "Đảng bộ Khối", "dang uy": "Đảng ủy", "dang bo": "Đảng bộ",
    "chi bo": "Chi bộ", "dang": "Đảng", "thanh pho": "thành phố", "thi xa": "thị xã", "thi tran": "thị trấn",
    "co quan": "cơ quan", "truc thuoc": "trực thuộc",
}
_LOWER_WORDS = {"cac", "tinh", "huyen", "xa", "phuong", "va", "so", "khu", "vuc"}
_ABBREVIATIONS = {"TP", "UBND", "HĐND", "MTTQ", "BCH", "BTV", "TW", "TƯ", "CAND", "QĐND", "DNNN", "KCN"}
_GENERIC_COMMITTEES = {"tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy", "dang uy khoi",
                       "ban thuong vu", "ban chap hanh"}
_ORG_HEADS = ("dang bo", "dang uy", "tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "ban ", "chi bo",
              "uy ban", "van phong", "bo ", "hoi dong", "ubnd", "hdnd", "so ", "truong ", "cong ty", "trung tam",
              "cuc ", "vien ", "hoc vien", "dai hoc", "mat tran", "doan ", "hoi ", "lien doan", "cong an",
              "chinh phu", "quoc hoi", "thu tuong", "bo chinh tri", "ban chap hanh", "tong cuc", "tap doan")
_BODIES = ("ban ", "van phong", "uy ban kiem tra", "chi bo", "dang uy co so", "dang bo bo phan")


@dataclass
class Header:
    issuer: str = ""
    issuer_lines: list = field(default_factory=list)
    issuer_code: str = ""  # the issuer part of the symbol ("ĐUK" in 09-HD/ĐUK)
    symbol: str = ""
    kind: str = ""
    type_word: str = ""
    place: str = ""
    issued_on: dt.date | None = None
    title: str = ""
    signer: str = ""

    @property
    def missing(self) -> list[str]:
        labels = {"issuer": "cơ quan ban hành", "symbol": "số hiệu", "issued_on": "ngày ban hành",
                  "kind": "loại văn bản", "title": "trích yếu", "signer": "người ký"}
        return [label for name, label in labels.items() if not getattr(self, name)]


def _cells(text: str, limit: int | None = None) -> list[str]:
    out = []
    for line in text.splitlines():
        for cell in _CELL_SPLIT.split(line.strip()):
            cell = cell.strip()
            if cell:
                out.append(cell)
        if limit and len(out) >= limit:
            break
    return out


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c.isupper()) >= 0.85 * len(letters)


def _is_motto(f: str) -> bool:
    f = f.strip(" *-_.")
    return any(f.startswith(m) for m in _MOTTOS)


def parse_header(text: str) -> Header:
    head = _cells(text, limit=60)
    h = Header()
    type_index = None
    for i, cell in enumerate(head):
        f = fold(cell).strip()
        if not h.symbol and _SYMBOL_LINE.match(cell):
            refs = [r for r in extract(_SYMBOL_PREFIX.sub("", cell)) if r.symbol]
            if refs:
                h.symbol = refs[0].symbol
                h.issuer_code = refs[0].issuer
                h.kind = h.kind or refs[0].kind
                continue
        if h.issued_on is None:
            m = _DATE_LINE.match(cell)
            if m or _DATE_ANY.search(cell) and len(cell) < 80:
                m = m or _DATE_ANY.search(cell)
                try:
                    h.issued_on = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    h.issued_on = None
                if "place" in m.groupdict() and m.group("place"):
                    h.place = m.group("place").strip(" ,")
                continue
        if type_index is None and _is_caps(cell) and len(cell) <= 120:
            tm = _TYPE_START.match(f)
            if tm and not _is_motto(f):
                type_index = i
                h.type_word = tm.group(1)
                h.kind = TYPE_PHRASES[tm.group(1)]  # the document's own word beats the symbol's code
                break
    issuer_cells = []
    # Only a real header names an issuer: a motto, a symbol or a "<place>, ngày …" line must be there,
    # and the lines must read like organisations, so an article's capitalised headline never becomes one.
    has_header = bool(h.symbol or h.place or any(_is_motto(fold(c).strip()) for c in head[:12]))
    for cell in head[:type_index if type_index is not None else 8] if has_header else ():
        f = fold(cell).strip(" *")
        if (_is_motto(f) or _SEPARATOR.match(cell) or _SYMBOL_LINE.match(cell) or _DATE_ANY.search(cell)
                or not _is_caps(cell) or len(cell) > 90):
            continue
        if not (f.startswith(_ORG_HEADS) or issuer_cells):
            continue
        issuer_cells.append(cell.strip(" *"))
    h.issuer_lines = issuer_cells[:3]
    h.issuer = compose_issuer(h.issuer_lines)
    h.title = _title(head, type_index, text)
    h.signer = _signer(text)
    return h


def _title(head: list[str], type_index: int | None, text: str) -> str:
    for cell in head[:30]:  # letters: "V/v triển khai …"
        m = re.match(r"^\s*v/v\s*[:.]?\s*(.+)$", cell, re.IGNORECASE)
        if m:
            return _clean_title(m.group(1))
    if type_index is None:
        return ""
    parts: list[str] = []
    type_cell = head[type_index]
    tm = _TYPE_START.match(fold(type_cell))
    if tm and len(type_cell) > tm.end() + 2:  # "HƯỚNG DẪN TỔ CHỨC SINH HOẠT …" on one line
        parts.append(type_cell[tm.end():].strip())
    for cell in head[type_index + 1:type_index + 8]:
        f = fold(cell).strip()
        if _SEPARATOR.match(cell) or _SYMBOL_LINE.match(cell):
            if parts:
                break
            continue
        if f.startswith("cua ") and _is_caps(cell) and not parts:
            continue  # "CỦA BỘ CHÍNH TRỊ" under the type word names the issuer, not the subject
        if _BODY_START.match(f) or len(cell) > 250:
            break
        subtitle = not parts and len(cell) < 160 and not cell.rstrip().endswith((".", ":")) and ", " not in cell[:40]
        if not (_is_caps(cell) or cell[:1].islower() or f.startswith("ve ") or subtitle):
            break
        if parts and f.startswith("ve ") and not _is_caps(parts[-1]) and not parts[-1][:1].islower():
            break
        parts.append(cell)
    return _clean_title(" ".join(parts))


def _clean_title(title: str) -> str:
    title = " ".join(title.split()).strip(" -–—*")
    if not title:
        return ""
    if _is_caps(title):
        title = sentence_case(title)
    return title[0].upper() + title[1:]


_PROPER = {"hồ chí minh": "Hồ Chí Minh", "việt nam": "Việt Nam", "đảng": "Đảng", "trung ương": "Trung ương",
           "bộ chính trị": "Bộ Chính trị", "ban bí thư": "Ban Bí thư", "nhà nước": "Nhà nước",
           "mác - lênin": "Mác - Lênin", "mác-lênin": "Mác-Lênin", "quốc hội": "Quốc hội", "chính phủ": "Chính phủ",
           "mặt trận tổ quốc": "Mặt trận Tổ quốc", "đoàn thanh niên": "Đoàn Thanh niên", "bác hồ": "Bác Hồ"}


def sentence_case(text: str) -> str:
    """'VỀ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG HỒ CHÍ MINH' → 'Về học tập và làm theo tư tưởng Hồ Chí Minh'."""
    symbols = {r.raw for r in extract(text)}
    words = text.split()
    out = []
    for w in words:
        if re.search(r"\d", w) and any(w in s for s in symbols):
            out.append(w)  # a document number keeps its capitals
        elif re.fullmatch(r"[IVXLC]{2,}[,.;)]?", w):
            out.append(w)  # a term: KHÓA XIII
        else:
            out.append(w.lower())
    s = " ".join(out)
    for low, proper in _PROPER.items():
        s = re.sub(rf"(?<!\w){re.escape(low)}(?!\w)", proper, s)
    return s[:1].upper() + s[1:]


def org_case(name: str) -> str:
    """Capitals of a header → the usual spelling: 'BAN TỔ CHỨC TRUNG ƯƠNG' → 'Ban Tổ chức Trung ương',
    'ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH' → 'Đảng ủy Khối các cơ quan tỉnh', 'TỈNH ỦY THANH HÓA' → 'Tỉnh ủy Thanh Hóa'."""
    words = name.split()
    folded = [fold(w) for w in words]
    out: list[str] = []
    i = 0
    phrases = sorted(_ORG_PHRASES, key=lambda p: -len(p.split()))
    while i < len(words):
        for p in phrases:
            n = len(p.split())
            if " ".join(folded[i:i + n]) == p:
                out.append(_ORG_PHRASES[p])
                i += n
                break
        else:
            w = words[i]
            if folded[i] in _LOWER_WORDS and out:
                out.append(w.lower())
            elif w.strip(".") in _ABBREVIATIONS:
                out.append(w)  # an abbreviation: "TP.", "UBND"
            else:
                out.append(w[:1].upper() + w[1:].lower())
            i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def compose_issuer(lines: list[str]) -> str:
    """One issuer name from the header's block of capitals (see module docstring)."""
    lines = [ln for ln in lines if ln and not _SEPARATOR.match(ln)]
    if not lines:
        return ""
    if len(lines) == 1:
        return org_case(lines[0])
    first, last = lines[-2], lines[-1]
    f_first, f_last = fold(first).strip(), fold(last).strip()
    if f_last in _GENERIC_COMMITTEES and f_first.startswith("dang bo "):
        rest = first.split()[2:]
        level = fold(" ".join(rest[:1]))
        if level in ("tinh", "huyen", "quan", "thi", "khoi") and fold(last).split()[0] in (level, "dang"):
            rest = rest[1:]
        if f_last == "dang uy khoi" and level == "khoi":
            pass
        return org_case(f"{last} {' '.join(rest)}".strip())
    if f_last.startswith(_BODIES) and not f_last.startswith("chi bo") and not f_first.startswith("dang bo"):
        return org_case(f"{last} {first}")
    return org_case(last)


def _signer(text: str) -> str:
    tail = _cells("\n".join(text.splitlines()[-40:]))
    role_at = None
    for i, cell in enumerate(tail):
        if _ROLE.match(fold(cell).strip()):
            role_at = i
    if role_at is None:
        return ""
    for cell in tail[role_at + 1:role_at + 8]:
        name = _person_name(cell)
        if name:
            return name
    return ""


def _person_name(cell: str) -> str:
    cell = cell.strip(" .,;")
    f = fold(cell).strip()
    if _SIGNED.match(f) or _ROLE.match(f) or ":" in cell or re.search(r"\d", cell):
        return ""
    words = cell.split()
    if not 2 <= len(words) <= 5 or fold(words[0]) not in _SURNAMES:
        return ""
    if not all(w[:1].isupper() for w in words):
        return ""
    return " ".join(w[:1].upper() + w[1:].lower() if w.isupper() else w for w in words)
