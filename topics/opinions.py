"""Members' opinions and questions before a meeting: sending one (the model is ``topics.models.MeetingOpinion``).

On an announced meeting a member (or the secretary) of its cell sends a short opinion or question about the
materials; the secretary reads them on the meeting page and in the minutes file. They are for the cell and the
staff above it only (``Viewer.may_read_opinions``) — never for the public, even on a public model meeting.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from topics.models import MeetingOpinion, MeetingStatus

MAX_OPINION_CHARS = 1000


def opinion_send(meeting, viewer, text: str) -> MeetingOpinion:
    """Record ``viewer``'s opinion on ``meeting``; a clear Vietnamese ValidationError when it cannot be sent."""
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
