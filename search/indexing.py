"""Keeping the search index in step with the library and the meetings.

Callers (importers, services, signal handlers in search/signals.py) call these inside their transaction:
``mark_items_changed(ids)``, ``mark_items_deleted(ids)``, ``mark_meetings_changed(ids)``,
``mark_meetings_deleted(ids)``. Each call, in one (nested) transaction:

1. rebuilds the affected rows of the entry table and the database full-text index **synchronously**, in
   batches (a handful of queries per call, whatever the number of ids), so the database backend is always
   current and a bulk import stays above 1,000 items a second;
2. appends one :class:`~search.models.OutboxEntry` per object. The outbox is how Elasticsearch catches up:
   ``search_index sync`` (also run after each POST by search/middleware.py, and by ``sync --loop``) reads the
   entry table for each pending object and indexes or deletes its document, then deletes the outbox rows it
   pushed. If Elasticsearch is down the rows simply wait: publishing never fails because of the search node.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from library.models import LibraryItem, Relation, RelationType
from search import elastic, fulltext
from search.elastic.sync import sync_outbox
from search.models import OutboxEntry, SearchEntry, SearchGrant, SearchText, SearchTopic, Source
from search.sources import EntryData, item_entries, meeting_entries
from topics.models import Meeting

log = logging.getLogger(__name__)
IN_BATCH = 900  # SQLite's bound-parameter limit is 999 on old builds


def _clean(ids: Iterable) -> list[int]:
    out = set()
    for value in ids or ():
        try:
            out.add(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            continue
    return sorted(out)


def _batches(values: list, size: int = IN_BATCH):
    for i in range(0, len(values), size):
        yield values[i:i + size]


_generation = [0]


def generation() -> int:
    """Bumped at every index change in this process (term statistics caches compare it)."""
    return _generation[0]


def entry_id(source: str, object_id: int) -> int:
    """The entry's primary key, derived from the object: re-indexing keeps it, and no lookup is needed.

    (Also the full-text rowid; Elasticsearch documents use "item-12" / "meeting-3".)
    """
    return int(object_id) * 2 + (1 if source == Source.MEETING else 0)


def entry_key(entry_id: int) -> tuple[str, int]:
    """The (source, object_id) pair of an entry id (the inverse of :func:`entry_id`)."""
    return (Source.MEETING if entry_id % 2 else Source.ITEM), entry_id // 2


ENTRY_COLUMNS = ("id", "source", "object_id", "item_type", "kind", "symbol", "number", "number_key", "title",
                 "issuer_id", "issuer_name", "cell_id", "issued_on", "year", "visibility", "validity", "superseded",
                 "updated_at")
TEXT_COLUMNS = ("entry_id", "title", "title_folded", "meta", "meta_folded", "body", "body_folded", "title_bigrams",
                "body_bigrams")


def _drop_entries(entry_ids: list[int]) -> None:
    """Delete entries (their full-text rows first, then grants, topics, rows), a few statements per batch."""
    if not entry_ids:
        return
    fulltext.remove(entry_ids)
    with connection.cursor() as cur:
        for chunk in _batches(entry_ids):
            marks = ",".join(["%s"] * len(chunk))
            for table in (SearchGrant._meta.db_table, SearchTopic._meta.db_table, SearchText._meta.db_table):
                cur.execute(f"DELETE FROM {table} WHERE entry_id IN ({marks})", chunk)
            cur.execute(f"DELETE FROM {SearchEntry._meta.db_table} WHERE id IN ({marks})", chunk)


class _Row:
    """What fulltext.add needs of a written entry (its id and texts)."""
    __slots__ = ("pk", "title", "title_folded", "meta", "meta_folded", "body", "body_folded", "title_bigrams",
                 "body_bigrams")  # PostgreSQL postings

    def __init__(self, pk, values):
        self.pk = pk
        for name in self.__slots__[1:]:
            setattr(self, name, values[name])


def _write_entries(entries: list[EntryData]) -> list[_Row]:
    """Insert entries with plain ``executemany`` (Django's bulk_create costs more than the SQL itself)."""
    if not entries:
        return []
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    rows, texts, written, grants, topics = [], [], [], [], []
    for e in entries:
        pk = entry_id(e.source, e.object_id)
        v = e.values
        rows.append((pk, e.source, e.object_id, v["item_type"], v["kind"], v["symbol"], v["number"],
                     v["number_key"], v["title"], v["issuer_id"], v["issuer_name"], v["cell_id"],
                     ops.adapt_datefield_value(v["issued_on"]), v["year"], v["visibility"], v["validity"],
                     v["superseded"], now))
        texts.append((pk, v["title"], v["title_folded"], v["meta"], v["meta_folded"], v["body"], v["body_folded"],
                      v["title_bigrams"], v["body_bigrams"]))
        written.append(_Row(pk, v))
        grants.extend((pk, key) for key in e.grants)
        topics.extend((pk, tid) for tid in e.topic_ids)
    with connection.cursor() as cur:
        for table, columns, values in ((SearchEntry._meta.db_table, ENTRY_COLUMNS, rows),
                                       (SearchText._meta.db_table, TEXT_COLUMNS, texts)):
            marks = ", ".join(["%s"] * len(columns))
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)
        if grants:
            cur.executemany(f"INSERT INTO {SearchGrant._meta.db_table} (entry_id, key) VALUES (%s, %s)", grants)
        if topics:
            cur.executemany(f"INSERT INTO {SearchTopic._meta.db_table} (entry_id, topic_id) VALUES (%s, %s)", topics)
    fulltext.add(written)
    return written


def _record(source: str, object_ids: list[int]) -> None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cur:
        cur.executemany(f"INSERT INTO {OutboxEntry._meta.db_table} (source, object_id, created_at) "
                        f"VALUES (%s, %s, %s)", [(source, i, now) for i in object_ids])


def outbox_used() -> bool:
    """The outbox only feeds Elasticsearch: in database-only mode nothing is recorded (it would grow forever);
    after Elasticsearch is configured, ``search_index rebuild`` builds its index from the database."""
    from django.conf import settings

    return bool(settings.ELASTICSEARCH_URL)


def replace_entries(source: str, object_ids: list[int], entries: list[EntryData], outbox: bool = True) -> None:
    """The database-side work of every ``mark_*`` call: drop old rows, write new ones, note the change."""
    with transaction.atomic():
        _drop_entries([entry_id(source, i) for i in object_ids])
        _write_entries(entries)
        if outbox and outbox_used():
            _record(source, object_ids)
    _generation[0] += 1


def replaced_by(item_ids) -> list[int]:
    """The items that ``item_ids`` replace: their entries say "replaced" (and rank lower) only while a live
    item replaces them, so they are indexed again whenever one of their replacements changes."""

    out: set[int] = set()
    for chunk in _batches(list(item_ids)):
        out.update(Relation.objects.filter(source_id__in=chunk, relation_type=RelationType.REPLACES,
                                           target__isnull=False).values_list("target_id", flat=True))
    return sorted(out)


def mark_items_changed(item_ids):
    """Library items were created/updated/published: refresh their search entries (batched), and those of
    the items they replace.

    Items that are not live (drafts, unpublished) leave the index.
    """
    ids = _clean(item_ids)
    ids = sorted(set(ids) | set(replaced_by(ids)))
    for chunk in _batches(ids, 500):
        entries, _gone = item_entries(chunk)
        replace_entries(Source.ITEM, chunk, entries)


def mark_items_deleted(item_ids):
    """Library items were deleted or unpublished; the items an unpublished one replaced are indexed again
    (a deleted item's relations are deleted with it, see search/signals.py)."""
    ids = _clean(item_ids)
    others = sorted(set(replaced_by(ids)) - set(ids))
    for chunk in _batches(ids, 500):
        replace_entries(Source.ITEM, chunk, [])
    if others:
        mark_items_changed(others)


def mark_meetings_changed(meeting_ids):
    """Meetings were created/updated."""
    ids = _clean(meeting_ids)
    for chunk in _batches(ids, 500):
        entries, _gone = meeting_entries(chunk)
        replace_entries(Source.MEETING, chunk, entries)


def mark_meetings_deleted(meeting_ids):
    """Meetings were deleted."""
    ids = _clean(meeting_ids)
    for chunk in _batches(ids, 500):
        replace_entries(Source.MEETING, chunk, [])


def rebuild_database_index(progress=None, batch_size: int = 1000) -> int:
    """Re-create every entry from the library and the meetings (``search_index rebuild``).

    Written without outbox rows: the caller rebuilds Elasticsearch from the same entries.
    Returns the number of entries written.
    """

    _generation[0] += 1
    with transaction.atomic():
        fulltext.clear()
        for model in (SearchGrant, SearchTopic, SearchText, SearchEntry):
            model.objects.all()._raw_delete(model.objects.db)
    total = 0
    item_ids = list(LibraryItem.objects.filter(live=True).order_by("pk").values_list("pk", flat=True))
    meeting_ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
    for source, ids, build in ((Source.ITEM, item_ids, item_entries), (Source.MEETING, meeting_ids, meeting_entries)):
        for chunk in _batches(ids, batch_size):
            entries, _gone = build(chunk)
            with transaction.atomic():
                _write_entries(entries)
            total += len(entries)
            if progress:
                progress(len(chunk))
    return total


def sync_outbox_quietly():
    """Push pending outbox rows to Elasticsearch; never raises, and never waits on a node known to be down
    (the circuit breaker in search/elastic answers without a network call for a few seconds)."""
    try:
        if not elastic.configured() or not OutboxEntry.objects.exists():
            return
        if not elastic.available() and elastic.last_error() and "alias" not in elastic.last_error():
            return
        sync_outbox(raise_errors=False, max_batches=2)  # a request pushes a little; the worker the rest
    except Exception:  # pragma: no cover - logged, never raised into a request
        log.warning("search outbox sync failed", exc_info=True)
