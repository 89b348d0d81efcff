"""Is a name read from a document's header plausibly an organization? (pure Python, no Django)

``import_files`` creates the issuer of a document when it does not know it. A garbled header (a legacy
encoding read with the wrong table, an OCR'd scan) once created a junk organization. A name is accepted as
a new organization only when it is written in Vietnamese letters (plus digits and ordinary punctuation),
starts like an organization ("Đảng bộ…", "Ban…", "Sở…") and has a sensible length; anything else is reported
in the import summary and the document waits as a draft under the placeholder issuer.
"""
from __future__ import annotations

import unicodedata

VIETNAMESE_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz")
PUNCTUATION = set(" -–,.()/&'’")
ORG_STARTS = ("dang bo", "dang uy", "tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "ban ", "chi bo",
              "uy ban", "van phong", "bo ", "hoi dong", "ubnd", "hdnd", "so ", "truong ", "cong ty", "trung tam",
              "cuc ", "vien ", "hoc vien", "dai hoc", "mat tran", "doan ", "hoi ", "lien doan", "cong an",
              "chinh phu", "quoc hoi", "thu tuong", "bo chinh tri", "ban chap hanh", "tong cuc", "tap doan")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def plausible_org_name(name: str) -> bool:
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not 4 <= len(name) <= 160:
        return False
    for ch in name:
        if ch.lower() not in VIETNAMESE_LETTERS and not ch.isdigit() and ch not in PUNCTUATION:
            return False
    letters = sum(ch.isalpha() for ch in name)
    if letters < 0.7 * len(name.replace(" ", "")):
        return False
    return _fold(name).startswith(ORG_STARTS)
