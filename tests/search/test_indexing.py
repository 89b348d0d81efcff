"""Indexing that loses nothing: signals, batches, the outbox, the commands, and Elasticsearch going away."""
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from library.models import LibraryItem
from search import elastic
from search.indexing import mark_items_changed, mark_items_deleted, mark_meetings_changed
from search.models import OutboxEntry, SearchEntry, SearchGrant
from tests.factories import CellFactory, LibraryItemFactory, MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _titles(q, client=None):
    return [r["title"] for r in (client or Client()).get("/api/search/", {"q": q}).json()["results"]]


def test_publish_unpublish_and_delete_follow_the_item(engine):
    item = LibraryItemFactory(title="Quy định về công tác văn thư lưu trữ", live=False)
    engine.sync()
    assert engine.titles(q="văn thư lưu trữ") == []          # drafts never reach the index
    item.live = True
    item.save()
    engine.sync()
    assert engine.titles(q="văn thư lưu trữ") == [item.title]
    item.unpublish()                                         # Wagtail's unpublish (signal + live=False)
    engine.sync()
    assert engine.titles(q="văn thư lưu trữ") == []
    item.live = True
    item.save()
    item.title = "Quy định mới về công tác văn thư lưu trữ"
    item.save()
    engine.sync()
    assert engine.titles(q="văn thư lưu trữ") == [item.title]
    item.delete()
    engine.sync()
    assert engine.titles(q="văn thư lưu trữ") == []


def test_every_change_writes_an_outbox_row_in_the_same_transaction(db_settings):
    db_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # the outbox feeds Elasticsearch: only kept when configured
    OutboxEntry.objects.all().delete()
    item = LibraryItemFactory(title="Chỉ thị về phòng chống thiên tai")
    rows = list(OutboxEntry.objects.values_list("source", "object_id"))
    assert rows and set(rows) == {("item", item.pk)}
    meeting = MeetingFactory(title="Sinh hoạt chuyên đề phòng chống thiên tai")
    assert ("meeting", meeting.pk) in set(OutboxEntry.objects.values_list("source", "object_id"))
    before = OutboxEntry.objects.count()
    mark_items_deleted([item.pk])
    assert OutboxEntry.objects.count() == before + 1
    assert not SearchEntry.objects.filter(source="item", object_id=item.pk).exists()


def test_batch_marks_cost_the_same_queries_for_5_or_60_items(db_settings):
    """No per-row queries: a batch of 60 costs what a batch of 5 costs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = TopicFactory(name="Cải cách hành chính")
    cell = CellFactory()
    items = [LibraryItemFactory(title=f"Kế hoạch cải cách hành chính số {i}", visibility="restricted",
                                allowed=[cell], topics=[topic]) for i in range(60)]
    meetings = [MeetingFactory(cell=cell, title=f"Sinh hoạt {i}") for i in range(60)]
    counts = {}
    for n in (5, 60):
        with CaptureQueriesContext(connection) as ctx:
            mark_items_changed([i.pk for i in items[:n]])
        with CaptureQueriesContext(connection) as ctx_m:
            mark_meetings_changed([m.pk for m in meetings[:n]])
        counts[n] = (len(ctx), len(ctx_m))
    # Only SQLite's bound-parameter limit splits a big INSERT in two; nothing grows with the rows.
    assert counts[60][0] - counts[5][0] <= 2 and counts[60][1] - counts[5][1] <= 2, counts
    assert counts[60][0] <= 30
    assert SearchEntry.objects.filter(source="item").count() == 60
    assert SearchGrant.objects.filter(key=f"m:{cell.pk}").count() == 60


def test_topics_and_meeting_visibility_changes_are_indexed(engine):
    item = LibraryItemFactory(title="Nghị quyết về phát triển du lịch bền vững")
    topic = TopicFactory(name="Du lịch")
    item.tags.add(topic)
    item.save()
    meeting = MeetingFactory(title="Sinh hoạt chuyên đề du lịch bền vững", is_public=False)
    engine.sync()
    data = engine.api(q="du lịch bền vững")
    assert [f["label"] for f in data["facets"]["topic"]] == ["Du lịch"]
    assert meeting.title not in [r["title"] for r in data["results"]]
    meeting.is_public = True
    meeting.save()
    engine.sync()
    assert meeting.title in engine.titles(q="du lịch bền vững")
    meeting.delete()
    engine.sync()
    assert meeting.title not in engine.titles(q="du lịch bền vững")


def test_search_index_commands_on_the_database(db_settings):
    LibraryItemFactory(title="Kết luận về công tác dân tộc")
    SearchEntry.objects.all().delete()  # a stale index...
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "Search entries:         0 items" in out.getvalue() and "rebuild" in out.getvalue()
    call_command("search_index", "rebuild", stdout=io.StringIO())  # ...is rebuilt from the library
    assert _titles("công tác dân tộc") == ["Kết luận về công tác dân tộc"]
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "Search entries:         1 items + 0 meetings = 1" in out.getvalue()
    assert "Database full-text:     1 rows" in out.getvalue()


def test_healthz_reports_the_database_backend(db_settings):
    data = json.loads(Client().get("/healthz").content)
    assert data["search"]["backend"] == "database" and data["search"]["ok"] is True


# --- Elasticsearch only -------------------------------------------------------------------------------------
@pytest.mark.elasticsearch
def test_outbox_survives_elasticsearch_being_down(es_settings):
    from search.elastic.sync import rebuild_index, sync_outbox

    real_url = es_settings.ELASTICSEARCH_URL
    LibraryItemFactory(title="Chỉ thị về công tác phòng cháy chữa cháy")
    rebuild_index()
    OutboxEntry.objects.all().delete()
    assert Client().get("/api/search/", {"q": "phòng cháy"}).json()["backend"] == "elasticsearch"

    # The node stops (a closed port stands in for it): publishing still works...
    es_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    elastic.reset()
    published = LibraryItemFactory(title="Hướng dẫn phòng cháy chữa cháy tại trụ sở", live=False)
    published.live = True
    published.save()
    gone = LibraryItem.objects.get(title="Chỉ thị về công tác phòng cháy chữa cháy")
    gone.unpublish()
    assert OutboxEntry.objects.count() >= 2
    result = sync_outbox(raise_errors=False)
    assert result.error and OutboxEntry.objects.count() >= 2  # nothing lost
    # ...search falls back to the database (already current), and /healthz says degraded.
    data = Client().get("/api/search/", {"q": "phòng cháy"}).json()
    assert data["backend"] == "database"
    assert [r["title"] for r in data["results"]] == [published.title]
    health = json.loads(Client().get("/healthz").content)
    assert health["status"] == "degraded" and health["search"]["ok"] is False

    # The node is back: one sync and Elasticsearch has every change.
    es_settings.ELASTICSEARCH_URL = real_url
    elastic.reset()
    result = sync_outbox(raise_errors=True, refresh=True)
    assert not result.error and result.rows >= 2
    assert OutboxEntry.objects.count() == 0
    data = Client().get("/api/search/", {"q": "phòng cháy"}).json()
    assert data["backend"] == "elasticsearch"
    assert [r["title"] for r in data["results"]] == [published.title]
    assert json.loads(Client().get("/healthz").content)["search"]["ok"] is True


@pytest.mark.elasticsearch
def test_rebuild_swaps_the_alias_and_status_counts(es_settings):
    from search.elastic.sync import index_count

    for i in range(5):
        LibraryItemFactory(title=f"Báo cáo công tác tổ chức số {i}")
    call_command("search_index", "rebuild", stdout=io.StringIO())
    es = elastic.client()
    first = list(es.indices.get_alias(name=elastic.alias_name()))
    assert index_count() == 5
    call_command("search_index", "rebuild", stdout=io.StringIO())
    second = list(es.indices.get_alias(name=elastic.alias_name()))
    assert len(first) == len(second) == 1 and first != second
    assert not es.indices.exists(index=first[0])  # the old index is gone
    assert second[0].startswith(es_settings.ELASTICSEARCH_INDEX_PREFIX)
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "5 documents" in out.getvalue() and "Outbox pending:         0" in out.getvalue()
    LibraryItemFactory(title="Báo cáo công tác tổ chức bổ sung")
    out = io.StringIO()
    call_command("search_index", "sync", stdout=out)
    assert "(1 indexed, 0 deleted)" in out.getvalue()
