"""Document kinds as Django choices with their (translatable) Vietnamese names.

The codes and the words that name them in running text are pure text: ``vntext.kinds``.
"""
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


def kind_label(code: str) -> str:
    try:
        return str(DocumentKind(code).label)
    except ValueError:
        return code
