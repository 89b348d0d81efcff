"""What an import did, in one shape and one wording for every importer.

Counts per line type (created / updated / unchanged / failed), the lines that failed (``line N: reason``,
or ``<file>: reason`` for an importer of files: emitted as they happen, and the first ones listed again in
the summary), the organizations it created, and a few named lists an importer adds (relations not resolved
yet, invitations sent, files to complete). ``summary_lines()`` is the summary every import command prints
at the end.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
STATUSES = (CREATED, UPDATED, UNCHANGED, FAILED)
UNKNOWN = "unknown"  # a line whose type could not be read
MAX_ERRORS_KEPT = 1000  # every error is emitted as it happens; the report keeps the first ones
LIST_SHOWN = 30  # items of a list printed in the summary, one a line
ORGS_SHOWN = 50  # names of organizations created, on one line

DRY_RUN_HEADER = "Nhập thử (--dry-run), không ghi gì vào cơ sở dữ liệu."
DONE_HEADER = "Nhập xong."


class LineError(Exception):
    """What is wrong with one line (or file); reported as ``line N: <message>`` and the line skipped."""


def where(place: int | str) -> str:
    """``line 7`` for a line number, the path itself for a file."""
    return f"line {place}" if isinstance(place, int) else str(place)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, other: "Counts") -> None:
        for status in STATUSES:
            self.bump(status, getattr(other, status))

    def bump(self, status: str, n: int = 1) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown import status: {status!r}")
        setattr(self, status, getattr(self, status) + n)

    def __bool__(self) -> bool:
        return any(getattr(self, status) for status in STATUSES)


@dataclass
class ImportReport:
    """One run of an importer. ``kinds`` orders the per-type lines of the summary; ``unit`` names what is
    counted in the closing sentence ("dòng", "tệp"); ``on_error`` receives each ``line N: reason`` as it
    happens (a command prints it on stderr, above the progress bar)."""

    dry_run: bool = False
    kinds: tuple = ()
    unit: str = "dòng"
    on_error: Callable[[str], None] | None = None
    counts: dict = field(default_factory=lambda: defaultdict(Counts))
    errors: list = field(default_factory=list)
    error_count: int = 0
    created_orgs: list = field(default_factory=list)
    lists: list = field(default_factory=list)  # (title, items) added by the importer, printed in order

    # -- recording ----------------------------------------------------------------------------------
    def count(self, kind: str, status: str, n: int = 1) -> None:
        self.counts[kind].bump(status, n)

    def fail(self, place: int | str, reason: str, kind: str = UNKNOWN) -> None:
        """A line (or file) that was skipped: counted as failed for ``kind`` and reported."""
        self.counts[kind].failed += 1
        self.error(place, reason)

    def error(self, place: int | str, reason: str) -> None:
        """Report ``line N: reason`` (the caller counted the failure already)."""
        text = f"{where(place)}: {reason}"
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(text)
        if self.on_error:
            self.on_error(text)

    def add_list(self, title: str, items: list[str]) -> None:
        if items:
            self.lists.append((title, list(items)))

    # -- reading ------------------------------------------------------------------------------------
    @property
    def failed(self) -> int:
        return self.error_count

    def total(self) -> Counts:
        out = Counts()
        for c in self.counts.values():
            out.add(c)
        return out

    def summary_lines(self) -> list[str]:
        """The summary every import command prints at the end, in one wording."""
        lines = [DRY_RUN_HEADER if self.dry_run else DONE_HEADER]
        kinds = list(self.kinds) + sorted(k for k in self.counts if k not in self.kinds and k != UNKNOWN)
        for kind in kinds + [UNKNOWN]:
            c = self.counts.get(kind)
            if c:
                lines.append(f"  {kind}: created {c.created}, updated {c.updated}, unchanged {c.unchanged}, "
                             f"failed {c.failed}")
        t = self.total()
        lines.append(f"Tổng: created {t.created} / updated {t.updated} / unchanged {t.unchanged} / "
                     f"failed {self.error_count}")
        if self.created_orgs:
            title = "Tổ chức mới sẽ được tạo" if self.dry_run else "Tổ chức mới được tạo"
            lines.append(f"{title} ({len(self.created_orgs)}): " + "; ".join(self.created_orgs[:ORGS_SHOWN])
                         + (" …" if len(self.created_orgs) > ORGS_SHOWN else ""))
        errors = [(f"{self.unit.capitalize()} lỗi đã bỏ qua", self.errors)] if self.errors else []
        for title, items in errors + self.lists:
            lines.append(f"{title} ({len(items)}):")
            lines += [f"  - {item}" for item in items[:LIST_SHOWN]]
            if len(items) > LIST_SHOWN:
                lines.append(f"  … và {len(items) - LIST_SHOWN} mục khác")
        return lines

    def closing_line(self) -> str:
        """The sentence after the summary when something failed (the command then exits non-zero)."""
        return f"{self.failed} {self.unit} lỗi đã bị bỏ qua."
