"""Citation extraction and resolution for library items (the citations issue implements it).

``refresh_citations(item_ids)`` re-extracts the references in those items' text, stores them as
``Citation`` rows and resolves them to library documents; importers call it after a batch.
"""


def refresh_citations(item_ids):
    """Re-extract and resolve citations of the given items (batched)."""
