"""Scoring templates and the history of a meeting's score.

A **template** is what staff edit in the admin: criteria (code, label, points), level thresholds, the settings
of the automatic checks and the year rules, for one or both meeting kinds. It belongs to an organization (a
đảng bộ, usually) and applies to every cell below it unless an organization closer to the cell has its own;
the template without an organization is the portal-wide default (the 100-point sheet of 42-HD).

Each save of a template that changes it writes a **version**: an immutable copy (criteria and year rules as
JSON, thresholds as columns so reports can count levels in SQL). A meeting points at the version it was
scored with, so editing a template never changes the level of a meeting scored before.

The **flow**: the cell's secretary proposes points per criterion (``ScoreProposal``); members of the cell vote
agree / disagree, one vote each (``ScoreVote``); staff of an organization above the cell confirm or adjust
with a reason (``ScoreDecision``). The meeting's ``score``, ``criteria_scores`` and ``scoring_version`` hold the
confirmed result, which is what pages and reports show; proposals, votes and decisions stay as the history.

These models are imported at the end of ``topics/models.py`` (Django looks for models there).
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from organizations.models import Organization
from topics.choices import Level, MeetingKind

CODE_VALIDATOR = RegexValidator(r"^[a-z0-9_]+$", _("Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới."))
# Levels a year rule can name, best first (Kém is what is left when no rule holds).
RULE_LEVELS = [(Level.TOT, Level.TOT.label), (Level.KHA, Level.KHA.label), (Level.TRUNG_BINH, Level.TRUNG_BINH.label)]


class AppliesTo(models.TextChoices):
    ALL = "all", _("Cả sinh hoạt thường kỳ và chuyên đề")
    CHUYEN_DE = MeetingKind.CHUYEN_DE.value, _("Chỉ sinh hoạt chuyên đề")
    THUONG_KY = MeetingKind.THUONG_KY.value, _("Chỉ sinh hoạt thường kỳ")


class CheckKind(models.TextChoices):
    """Automatic checks computed from the meeting record (topics.scoring.checks)."""

    ATTENDANCE = "attendance", _("Tỷ lệ dự họp")
    ABSENCES = "absences", _("Vắng mặt không lý do")
    DURATION = "duration", _("Thời lượng")
    MATERIALS = "materials", _("Gửi tài liệu trước buổi sinh hoạt")
    MINUTES = "minutes", _("Biên bản đầy đủ")


class SheetSettings(models.Model):
    """Thresholds and check settings shared by a template and each of its versions."""

    tot_min = models.PositiveSmallIntegerField(_("điểm tối thiểu xếp loại Tốt"), default=90,
                                               validators=[MinValueValidator(1), MaxValueValidator(100)])
    kha_min = models.PositiveSmallIntegerField(_("điểm tối thiểu xếp loại Khá"), default=70,
                                               validators=[MinValueValidator(1), MaxValueValidator(100)])
    trung_binh_min = models.PositiveSmallIntegerField(_("điểm tối thiểu xếp loại Trung bình"), default=50,
                                                      validators=[MinValueValidator(1), MaxValueValidator(100)])
    attendance_threshold = models.PositiveSmallIntegerField(
        _("tỷ lệ dự họp tối thiểu (%)"), default=90, validators=[MinValueValidator(1), MaxValueValidator(100)])
    max_unexcused_absences = models.PositiveSmallIntegerField(_("số đảng viên vắng không lý do tối đa"), default=0)
    min_duration_minutes = models.PositiveSmallIntegerField(_("thời lượng tối thiểu (phút)"), default=90)
    materials_lead_days = models.PositiveSmallIntegerField(_("gửi tài liệu trước ít nhất (ngày)"), default=1)

    SETTINGS = ("tot_min", "kha_min", "trung_binh_min", "attendance_threshold", "max_unexcused_absences",
                "min_duration_minutes", "materials_lead_days")

    class Meta:
        abstract = True

    def level_of(self, score) -> str | None:
        return level_for(score, self.tot_min, self.kha_min, self.trung_binh_min)


# 42-HD thresholds: the levels of a meeting scored without a sheet version (older records).
DEFAULT_TOT_MIN, DEFAULT_KHA_MIN, DEFAULT_TRUNG_BINH_MIN = 90, 70, 50


def level_for(score, tot_min=DEFAULT_TOT_MIN, kha_min=DEFAULT_KHA_MIN, trung_binh_min=DEFAULT_TRUNG_BINH_MIN
              ) -> str | None:
    """The level of a 100-point score under a sheet's thresholds (42-HD: Tốt ≥ 90, Khá ≥ 70, TB ≥ 50)."""
    if score is None:
        return None
    if score >= tot_min:
        return Level.TOT
    if score >= kha_min:
        return Level.KHA
    if score >= trung_binh_min:
        return Level.TRUNG_BINH
    return Level.KEM


class ScoringTemplate(SheetSettings, ClusterableModel):
    """A scoring sheet as staff edit it (criteria and year rules inline); see the module docstring."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức ban hành"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="scoring_templates",
        help_text=_("Áp dụng cho các chi bộ trực thuộc, trừ nơi cấp dưới có phiếu riêng. Để trống: phiếu mặc định "
                    "của cả cổng thông tin."))
    name = models.CharField(_("tên phiếu"), max_length=255)
    applies_to = models.CharField(_("áp dụng cho"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ALL)
    active = models.BooleanField(_("đang áp dụng"), default=True,
                                 help_text=_("Bỏ chọn để thôi áp dụng (các buổi đã chấm vẫn giữ phiếu cũ)."))
    description = models.TextField(_("ghi chú"), blank=True)
    current_version = models.ForeignKey("topics.ScoringVersion", null=True, blank=True, editable=False,
                                        on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["organization__path", "name"]

    def __str__(self):
        owner = self.organization.name if self.organization_id else _("mặc định")
        return f"{self.name} ({owner})"

    def applies_to_kind(self, kind: str) -> bool:
        return self.applies_to in (AppliesTo.ALL, kind)


class ScoringCriterion(Orderable):
    template = ParentalKey(ScoringTemplate, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=40, validators=[CODE_VALIDATOR],
                            help_text=_("Dùng khi nhập dữ liệu, ví dụ thoi_luong, chuan_bi."))
    label = models.CharField(_("tiêu chí"), max_length=255)
    points = models.PositiveSmallIntegerField(_("điểm tối đa"), validators=[MinValueValidator(1),
                                                                            MaxValueValidator(100)])
    auto_check = models.CharField(_("kiểm tra tự động"), max_length=12, choices=CheckKind.choices, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "points": self.points, "check": self.auto_check}


class YearRule(Orderable):
    """"A <level> year: every meeting at least <all_at_least>, and at least <min_count> meetings rated at least
    <count_level>". Rules are tried from the best level down; a year that meets none is Kém."""

    template = ParentalKey(ScoringTemplate, on_delete=models.CASCADE, related_name="year_rules")
    level = models.CharField(_("xếp loại năm"), max_length=12, choices=RULE_LEVELS)
    all_at_least = models.CharField(_("mọi buổi đạt ít nhất"), max_length=12, choices=Level.choices, blank=True)
    min_count = models.PositiveSmallIntegerField(_("và ít nhất (số buổi)"), default=0)
    count_level = models.CharField(_("đạt ít nhất xếp loại"), max_length=12, choices=Level.choices, default=Level.TOT)

    class Meta(Orderable.Meta):
        verbose_name = _("điều kiện xếp loại năm")
        verbose_name_plural = _("điều kiện xếp loại năm")

    def as_dict(self) -> dict:
        return {"level": self.level, "all_at_least": self.all_at_least, "min_count": self.min_count,
                "count_level": self.count_level}


class ScoringVersion(SheetSettings):
    """An immutable copy of a template as it was when saved; meetings point at the one they were scored with."""

    template = models.ForeignKey(ScoringTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    name = models.CharField(_("tên phiếu"), max_length=255)
    applies_to = models.CharField(max_length=12, choices=AppliesTo.choices, default=AppliesTo.ALL)
    criteria = models.JSONField(default=list)     # [{"code", "label", "points", "check"}], in order
    year_rules = models.JSONField(default=list)   # [{"level", "all_at_least", "min_count", "count_level"}]
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("phiên bản phiếu chấm điểm")
        ordering = ["template_id", "number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="uniq_scoring_version")]

    def __str__(self):
        return f"{self.name} — {_('phiên bản')} {self.number}"

    @property
    def codes(self) -> dict[str, dict]:
        return {c["code"]: c for c in self.criteria}


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    REPLACED = "replaced", _("Đã thay bằng đề xuất mới")


class ScoreProposal(models.Model):
    """The cell committee's proposed score of one meeting, criterion by criterion."""

    meeting = models.ForeignKey("topics.Meeting", on_delete=models.CASCADE, related_name="score_proposals")
    version = models.ForeignKey(ScoringVersion, on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField(default=dict)  # {code: points}
    total = models.PositiveSmallIntegerField()
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["proposed_at", "id"]

    def level(self) -> str | None:
        return self.version.level_of(self.total)


class ScoreVote(models.Model):
    """One member's agree / disagree on one proposal (one vote per member)."""

    proposal = models.ForeignKey(ScoreProposal, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agree = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="uniq_score_vote")]


class ScoreDecision(models.Model):
    """The level above confirms a proposal as it is, or adjusts it (a reason is then required)."""

    proposal = models.ForeignKey(ScoreProposal, on_delete=models.CASCADE, related_name="decisions")
    criteria = models.JSONField(default=dict)
    total = models.PositiveSmallIntegerField()
    adjusted = models.BooleanField(default=False)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
