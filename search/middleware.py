"""Push pending search changes to Elasticsearch after a request that wrote some (see search/indexing.py).

The push runs when the response has been sent (Django calls a response's closers after the server wrote
it), so publishing never waits on the search node; while the circuit breaker is open it is skipped and the
outbox simply waits (search/breaker.py).
"""
from django.conf import settings

from search.indexing import sync_outbox_quietly


def _sync():
    try:
        sync_outbox_quietly()
    except ImportError:
        pass


class OutboxSyncMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SEARCH_SYNC_AFTER_REQUEST and settings.ELASTICSEARCH_URL and request.method == "POST":
            response._resource_closers.append(_sync)
        return response
