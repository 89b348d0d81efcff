"""Actions of "Học tập của tôi": read marks, bookmarks, personal notes, and the secretary's reminder.

Callers check visibility first (the views answer 404 for an item the member may not see); these
functions only write. Each is idempotent: pressing a button twice leaves the same state, and the reminder
is sent at most once a day per member and meeting (the unique key on MeetingNotification decides).
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from study.models import Bookmark, PersonalNote, ReadMark
from topics.models import MeetingNotification, NotificationKind

log = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 10_000


def readmark_open(user, item) -> ReadMark:
    """Opened from the checklist: remember when, once (never marks the item read)."""
    mark, _ = ReadMark.objects.get_or_create(user=user, item=item)
    if mark.opened_at is None:
        mark.opened_at = timezone.now()
        mark.save(update_fields=["opened_at"])
    return mark


def readmark_set(user, item, read: bool) -> ReadMark:
    """The member pressed "Đánh dấu đã đọc" (or undid it)."""
    mark, _ = ReadMark.objects.get_or_create(user=user, item=item)
    now = timezone.now()
    if read and mark.read_at is None:
        mark.read_at = now
        mark.opened_at = mark.opened_at or now
        mark.save(update_fields=["read_at", "opened_at"])
    elif not read and mark.read_at is not None:
        mark.read_at = None
        mark.save(update_fields=["read_at"])
    return mark


def bookmark_set(user, item, saved: bool | None = None) -> bool:
    """Save or un-save an item ("Lưu"); ``None`` toggles. Returns whether it is saved now."""
    exists = Bookmark.objects.filter(user=user, item=item).exists()
    want = (not exists) if saved is None else saved
    if want and not exists:
        try:
            with transaction.atomic():
                Bookmark.objects.create(user=user, item=item)
        except IntegrityError:  # a double click raced us: it is saved either way
            pass
    elif not want and exists:
        Bookmark.objects.filter(user=user, item=item).delete()
    return want


def note_save(user, item, text: str) -> PersonalNote | None:
    """Keep the member's private note; an empty note deletes it. Raises ValueError when too long."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise ValueError(NOTE_MAX_LENGTH)
    if not text:
        PersonalNote.objects.filter(user=user, item=item).delete()
        return None
    note, _ = PersonalNote.objects.update_or_create(user=user, item=item, defaults={"text": text})
    return note


def read_reminder_send(report, *, base_url: str, sender=None) -> tuple[int, int]:
    """E-mail each member who has not read every required material; at most once a day per member.

    Returns (sent, skipped): skipped members were already reminded today or have no e-mail address.
    """
    meeting = report.meeting
    today = timezone.localdate()
    sent = skipped = 0
    titles = {row.item.pk: row.item for row in report.materials}
    for row in report.members_pending:
        user = row.user
        if not user.email:
            skipped += 1
            continue
        try:
            with transaction.atomic():
                _, created = MeetingNotification.objects.get_or_create(
                    meeting=meeting, user=user, kind=NotificationKind.READ_REMINDER, sent_on=today)
                if not created:
                    skipped += 1
                    continue
                ctx = {"user": user, "meeting": meeting, "base_url": base_url.rstrip("/"),
                       "missing": [titles[i] for i in sorted(row.missing_required) if i in titles],
                       "sender": sender}
                subject = render_to_string("study/read_reminder_subject.txt", ctx).strip()
                body = render_to_string("study/read_reminder_email.txt", ctx)
                # Inside the transaction: if the mail cannot be sent, the row goes too and a retry works.
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:  # two secretaries pressed at once: the other request sent it
            skipped += 1
            continue
        sent += 1
    return sent, skipped
