"""``manage.py search_index rebuild | sync [--loop] | status``.

* ``rebuild``: re-create the database index from the library and meetings, then (when ELASTICSEARCH_URL is
  set) build a fresh Elasticsearch index in bulk and move the alias to it: searches keep working on the old
  index meanwhile (zero downtime). Progress bars on a terminal.
* ``sync``: push pending outbox rows to Elasticsearch (``--loop`` keeps doing it: a tiny worker).
* ``status``: counts in the database vs the indexes, and the outbox lag.
"""
from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from library.models import LibraryItem
from search import elastic, fulltext
from search.elastic.sync import index_count, rebuild_index, sync_outbox
from search.indexing import rebuild_database_index
from search.models import OutboxEntry, SearchEntry, Source
from search.service import outbox_lag
from topics.models import Meeting


class Command(BaseCommand):
    help = "Rebuild, sync or inspect the search indexes (database full-text and Elasticsearch)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="rebuild the database index and the Elasticsearch index")
        rebuild.add_argument("--database-only", action="store_true", help="skip Elasticsearch")
        rebuild.add_argument("--elasticsearch-only", action="store_true",
                             help="rebuild only Elasticsearch from the current database index")
        sync = sub.add_parser("sync", help="push pending outbox rows to Elasticsearch")
        sync.add_argument("--loop", action="store_true", help="keep syncing (a small worker)")
        sync.add_argument("--interval", type=float, default=2.0, help="seconds between rounds with --loop")
        sync.add_argument("--batch", type=int, default=500)
        sync.add_argument("--max-rounds", type=int, default=0, help=argparse_suppress())
        sub.add_parser("status", help="counts in the database vs the indexes, outbox lag")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "rebuild":
            self.rebuild(opts)
        elif action == "sync":
            self.sync(opts)
        else:
            self.status()

    # -- rebuild -----------------------------------------------------------------------------------------
    def _progress(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        disable=not sys.stdout.isatty())

    def rebuild(self, opts):
        started = time.monotonic()
        if not opts["elasticsearch_only"]:
            total = LibraryItem.objects.filter(live=True).count() + Meeting.objects.count()
            with self._progress() as progress:
                task = progress.add_task("Chỉ mục CSDL", total=total)
                written = rebuild_database_index(progress=lambda n: progress.advance(task, n))
            fulltext.optimize()
            self.stdout.write(f"Database index: {written} entries ({time.monotonic() - started:.1f}s)")
        if opts["database_only"]:
            return
        if not elastic.configured():
            OutboxEntry.objects.all()._raw_delete(OutboxEntry.objects.db)  # nothing will ever read them
            self.stdout.write("ELASTICSEARCH_URL is not set: Elasticsearch skipped.")
            return

        es_started = time.monotonic()
        try:
            elastic.cluster_health(timeout=5)
        except Exception as exc:
            raise CommandError(f"Elasticsearch at {elastic.client().transport.node_pool.get().base_url} "
                               f"is unreachable: {exc}") from exc
        with self._progress() as progress:
            task = progress.add_task("Elasticsearch", total=SearchEntry.objects.count())
            name = rebuild_index(progress=lambda n: progress.advance(task, n))
        self.stdout.write(f"Elasticsearch index {name} ← alias {elastic.alias_name()} "
                          f"({time.monotonic() - es_started:.1f}s)")

    # -- sync --------------------------------------------------------------------------------------------
    def sync(self, opts):
        if not elastic.configured():
            raise CommandError("ELASTICSEARCH_URL is not set: nothing to sync to.")
        rounds = 0
        while True:
            result = sync_outbox(raise_errors=False, batch_size=opts["batch"])
            rounds += 1
            if result.rows or result.error or not opts["loop"]:
                msg = f"synced {result.rows} outbox rows ({result.indexed} indexed, {result.deleted} deleted)"
                if result.error:
                    msg += f"; Elasticsearch unavailable, changes kept in the outbox: {result.error}"
                self.stdout.write(msg)
            if not opts["loop"]:
                if result.error:
                    raise CommandError("sync incomplete: " + result.error)
                return
            if opts["max_rounds"] and rounds >= opts["max_rounds"]:
                return
            time.sleep(opts["interval"] if not result.rows else 0.05)

    # -- status ------------------------------------------------------------------------------------------
    def status(self):
        items = LibraryItem.objects.filter(live=True).count()
        meetings = Meeting.objects.count()
        e_items = SearchEntry.objects.filter(source=Source.ITEM).count()
        e_meetings = SearchEntry.objects.filter(source=Source.MEETING).count()
        ft = fulltext.indexed_count()
        lag = outbox_lag()
        w = self.stdout.write
        w(f"Live library items:     {items}")
        w(f"Meetings:               {meetings}")
        w(f"Search entries:         {e_items} items + {e_meetings} meetings = {e_items + e_meetings}")
        w(f"Database full-text:     {ft if ft is not None else 'n/a'} rows")
        if elastic.configured():
            w(f"Outbox pending:         {lag['pending']} (oldest {lag['oldest_seconds']:.0f}s)")
        else:
            w("Outbox:                 not used in database-only mode (nothing is queued); after setting "
              "ELASTICSEARCH_URL run `search_index rebuild`"
              + (f" — {lag['pending']} rows left from an earlier Elasticsearch setup, cleared by `rebuild`"
                 if lag["pending"] else ""))
        if e_items != items or e_meetings != meetings or (ft is not None and ft != e_items + e_meetings):
            w("Warning: the index differs from the database; run `manage.py search_index rebuild`.")
        if not elastic.configured():
            w("Elasticsearch:          not configured (database backend)")
            return
        try:
            health = elastic.cluster_health(timeout=5)

            n = index_count() if elastic.client().indices.exists_alias(name=elastic.alias_name()) else None
            w(f"Elasticsearch:          cluster {health.get('status')}, alias {elastic.alias_name()}: "
              f"{n if n is not None else 'missing (run search_index rebuild)'} documents")
        except Exception as exc:
            w(f"Elasticsearch:          unreachable ({exc})")


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS
