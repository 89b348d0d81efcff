"""Topics, plans and roll-outs, and thematic meetings (sinh hoạt chuyên đề) with their outcomes.

The organization tree and memberships live a floor below, in ``organizations``."""
from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TagBase
from wagtail.models import Orderable

from organizations.models import Organization
# Level and MeetingKind live in topics/choices.py (the scoring models use them too) and are re-exported here.
from topics.choices import Level, MeetingKind  # noqa: F401
from vntext.text import fold


class TopicGroup(models.TextChoices):
    """The six topic groups of Hướng dẫn 12-HD/BTCTW."""

    HCM = "hcm", _("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    THEORY = "ly_luan", _("Lý luận chính trị, chuyên môn, nghiệp vụ")
    DIRECTIVES = "nghi_quyet", _("Thực hiện chỉ thị, nghị quyết liên quan đến chi bộ")
    IDEOLOGY = "tu_tuong", _("Phòng, chống suy thoái, “tự diễn biến”, “tự chuyển hóa”")
    BUILDING = "xay_dung_dang", _("Công tác xây dựng Đảng")
    ANTICORRUPTION = "phong_chong_tham_nhung", _("Phòng, chống tham nhũng, lãng phí")
    OTHER = "khac", _("Khác")


# New topics get a 12-HD group from their name (editors can change it later); first match wins.
TOPIC_GROUP_WORDS = [
    (TopicGroup.HCM, ("ho chi minh", "lam theo bac", "guong bac")),
    (TopicGroup.ANTICORRUPTION, ("tham nhung", "lang phi", "tieu cuc")),
    (TopicGroup.IDEOLOGY, ("tu dien bien", "tu chuyen hoa", "suy thoai", "nen tang tu tuong", "sai trai")),
    (TopicGroup.BUILDING, ("xay dung dang", "chinh don dang", "sinh hoat chi bo", "dang vien", "to chuc dang",
                           "dieu le dang", "kiem tra, giam sat", "kiem tra giam sat", "cong tac dang", "can bo",
                           "nep", "neu guong", "dao duc cach mang")),
    (TopicGroup.DIRECTIVES, ("nghi quyet", "chi thi", "ket luan", "quy dinh")),
    (TopicGroup.THEORY, ("ly luan", "chuyen mon", "nghiep vu", "chuyen doi so", "khoa hoc", "cong nghe",
                         "kinh te", "phap luat", "van thu")),
]


def infer_topic_group(name: str) -> str:
    folded = fold(name)
    for group, words in TOPIC_GROUP_WORDS:
        if any(w in folded for w in words):
            return group
    return TopicGroup.OTHER


class Topic(TagBase):
    """A topic: the taggit tag model of the portal, with its 12-HD group.

    Slugs are folded ASCII ("Đảng viên" → "dang-vien"), so topic URLs are readable and stable.
    """

    group = models.CharField(_("nhóm chủ đề"), max_length=30, choices=TopicGroup.choices, default=TopicGroup.OTHER)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        if self._state.adding and self.group == TopicGroup.OTHER:  # a new topic gets a group from its name
            self.group = infer_topic_group(self.name)
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        slug = slugify(fold(tag))[:90] or "chu-de"
        return f"{slug}-{i}" if i else slug

    def get_absolute_url(self):
        return reverse("topics:topic", args=[self.slug])


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    ANNOUNCED = "announced", _("Đã thông báo")
    HELD = "held", _("Đã tổ chức")
    CONCLUDED = "concluded", _("Đã kết luận")
    CANCELLED = "cancelled", _("Đã hủy")
    POSTPONED = "postponed", _("Hoãn")


def score_level(score) -> str | None:
    """The 42-HD level of a 100-point score: Tốt ≥ 90, Khá ≥ 70, Trung bình ≥ 50, Kém < 50."""
    if score is None:
        return None
    if score >= 90:
        return Level.TOT
    if score >= 70:
        return Level.KHA
    if score >= 50:
        return Level.TRUNG_BINH
    return Level.KEM


MATERIALS_LEAD_TIME = timedelta(days=1)   # 42-HD: materials at least 1 day before
OUTCOME_DEADLINE = timedelta(days=2)      # final documents within 2 days after the meeting


class Rollout(models.Model):
    """A topic or session pack rolled out by a đảng bộ to every cell below it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="rollouts")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pack = models.ForeignKey("library.LibraryItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("tên chuyên đề"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    due_on = models.DateField(_("hạn tổ chức"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("triển khai chuyên đề")
        verbose_name_plural = _("triển khai chuyên đề")

    def __str__(self):
        return f"{self.title} — {self.organization} — Q{self.quarter}/{self.year}"


class MeetingQuerySet(models.QuerySet):
    def counted(self):
        """Meetings that count as held (cancelled and postponed ones do not)."""
        return self.filter(status__in=[MeetingStatus.HELD, MeetingStatus.CONCLUDED])


class Meeting(ClusterableModel):
    """One thematic meeting of one cell, from plan to outcome."""

    cell = models.ForeignKey(Organization, verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("tên chuyên đề"), max_length=500)
    kind = models.CharField(_("loại buổi sinh hoạt"), max_length=12, choices=MeetingKind.choices,
                            default=MeetingKind.CHUYEN_DE, db_index=True)
    topic = models.ForeignKey(Topic, verbose_name=_("chủ đề"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="meetings")
    pack = models.ForeignKey("library.LibraryItem", verbose_name=_("gói chuyên đề"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="meetings_using_pack")
    rollout = models.ForeignKey(Rollout, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    scheduled_at = models.DateTimeField(_("thời gian"), db_index=True)
    duration_minutes = models.PositiveIntegerField(_("thời lượng (phút)"), default=90)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    presenters = models.CharField(_("người trình bày"), max_length=255, blank=True)
    upper_member = models.CharField(_("cấp ủy viên cấp trên dự"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED, db_index=True)
    status_reason = models.TextField(_("lý do (hủy/hoãn)"), blank=True)
    is_public = models.BooleanField(_("công khai (buổi sinh hoạt mẫu)"), default=False)
    announced_at = models.DateTimeField(_("thời điểm thông báo"), null=True, blank=True)
    outcome_posted_at = models.DateTimeField(_("thời điểm đăng kết quả"), null=True, blank=True)
    # Outcome
    attendance_present = models.PositiveIntegerField(_("số có mặt"), null=True, blank=True)
    attendance_total = models.PositiveIntegerField(_("tổng số đảng viên"), null=True, blank=True)
    speakers = models.PositiveIntegerField(_("số người phát biểu"), null=True, blank=True)
    opinions = models.PositiveIntegerField(_("số ý kiến"), null=True, blank=True)
    chair = models.CharField(_("chủ trì"), max_length=200, blank=True)
    minutes_secretary = models.CharField(_("thư ký"), max_length=200, blank=True)
    guests = models.CharField(_("khách mời"), max_length=500, blank=True)
    agenda = models.TextField(_("chương trình"), blank=True)
    minutes = models.TextField(_("diễn biến (biên bản)"), blank=True)
    conclusion = models.TextField(_("kết luận của chủ trì"), blank=True)
    resolution = models.ForeignKey("library.LibraryItem", verbose_name=_("nghị quyết chi bộ"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="resolution_of")
    # The confirmed quality score (topics.scoring): total, points per criterion of the sheet it was scored with.
    score = models.PositiveSmallIntegerField(_("điểm chất lượng (0–100)"), null=True, blank=True,
                                             validators=[MaxValueValidator(100)])
    criteria_scores = models.JSONField(_("điểm từng tiêu chí"), default=dict, blank=True, editable=False)
    scoring_version = models.ForeignKey("topics.ScoringVersion", verbose_name=_("phiếu chấm điểm"), null=True,
                                        blank=True, editable=False, on_delete=models.PROTECT, related_name="meetings")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0, editable=False, help_text="iCalendar SEQUENCE")
    # A roll-out creates a placeholder meeting in every cell; it counts as "planned by the cell" only once
    # the cell has fixed its own date (moved, announced or saved it with a time).
    time_confirmed = models.BooleanField(_("chi bộ đã chốt thời gian"), default=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_at"]
        verbose_name = _("buổi sinh hoạt chuyên đề")
        verbose_name_plural = _("sinh hoạt chuyên đề")
        indexes = [models.Index(fields=["cell", "scheduled_at"])]
        constraints = [
            # One meeting per cell per roll-out: re-running a roll-out never duplicates.
            models.UniqueConstraint(fields=["rollout", "cell"], name="uniq_rollout_cell",
                                    condition=models.Q(rollout__isnull=False)),
        ]

    def __str__(self):
        local = timezone.localtime(self.scheduled_at) if self.scheduled_at else None
        return f"{self.title} — {self.cell} — {local:%d/%m/%Y}" if local else self.title

    def get_absolute_url(self):
        return reverse("topics:meeting", args=[self.pk])

    @property
    def level(self):
        """The level of the confirmed score under the sheet it was scored with (42-HD thresholds without one);
        list pages select_related("scoring_version")."""
        if self.scoring_version_id is None:
            return score_level(self.score)
        return self.scoring_version.level_of(self.score)

    def get_level_display(self):
        """Label of the quality level ("Tốt", "Khá", …), or "" when not rated yet."""
        level = self.level
        return str(Level(level).label) if level else ""

    @property
    def ends_at(self):
        return self.scheduled_at + timedelta(minutes=self.duration_minutes or 0)

    @property
    def materials_late(self) -> bool:
        """Announced less than a day before the meeting (42-HD)."""
        if not self.announced_at:
            return False
        return self.announced_at > self.scheduled_at - MATERIALS_LEAD_TIME

    @property
    def outcome_late(self) -> bool:
        """Final documents posted more than 2 days after the meeting, or still missing past the deadline."""
        deadline = self.ends_at + OUTCOME_DEADLINE
        if self.outcome_posted_at:
            return self.outcome_posted_at > deadline
        return self.status in (MeetingStatus.HELD, MeetingStatus.CONCLUDED) and timezone.now() > deadline

    @property
    def quarter(self):
        return (timezone.localtime(self.scheduled_at).month - 1) // 3 + 1


class MeetingMaterial(Orderable):
    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    item = models.ForeignKey("library.LibraryItem", verbose_name=_("tài liệu"), on_delete=models.CASCADE,
                             related_name="meeting_uses")
    required = models.BooleanField(_("bắt buộc đọc"), default=True)

    class Meta(Orderable.Meta):
        verbose_name = _("tài liệu của buổi sinh hoạt")
        constraints = [models.UniqueConstraint(fields=["meeting", "item"], name="uniq_meeting_material")]


class Absentee(Orderable):
    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="absentees")
    name = models.CharField(_("họ tên"), max_length=200)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)


class MinutesSpeech(Orderable):
    """One speaker in the minutes, with the gist of what they said."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="speeches")
    speaker = models.CharField(_("người phát biểu"), max_length=200)
    gist = models.TextField(_("nội dung chính"))


class MeetingTask(Orderable):
    """A follow-up task (phân công nhiệm vụ) that later meetings review."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    assignee = models.CharField(_("người thực hiện"), max_length=200)
    description = models.TextField(_("nhiệm vụ"))
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    done = models.BooleanField(_("đã xong"), default=False)
    done_on = models.DateField(_("ngày xong"), null=True, blank=True)

    @property
    def overdue(self) -> bool:
        return not self.done and self.due_on is not None and self.due_on < timezone.localdate()


class MeetingEvent(models.Model):
    """Status history: every transition with its reason (a postponed meeting keeps its history)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=MeetingStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=MeetingStatus.choices)
    reason = models.TextField(blank=True)
    old_scheduled_at = models.DateTimeField(null=True, blank=True)
    new_scheduled_at = models.DateTimeField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["at", "id"]


class NotificationKind(models.TextChoices):
    ANNOUNCE = "announce", _("Thông báo buổi sinh hoạt")
    REMINDER = "reminder", _("Nhắc trước một ngày")
    READ_REMINDER = "read_reminder", _("Nhắc đọc tài liệu")
    CANCEL = "cancel", _("Thông báo hủy / hoãn")


class MeetingNotification(models.Model):
    """One e-mail sent to one member about one meeting; the unique key makes sending idempotent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    sent_on = models.DateField(default=timezone.localdate)
    sent_at = models.DateTimeField(default=timezone.now)
    # The meeting's iCalendar SEQUENCE when sent: a moved or rescheduled meeting is announced again,
    # the same version never twice. Read reminders leave it at 0 (one a day per member).
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user", "kind", "sent_on", "sequence"],
                                               name="uniq_notification")]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """Secret URL token so calendar apps can subscribe to private calendars without a session."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)


class MeetingOpinion(models.Model):
    """A member's short opinion or question about the materials, sent before the meeting (topics/opinions.py);
    read by the cell and the staff above it only (``Viewer.may_read_opinions``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="member_opinions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    # The name as it was when sent, so the minutes keep it if the account goes.
    author_name = models.CharField(_("người gửi"), max_length=200)
    text = models.TextField(_("ý kiến, câu hỏi"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ý kiến trước buổi sinh hoạt")
        verbose_name_plural = _("ý kiến trước buổi sinh hoạt")

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"


# Scoring templates, versions and the score history live in their own module (Django finds models here).
from topics.scoring.models import (  # noqa: E402,F401
    ScoreDecision, ScoreProposal, ScoreVote, ScoringCriterion, ScoringTemplate, ScoringVersion, YearRule)
