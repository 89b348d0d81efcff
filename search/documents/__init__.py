"""elasticsearch-dsl documents, one per searchable model (both live in the entry table: one document)."""
from search.documents.entry import EntryDocument

__all__ = ["EntryDocument"]
