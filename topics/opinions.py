"""Members' opinions and questions before a meeting (issue 18).

On an announced meeting a member (or the secretary) of its cell sends a short opinion or question about the
materials; the secretary reads them on the meeting page and in the minutes file. They are for the cell and the
staff above it only (``Viewer.may_read_opinions``) — never for the public, even on a public model meeting.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_OPINION_CHARS = 1000


class MeetingOpinion(models.Model):
    meeting = models.ForeignKey("topics.Meeting", on_delete=models.CASCADE, related_name="member_opinions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    # The name as it was when sent, so the minutes keep it if the account goes.
    author_name = models.CharField(gettext_lazy("người gửi"), max_length=200)
    text = models.TextField(gettext_lazy("ý kiến, câu hỏi"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = gettext_lazy("ý kiến trước buổi sinh hoạt")
        verbose_name_plural = gettext_lazy("ý kiến trước buổi sinh hoạt")

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"


def opinion_send(meeting, viewer, text: str) -> MeetingOpinion:
    """Record ``viewer``'s opinion on ``meeting``; a clear Vietnamese ValidationError when it cannot be sent."""
    from topics.models import MeetingStatus  # topics.models imports this module to register the model

    if not viewer.may_send_opinion(meeting):
        raise ValidationError(_("Chỉ đảng viên của chi bộ mới gửi được ý kiến về buổi sinh hoạt này."),
                              code="not_member")
    if meeting.status != MeetingStatus.ANNOUNCED:
        raise ValidationError(_("Chỉ gửi ý kiến khi buổi sinh hoạt đã được thông báo và chưa diễn ra."),
                              code="not_announced")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Hãy nhập ý kiến hoặc câu hỏi."), code="empty")
    if len(text) > MAX_OPINION_CHARS:
        raise ValidationError(_("Ý kiến dài quá %(n)s ký tự; hãy viết ngắn gọn hơn.") % {"n": MAX_OPINION_CHARS},
                              code="too_long")
    user = viewer.user
    return MeetingOpinion.objects.create(meeting=meeting, author=user, text=text,
                                         author_name=(user.get_full_name() or user.get_username())[:200])
