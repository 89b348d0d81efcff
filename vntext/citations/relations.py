"""Suggest a typed relation from the words just before a reference.

"… thay thế Quy định số 29-QĐ/TW" suggests *replaces*; "sửa đổi, bổ sung" *amends*; "hướng dẫn thực
hiện" *guides*; "căn cứ" *based on*; "bãi bỏ" *repeals*; "thực hiện" / "triển khai" / "quán triệt"
*implements*. Only the clause before the reference is read (back to the previous ". ; :" or line
break, at most 160 characters), and the cue closest to the reference wins, the longer one on a tie
("hướng dẫn thực hiện" over "thực hiện"). Passive wording ("được thay thế bởi", "bị bãi bỏ") says the
*cited* document acts on this one, so it suggests nothing. Suggestions are stored, never applied.
"""
from __future__ import annotations

import re

_CUES: list[tuple[str, str]] = [
    (r"sua\s+doi\s*,?\s*bo\s+sung", "amends"),
    (r"sua\s+doi", "amends"),
    (r"thay\s+the", "replaces"),
    (r"bai\s+bo", "repeals"),
    (r"huong\s+dan\s+(?:thuc\s+hien|trien\s+khai|thi\s+hanh)", "guides"),
    (r"can\s+cu", "based_on"),
    (r"(?:thuc\s+hien|trien\s+khai|quan\s+triet|cu\s+the\s+hoa)", "implements"),
]
_CUE_RE = [(re.compile(r"(?<![a-z])" + p + r"(?![a-z])"), rel) for p, rel in _CUES]
_PASSIVE = re.compile(r"(?:duoc|bi|da\s+duoc|da\s+bi)\s+$")
_BOUNDARY = re.compile(r"[.;:!?\n]")


def suggest_relation(folded: str, start: int) -> str:
    """Relation type suggested by the folded text before ``start``; '' when nothing fits."""
    lo = max(0, start - 160)
    window = folded[lo:start]
    cut = None
    for cut in _BOUNDARY.finditer(window):
        pass
    if cut is not None:
        window = window[cut.end():]
    best = None  # (end, length, relation, match start)
    for rx, rel in _CUE_RE:
        for m in rx.finditer(window):
            key = (m.end(), m.end() - m.start())
            if best is None or key > best[:2]:
                best = (m.end(), m.end() - m.start(), rel, m.start())
    if best is None:
        return ""
    if _PASSIVE.search(window[:best[3]]):
        return ""
    return best[2]
