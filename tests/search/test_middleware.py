"""After a POST the pending outbox rows are pushed to Elasticsearch (search/middleware.py)."""
import pytest
from django.test import Client

from search.models import OutboxEntry
from tests.factories import LibraryItemFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.elasticsearch
def test_a_post_request_pushes_the_outbox(es_settings):
    from search.elastic.sync import rebuild_index

    rebuild_index()
    es_settings.SEARCH_SYNC_AFTER_REQUEST = True
    LibraryItemFactory(title="Quy chế làm việc của chi ủy")
    assert OutboxEntry.objects.exists()
    client = Client()
    client.force_login(UserFactory())
    client.post("/i18n/setlang/", {"language": "vi"})  # any POST
    assert not OutboxEntry.objects.exists()


def test_no_outbox_without_elasticsearch(db_settings):
    """Database-only mode queues nothing (issue 14: 17,368 rows pending that nothing would ever read)."""
    db_settings.SEARCH_SYNC_AFTER_REQUEST = True
    LibraryItemFactory(title="Quy chế làm việc của chi ủy")
    Client().post("/i18n/setlang/", {"language": "vi"})
    assert not OutboxEntry.objects.exists()
