"""iCalendar (RFC 5545) for meetings: one event per meeting, a feed per cell, tokens for calendar apps.

Times are written in UTC (``DTSTART:20310820T070000Z`` for 14:00 in Hà Nội): every client reads UTC,
no VTIMEZONE block is needed, and Việt Nam has no daylight saving to get wrong. The UID of a meeting never
changes (``meeting-<pk>@sotay``); moving, postponing or cancelling it raises ``SEQUENCE`` so subscribed
calendars replace the old copy, and a cancelled meeting stays in the feed with ``STATUS:CANCELLED``.

Calendar apps cannot send the session cookie, so private feeds take ``?token=`` — a per-user secret
(:class:`CalendarToken`) that the user can regenerate, which revokes the old URL at once.
"""
from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from topics.models import CalendarToken, Meeting, MeetingStatus, new_token

UID_DOMAIN = "sotay"
PRODID = "-//So tay chuyen de//Sinh hoat chuyen de//VI"

ICAL_STATUS = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.ANNOUNCED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CONCLUDED: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",  # the slot is void, a new date comes with the same UID
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone.utc).replace(microsecond=0)


def meeting_event(meeting: Meeting, *, url: str = "") -> Event:
    """The VEVENT of one meeting (cell and topic must be loaded to avoid extra queries)."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", _utc(meeting.updated_at or timezone.now()))
    if meeting.updated_at:
        event.add("last-modified", _utc(meeting.updated_at))
    event.add("dtstart", _utc(meeting.scheduled_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("sequence", meeting.sequence)
    event.add("status", ICAL_STATUS.get(meeting.status, "TENTATIVE"))
    summary = meeting.title
    if meeting.status == MeetingStatus.POSTPONED:
        summary = f"[Hoãn] {summary}"
    elif meeting.status == MeetingStatus.CANCELLED:
        summary = f"[Đã hủy] {summary}"
    event.add("summary", summary)
    if meeting.place:
        event.add("location", meeting.place)
    lines = [f"{meeting.cell.name}"]
    if meeting.topic_id:
        lines.append(f"Chủ đề: {meeting.topic.name}")
    if meeting.presenters:
        lines.append(f"Người trình bày: {meeting.presenters}")
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED) and meeting.status_reason:
        lines.append(f"Lý do: {meeting.status_reason}")
    if url:
        lines.append(url)
        event.add("url", url)
    event.add("description", "\n".join(lines))
    return event


def build_calendar(meetings, *, name: str, url_for=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, url=url_for(meeting) if url_for else ""))
    return cal.to_ical()


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def absolute_meeting_url(request):
    return lambda m: request.build_absolute_uri(reverse("topics:meeting", args=[m.pk]))


# -- tokens ---------------------------------------------------------------------------------------

def token_user(raw: str | None):
    """The active user owning ``raw``, or None (unknown or revoked token)."""
    if not raw or len(raw) > 64:
        return None
    token = CalendarToken.objects.select_related("user").filter(token=raw).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


def token_get_or_create(user) -> CalendarToken:
    return CalendarToken.objects.get_or_create(user=user)[0]


def token_regenerate(user) -> CalendarToken:
    """A new secret for ``user``; every URL with the old one stops working."""
    token, created = CalendarToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_token()
        token.save(update_fields=["token"])
    return token


def token_revoke(user) -> None:
    CalendarToken.objects.filter(user=user).delete()
