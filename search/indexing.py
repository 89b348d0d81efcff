"""Search indexing entry points (the search issue implements them; callers already use them).

Callers (importers, services, signals) call these inside their transaction:
``mark_items_changed(ids)``, ``mark_items_deleted(ids)``, ``mark_meetings_changed(ids)``,
``mark_meetings_deleted(ids)``.
"""


def mark_items_changed(item_ids):
    """Library items were created/updated/published: refresh their search entries (batched)."""


def mark_items_deleted(item_ids):
    """Library items were deleted or unpublished."""


def mark_meetings_changed(meeting_ids):
    """Meetings were created/updated."""


def mark_meetings_deleted(meeting_ids):
    """Meetings were deleted."""


def sync_outbox_quietly():
    """Push pending outbox rows to Elasticsearch; never raises."""
