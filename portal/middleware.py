"""Site-wide middleware of the portal shell."""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

from library.scheduling import publish_due
from search.indexing import sync_outbox_quietly

log = logging.getLogger(__name__)
CHECK_KEY = "portal:scheduled-publishing-checked"


class ScheduledPublishingMiddleware:
    """After a response, at most once per ``SCHEDULED_PUBLISHING_INTERVAL`` seconds (one cache key shared by the
    workers), publish and unpublish library items whose go-live or expiry time has come (library.scheduling),
    then push the search changes to Elasticsearch, so a schedule is applied within a minute without cron."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        interval = getattr(settings, "SCHEDULED_PUBLISHING_INTERVAL", 60)
        if interval and cache.add(CHECK_KEY, True, interval):
            try:
                if publish_due() and settings.ELASTICSEARCH_URL:
                    sync_outbox_quietly()
            except Exception:  # a failed check must never break the page; the next one retries
                log.exception("scheduled publishing check failed")
        return response
