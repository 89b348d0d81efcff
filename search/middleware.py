"""Push pending search changes to Elasticsearch after a request that wrote some (see search/indexing.py)."""
from django.conf import settings


class OutboxSyncMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SEARCH_SYNC_AFTER_REQUEST and settings.ELASTICSEARCH_URL and request.method == "POST":
            try:
                from search.indexing import sync_outbox_quietly

                sync_outbox_quietly()
            except ImportError:
                pass
        return response
