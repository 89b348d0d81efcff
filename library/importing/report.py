"""What an import did: counts per line type, the lines that failed, the organizations created."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

MAX_ERRORS_KEPT = 1000


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, other: "Counts"):
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: defaultdict(Counts))
    errors: list = field(default_factory=list)
    error_count: int = 0
    created_orgs: list = field(default_factory=list)
    unresolved: list = field(default_factory=list)  # (source display, relation type, target text)
    line_types: tuple = ()  # the order of the per-type lines of the summary

    @property
    def failed(self) -> int:
        return self.error_count

    def total(self) -> Counts:
        out = Counts()
        for c in self.counts.values():
            out.add(c)
        return out

    def summary_lines(self) -> list[str]:
        head = "Nhập thử (--dry-run), không ghi gì vào cơ sở dữ liệu." if self.dry_run else "Nhập xong."
        lines = [head]
        for kind in (*self.line_types, "unknown"):
            c = self.counts.get(kind)
            if c and (c.created or c.updated or c.unchanged or c.failed):
                lines.append(f"  {kind}: created {c.created}, updated {c.updated}, unchanged {c.unchanged}, "
                             f"failed {c.failed}")
        t = self.total()
        lines.append(f"Tổng: created {t.created} / updated {t.updated} / unchanged {t.unchanged} / "
                     f"failed {self.error_count}")
        if self.created_orgs:
            lines.append(f"Tổ chức mới được tạo ({len(self.created_orgs)}): " + "; ".join(self.created_orgs[:50])
                         + (" …" if len(self.created_orgs) > 50 else ""))
        if self.unresolved:
            lines.append(f"Quan hệ chưa tìm thấy văn bản đích ({len(self.unresolved)}), được giữ lại theo số hiệu:")
            for source, rel, target in self.unresolved[:30]:
                lines.append(f"  {source} —{rel}→ {target}")
            if len(self.unresolved) > 30:
                lines.append(f"  … và {len(self.unresolved) - 30} quan hệ khác")
        return lines


class Tally:
    """What one chunk did; merged into the report only when the chunk's transaction commits."""

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


def bump(counts: Counts, status: str):
    setattr(counts, status, getattr(counts, status) + 1)
