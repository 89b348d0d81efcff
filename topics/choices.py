"""Choices shared by the meeting models and the scoring models (topics/scoring/models.py, which topics/models.py
imports so Django finds its models): kept apart so neither models module imports the other's names back."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    TOT = "tot", _("Tốt")
    KHA = "kha", _("Khá")
    TRUNG_BINH = "trung_binh", _("Trung bình")
    KEM = "kem", _("Kém")


class MeetingKind(models.TextChoices):
    """Thematic meetings (at least once a quarter) and the cells' regular monthly meetings."""

    CHUYEN_DE = "chuyen_de", _("Sinh hoạt chuyên đề")
    THUONG_KY = "thuong_ky", _("Sinh hoạt thường kỳ")
