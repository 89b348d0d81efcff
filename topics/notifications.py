"""E-mails to a cell's members about its meetings: announcement, reminder the day before, cancellation.

Sending is idempotent: each mail is first recorded as a :class:`MeetingNotification` row keyed by
(meeting, member, kind, meeting version), so announcing twice, re-running the reminder command or a
crash half-way through never mails the same member twice about the same version of a meeting. A moved or
rescheduled meeting has a new ``sequence`` and is announced again, which is what members need.

Each member only sees, in the mail, the materials they may open (``Viewer`` of the recipient).
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from organizations.access import Viewer
from organizations.models import cell_users
from topics.models import Meeting, MeetingNotification, NotificationKind

log = logging.getLogger(__name__)


def base_url() -> str:
    """Absolute origin for links in e-mails (no request there)."""
    return (getattr(settings, "PORTAL_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def meeting_recipients(meeting: Meeting):
    """Active members and secretaries of the meeting's cell who have an e-mail address."""
    return cell_users(meeting.cell_id).exclude(email="").order_by("pk")


def _materials_for(user, meeting: Meeting) -> list:
    visible = Viewer(user).library_items().values("pk")
    return list(meeting.materials.filter(item__in=visible).select_related("item").order_by("sort_order", "pk"))


def _render(kind: str, user, meeting: Meeting, previously_announced: bool) -> tuple[str, str]:
    root = base_url()
    ctx = {
        "user": user,
        "meeting": meeting,
        "when": timezone.localtime(meeting.scheduled_at).strftime("%H:%M ngày %d/%m/%Y"),
        "materials": _materials_for(user, meeting),
        "meeting_url": root + reverse("topics:meeting", args=[meeting.pk]),
        "ics_url": root + reverse("topics:meeting-ics", args=[meeting.pk]),
        "root": root,
        "changed": previously_announced,
    }
    subject = render_to_string(f"emails/meeting_{kind}_subject.txt", ctx).strip().replace("\n", " ")
    body = render_to_string(f"emails/meeting_{kind}.txt", ctx)
    return subject, body


def meeting_notify(meeting: Meeting, kind: str, *, users=None) -> int:
    """Mail ``kind`` about ``meeting`` to each recipient who has not had it for this version; returns mails sent."""
    assert kind in (NotificationKind.ANNOUNCE, NotificationKind.REMINDER, NotificationKind.CANCEL)
    recipients = list(users if users is not None else meeting_recipients(meeting))
    if not recipients:
        return 0
    done = set(MeetingNotification.objects.filter(meeting=meeting, kind=kind, sequence=meeting.sequence,
                                                  user__in=recipients).values_list("user_id", flat=True))
    previously_announced = (kind == NotificationKind.ANNOUNCE and MeetingNotification.objects.filter(
        meeting=meeting, kind=kind, sequence__lt=meeting.sequence).exists())
    sent = 0
    for user in recipients:
        if user.pk in done or not user.email:
            continue
        subject, body = _render(kind, user, meeting, previously_announced)
        try:
            with transaction.atomic():
                MeetingNotification.objects.create(meeting=meeting, user=user, kind=kind, sequence=meeting.sequence)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            continue  # another process sent it meanwhile
        except Exception:  # a failed mail is not recorded, so the next run retries it
            log.exception("Could not send %s for meeting %s to user %s", kind, meeting.pk, user.pk)
            continue
        sent += 1
    return sent
