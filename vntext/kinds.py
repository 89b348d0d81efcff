"""Document type codes (docs/DOMAIN.md) and the words that name them in running text."""

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
