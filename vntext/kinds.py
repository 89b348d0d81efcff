"""Document type codes (docs/DOMAIN.md), the words that name them in running text, and their Vietnamese names."""
from vntext.text import fold

# Folded type words → code. Longest phrases first so "quy dinh" never shadows "quyet dinh".
TYPE_WORDS: dict[str, str] = {
    "nghi quyet": "NQ",
    "quyet dinh": "QĐ",
    "quy dinh": "QĐi",
    "chi thi": "CT",
    "ket luan": "KL",
    "quy che": "QC",
    "thong tri": "TT",
    "thong tu": "TT",
    "huong dan": "HD",
    "thong bao": "TB",
    "bao cao": "BC",
    "ke hoach": "KH",
    "chuong trinh": "CTr",
    "to trinh": "TTr",
    "bien ban": "BB",
    "de an": "ĐA",
    "cong van": "CV",
    "nghi dinh": "NĐ",
    "luat": "L",
    "tai lieu": "TL",
    "chuyen de": "CĐ",
}

# Folded codes → canonical code ("qd" → "QĐ", "qdi" → "QĐi").
CODES_FOLDED: dict[str, str] = {
    "nq": "NQ", "qd": "QĐ", "qdi": "QĐi", "ct": "CT", "kl": "KL", "qc": "QC", "tt": "TT", "hd": "HD",
    "tb": "TB", "bc": "BC", "kh": "KH", "ctr": "CTr", "ttr": "TTr", "bb": "BB", "da": "ĐA", "cv": "CV",
    "nd": "NĐ", "tl": "TL", "cd": "CĐ",
}

# Code → the Vietnamese name of the kind (DOMAIN.md). "QĐ" alone is a Quyết định; many committees also number
# their Quy định as QĐ, which :func:`kind_name` tells apart from the title or the citing text.
KIND_NAMES: dict[str, str] = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "QĐi": "Quy định", "CT": "Chỉ thị", "KL": "Kết luận",
    "QC": "Quy chế", "TT": "Thông tri / Thông tư", "HD": "Hướng dẫn", "TB": "Thông báo", "BC": "Báo cáo",
    "KH": "Kế hoạch", "CTr": "Chương trình", "TTr": "Tờ trình", "BB": "Biên bản", "ĐA": "Đề án",
    "CV": "Công văn", "NĐ": "Nghị định", "L": "Luật", "TL": "Tài liệu", "CĐ": "Chuyên đề",
}

_QD_WORDS = {"quy dinh": "QĐi", "quyet dinh": "QĐ"}
_LEADING_NOISE = " \t\r\n\"'“”‘’«»()[]-–—:;,.*•"


def resolve_kind(code: str, text: str = "") -> str:
    """The kind a document really is: ``QĐ`` becomes ``QĐi`` when ``text`` (its title, or the words citing it:
    "Quy định số 47-QĐ/TW …") opens with "Quy định"; every other code is returned unchanged.

    Only the leading type word counts: "Quyết định ban hành Quy định …" is a Quyết định, and a title that
    names no type ("Về việc …") keeps the code's own meaning.
    """
    if code != "QĐ" or not text:
        return code
    head = " ".join(fold(text).strip(_LEADING_NOISE).split()[:2])
    return _QD_WORDS.get(head, code)


def kind_name(code: str, text: str = "") -> str:
    """The Vietnamese name of a kind code, ``QĐ`` resolved from ``text`` (see :func:`resolve_kind`)."""
    code = resolve_kind(code, text)
    return KIND_NAMES.get(code, code)
