"""Document type codes (DOMAIN.md) and the words that name them in running text."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    NQ = "NQ", _("Nghị quyết")
    QD = "QĐ", _("Quyết định")
    QDI = "QĐi", _("Quy định")
    CT = "CT", _("Chỉ thị")
    KL = "KL", _("Kết luận")
    QC = "QC", _("Quy chế")
    TT = "TT", _("Thông tri / Thông tư")
    HD = "HD", _("Hướng dẫn")
    TB = "TB", _("Thông báo")
    BC = "BC", _("Báo cáo")
    KH = "KH", _("Kế hoạch")
    CTR = "CTr", _("Chương trình")
    TTR = "TTr", _("Tờ trình")
    BB = "BB", _("Biên bản")
    DA = "ĐA", _("Đề án")
    CV = "CV", _("Công văn")
    ND = "NĐ", _("Nghị định")
    L = "L", _("Luật")
    TL = "TL", _("Tài liệu")
    CD = "CĐ", _("Chuyên đề")


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


def kind_label(code: str) -> str:
    try:
        return str(DocumentKind(code).label)
    except ValueError:
        return code
