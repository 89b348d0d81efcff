"""Document kinds as Django choices with their (translatable) Vietnamese names.

The codes, the words that name them in running text and the rule that tells a Quy định numbered "QĐ" from
a Quyết định are pure text: ``vntext.kinds``. This module only adds the translations.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from vntext.kinds import resolve_kind


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


def kind_label(code: str, text: str = "") -> str:
    """The (translated) name of a kind; ``QĐ`` is named from ``text`` (a title or the citing words), so
    "Quy định số 47-QĐ/TW" reads "Quy định" and ``QĐi`` is always a Quy định."""
    code = resolve_kind(code or "", text or "")
    try:
        return str(DocumentKind(code).label)
    except ValueError:
        return code
