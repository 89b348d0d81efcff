"""What one chunk of an import did, merged into the run's :class:`importkit.ImportReport` only when the chunk's
transaction commits (a rolled-back chunk is replayed line by line and counted then)."""
from __future__ import annotations

from collections import defaultdict

from importkit import Counts, ImportReport


class Tally:
    def __init__(self):
        self.counts = defaultdict(Counts)
        self.errors: list[tuple[int, str]] = []
        self.created_orgs: list[str] = []
        self.pending_relations: list[dict] = []
        self.pending_guides: list[dict] = []
        self.deferred: list[tuple[int, dict]] = []
        self.changed_items: set[int] = set()

    def fail(self, line_no: int, kind: str, message: str):
        self.counts[kind].failed += 1
        self.errors.append((line_no, message))


__all__ = ["Counts", "ImportReport", "Tally"]
