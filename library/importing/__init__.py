"""Bulk import of the library (and, through registered line handlers, of other apps' lines) from JSON lines:
``manage.py import_library``.

The contract (docs/CONTRACTS.md) is followed to the letter; this package is the only implementation, used by
the command and by ``load_demo``. Why it is shaped the way it is:

* **Batches, not rows.** The library holds 100,000 items, so lines are read lazily and handled in chunks
  (``CHUNK_SIZE``): one transaction per chunk, one query to find the chunk's existing items by identity,
  multi-row ``INSERT … RETURNING id`` for new items (``upsert.insert_returning``), ``bulk_update`` for
  changed ones and ``bulk_create`` for tags, allowed organizations, relations, materials. No Wagtail revision per row: items are written live with ``has_unpublished_changes=False``, which
  makes Wagtail's admin read the row itself rather than an older revision.
* **Idempotent by comparison.** Every line is compared field by field with what is stored; only real
  differences are written, so re-importing a file reports everything as "unchanged" and touches nothing.
  A missing optional field means its contract default (the line describes the whole item).
* **A bad line never spoils the others.** Validation raises :class:`LineError` (``line N: reason``) for that
  line only. Should the database still refuse a chunk, the chunk is replayed line by line so the guilty line
  is named and the rest stored.
* **Forward references.** A relation or a pack's guide may name an item further down the file: unresolved
  ones are stored as ``Relation(target=None, target_symbol=…)`` and retried in a second pass at the end.
  Lines of other apps (meetings) whose references are not found yet are retried at the end too.
* **Never wider.** A line narrower in visibility than the item it matches is refused (organizations.access).

Parse → upsert → report: ``fields`` (small parsers) and ``items`` (library lines → rows) parse; ``upsert``
writes a batch of rows (insert or update, then diff), the step every line type with an identity shares
(items here, meetings in ``topics.importing``); ``report`` holds a chunk's :class:`Tally`, merged into the
run's :class:`importkit.ImportReport` (the report type and summary wording of every importer); ``runner`` is
the driver and the line-handler registry.
"""
from library.importing import fields, upsert
from library.importing.fields import LineError, Unresolved
from library.importing.report import Counts, ImportReport, Tally
from library.importing.runner import (CHUNK_SIZE, LibraryImporter, LineHandler, import_file, import_stream, line_types,
                                      read_lines, register_line_handler)

__all__ = ["CHUNK_SIZE", "Counts", "ImportReport", "LibraryImporter", "LineError", "LineHandler", "Tally",
           "Unresolved", "fields", "import_file", "import_stream", "line_types", "read_lines",
           "register_line_handler", "upsert"]
