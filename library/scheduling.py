"""Scheduled publishing of library items (Wagtail's go-live and expiry dates), applied without waiting for cron.

Wagtail stores the schedule (``go_live_at`` / ``expire_at`` on the item, ``approved_go_live_at`` on the
approved revision) and leaves applying it to ``manage.py publish_scheduled``. The privacy layer already hides an
item past its expiry (``Viewer.schedule_q``); :func:`publish_due` makes the rows follow — unpublishing expired
items and publishing revisions whose go-live time has come — through Wagtail's own publish/unpublish, so the
``published`` / ``unpublished`` signals keep the search index of both engines in step. The portal runs it
at most once a minute after a request (``portal.middleware.ScheduledPublishingMiddleware``); a cron job
running ``publish_scheduled`` does the same work and either may run first.
"""
from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Revision

from library.models import LibraryItem

log = logging.getLogger(__name__)


def publish_due(now=None) -> int:
    """Apply every schedule that is due; returns how many items changed."""
    now = now or timezone.now()
    changed = 0
    for item in LibraryItem.objects.filter(live=True, expire_at__lte=now).order_by("expire_at"):
        item.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        changed += 1
    content_type = ContentType.objects.get_for_model(LibraryItem)
    due = Revision.objects.filter(base_content_type=content_type, approved_go_live_at__lte=now)
    for revision in due.order_by("approved_go_live_at"):
        revision.publish(log_action="wagtail.publish.scheduled")
        changed += 1
    if changed:
        log.info("scheduled publishing: %s library items changed", changed)
    return changed
