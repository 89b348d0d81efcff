"""Signals the library sends for what Django's own signals cannot see.

Bulk writes (``bulk_create`` / ``bulk_update`` in the importers) send no ``post_save``. After such a write the
importers send ``items_changed(sender=LibraryItem, ids=[…])`` inside the same transaction; the apps above listen
(search keeps its index in step, see ``search/apps.py``) without the library knowing they exist.
"""
from django.dispatch import Signal

items_changed = Signal()  # kwargs: ids — library items created or changed in bulk
import_finished = Signal()  # kwargs: changed — items created or updated by one import_library run (not a dry run)
