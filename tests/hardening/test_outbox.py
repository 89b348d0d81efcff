"""Issue 14: in database-only mode the search outbox does not grow, and `search_index status` says so."""
from io import StringIO

import pytest
from django.core.management import call_command

from search.models import OutboxEntry, Source
from tests.factories import LibraryItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_database_only_mode_queues_nothing_and_status_says_so(settings):
    settings.ELASTICSEARCH_URL = ""
    for i in range(5):
        item = LibraryItemFactory(title=f"Hướng dẫn số {i}")
        item.title += " (sửa)"
        item.save()
    MeetingFactory()
    assert OutboxEntry.objects.count() == 0
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "not used in database-only mode" in out.getvalue()


def test_rebuild_in_database_only_mode_clears_rows_left_from_an_elasticsearch_setup(settings):
    settings.ELASTICSEARCH_URL = ""
    OutboxEntry.objects.create(source=Source.ITEM, object_id=1)
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "1 rows left from an earlier Elasticsearch setup" in out.getvalue()
    call_command("search_index", "rebuild", stdout=StringIO())
    assert not OutboxEntry.objects.exists()
