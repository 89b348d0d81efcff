"""Template filters for the study pages and the account pages: Vietnamese durations ("2 ngày 3 giờ")."""
from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def format_duration(delta: timedelta) -> str:
    """Largest two units, rounded down: "2 ngày 3 giờ", "5 giờ 10 phút", "12 phút", "dưới 1 phút"."""
    seconds = max(int(delta.total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(_("%(n)d ngày") % {"n": days})
    if hours and len(parts) < 2:
        parts.append(_("%(n)d giờ") % {"n": hours})
    if minutes and len(parts) < 2 and not days:
        parts.append(_("%(n)d phút") % {"n": minutes})
    return " ".join(parts) or _("dưới 1 phút")


@register.filter
def duration_vi(value) -> str:
    if not isinstance(value, timedelta):
        return ""
    return format_duration(value)


@register.filter
def time_left(when) -> str:
    """"còn 2 ngày 3 giờ" before ``when``; "đã bắt đầu" once it has passed."""
    if when is None:
        return ""
    delta = when - timezone.now()
    if delta.total_seconds() <= 0:
        return _("đã bắt đầu")
    return _("còn %(d)s") % {"d": format_duration(delta)}
