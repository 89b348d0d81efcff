"""Issuers as they appear in references: codes inside symbols and the words after "của".

Two jobs: print a symbol's issuer code the way documents print it ("ĐUK", "TTg", whatever was typed),
and tell the resolver which code a phrase like "Bộ Chính trị" or "Ban Tổ chức Trung ương" signs with
(docs/DOMAIN.md: the Central Committee, the Politburo and the Secretariat all sign as TW).
"""
from __future__ import annotations

from vntext.text import fold

# Folded issuer code → how it is printed. Unknown codes are printed upper-cased as typed.
ISSUER_CODES: dict[str, str] = {
    "tw": "TW", "btctw": "BTCTW", "btgtw": "BTGTW", "btgdvtw": "BTGDVTW", "bdvtw": "BDVTW",
    "ubkttw": "UBKTTW", "vptw": "VPTW", "tu": "TU", "vptu": "VPTU", "btgdvtu": "BTGDVTU", "btgtu": "BTGTU",
    "btctu": "BTCTU", "ubkttu": "UBKTTU", "hu": "HU", "du": "ĐU", "duk": "ĐUK", "cb": "CB", "dh": "ĐH",
    "qu": "QU", "cp": "CP", "ttg": "TTg", "ubnd": "UBND", "bnv": "BNV", "btc": "BTC",
    "ubtvqh": "UBTVQH", "hdnd": "HĐND", "bch": "BCH",
}

# Folded phrases naming an issuer → the code it signs with. Longest phrases are tried first.
PHRASE_CODES: dict[str, str] = {
    "ban chap hanh trung uong": "tw", "bch trung uong": "tw", "bchtw": "tw", "bch tw": "tw",
    "bo chinh tri": "tw", "ban bi thu": "tw", "trung uong": "tw", "tw": "tw",
    "ban to chuc trung uong": "btctw", "ban to chuc tw": "btctw", "btctw": "btctw",
    "ban tuyen giao trung uong": "btgtw", "ban tuyen giao tw": "btgtw", "btgtw": "btgtw",
    "ban tuyen giao va dan van trung uong": "btgdvtw", "btgdvtw": "btgdvtw",
    "ban dan van trung uong": "bdvtw",
    "uy ban kiem tra trung uong": "ubkttw", "ubkttw": "ubkttw",
    "van phong trung uong": "vptw", "vptw": "vptw",
    "tinh uy": "tu", "thanh uy": "tu", "ban thuong vu tinh uy": "tu", "ban thuong vu thanh uy": "tu",
    "btv tinh uy": "tu", "btv thanh uy": "tu", "ban chap hanh dang bo tinh": "tu", "bch dang bo tinh": "tu",
    "huyen uy": "hu", "quan uy": "hu", "thi uy": "hu", "ban thuong vu huyen uy": "hu",
    "dang uy khoi": "duk", "dang bo khoi": "duk", "ban thuong vu dang uy khoi": "duk",
    "dang uy": "du", "ban thuong vu dang uy": "du", "chi bo": "cb",
    "chinh phu": "cp", "thu tuong chinh phu": "ttg", "thu tuong": "ttg",
    "uy ban nhan dan": "ubnd", "ubnd": "ubnd", "quoc hoi": "qh",
}
_PHRASES_LONGEST_FIRST = sorted(PHRASE_CODES, key=len, reverse=True)

# Lower-case syllables that continue an issuer name, by the syllable before them ("Bộ Chính trị",
# "Ban Tổ chức Trung ương", "Thủ tướng Chính phủ", "Thường trực Tỉnh ủy", "Đảng bộ tỉnh"). Pairs, not a
# bag of words, so "của Tỉnh ủy trực tiếp chỉ đạo" stops after "Tỉnh ủy".
_LEVELS = {"tinh", "huyen", "xa", "phuong", "thanh", "quan", "thi", "khoi"}
INNER_PAIRS: dict[str, set[str]] = {
    "chinh": {"tri", "phu"}, "bi": {"thu"}, "to": {"chuc"}, "tuyen": {"giao"}, "dan": {"van"} | _LEVELS,
    "thuong": {"vu", "truc"}, "chap": {"hanh"}, "trung": {"uong"}, "kiem": {"tra"}, "thu": {"tuong"},
    "van": {"phong"}, "doanh": {"nghiep"}, "nhan": {"dan"}, "uy": {"ban"}, "dang": {"uy", "bo"},
    "tinh": {"uy"}, "huyen": {"uy"}, "quan": {"uy"}, "thi": {"uy", "xa", "tran"}, "thanh": {"uy", "pho"},
    "chi": {"bo"}, "bo": {"chinh", "tu"} | _LEVELS, "ban": {"chap", "to", "tuyen", "dan", "thuong", "bi", "kiem", "nhan"},
    "ubnd": _LEVELS, "hdnd": _LEVELS, "quoc": {"hoi"}, "nha": {"nuoc"},
}


def continues_issuer(previous: str, word: str) -> bool:
    """Does lower-case ``word`` (folded) continue an issuer name after ``previous`` (folded)?"""
    return word in INNER_PAIRS.get(previous, ())


# Lower-case starts accepted for sloppy text ("của bộ chính trị", "của chi bộ").
LOWER_HEADS = ("bo chinh tri", "ban bi thu", "ban chap hanh", "ban thuong vu", "trung uong", "tinh uy",
               "thanh uy", "huyen uy", "dang uy", "dang bo", "chi bo", "chinh phu", "quoc hoi", "thu tuong",
               "ban to chuc", "ban tuyen giao", "ban dan van", "uy ban", "van phong")
# Capitalised words that start something else, never part of an issuer name.
STOP_WORDS = frozenset("dieu khoan diem khoa muc chuong phan ve ngay nam thang".split())



def display_code(typed: str) -> str:
    """'duk' → 'ĐUK'; 'TTg' stays 'TTg'; unknown codes are upper-cased."""
    key = fold(typed).strip()
    if key in ISSUER_CODES:
        return ISSUER_CODES[key]
    if any(c.isupper() for c in typed) and any(c.islower() for c in typed):
        return typed
    return typed.upper()


def code_for_phrase(phrase: str) -> str:
    """Folded issuer code a phrase signs with: 'Bộ Chính trị' → 'tw'; '' when unknown.

    An exact phrase wins; otherwise the longest known phrase the name starts with ("Tỉnh ủy Thanh Hóa"
    → tu), or, for bodies of a committee, ends with ("Ban Thường vụ Tỉnh ủy" → tu).
    """
    f = " ".join(fold(phrase).replace(".", " ").split())
    if not f:
        return ""
    if f in PHRASE_CODES:
        return PHRASE_CODES[f]
    if f in ISSUER_CODES:
        return f
    for p in _PHRASES_LONGEST_FIRST:
        if f.startswith(p + " "):
            return PHRASE_CODES[p]
    for p in _PHRASES_LONGEST_FIRST:
        if f.endswith(" " + p):
            return PHRASE_CODES[p]
    return ""

