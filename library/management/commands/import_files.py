"""``manage.py import_files PATH... [--dry-run] [--topic T] [--visibility …] [--cells ORG...] [--issuer NAME]``

Imports PDF, DOCX, HTML, Markdown and text files (folders recursively) into the library; see
``library/file_import.py`` for what is read and the decisions on missing metadata. Prints a progress
bar on a terminal, then the summary: created / updated / duplicate / failed, each failed file with its
reason, each draft with what staff must fill in, and the organisations created. The exit status is
non-zero when a file failed (the other files are still imported).
"""
import sys

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from library.file_import import PLACEHOLDER_ISSUER, FileImporter, iter_files
from library.models import Visibility
from organizations.models import Organization
from vntext.text import fold

LABELS = {"created": "tạo mới", "updated": "cập nhật", "duplicate": "trùng", "failed": "lỗi"}


class Command(BaseCommand):
    help = "Nhập tệp văn bản (PDF, DOCX, HTML, Markdown, TXT) vào thư viện."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc và báo cáo, không ghi gì.")
        parser.add_argument("--topic", default="", help="Gắn chủ đề này cho các mục được nhập.")
        parser.add_argument("--visibility", choices=Visibility.values, default="",
                            help="Phạm vi xem (mặc định: internal; restricted nếu có --cells).")
        parser.add_argument("--cells", nargs="+", default=[], metavar="ORG",
                            help="Tên tổ chức được xem (phạm vi hạn chế).")
        parser.add_argument("--issuer", default="", help="Cơ quan ban hành dùng khi tệp không ghi rõ.")
        parser.add_argument("--batch-size", type=int, default=20)

    def handle(self, *args, **options):
        cells = self._cells(options["cells"])
        if options["visibility"] == Visibility.RESTRICTED and not cells:
            raise CommandError("Phạm vi 'restricted' cần --cells: tên các tổ chức được xem.")
        progress = task = None
        verbosity = options.get("verbosity", 1)

        def on_file(result):
            if progress is not None:
                progress.update(task, advance=1, description=result.path[-40:])
            if verbosity >= 2 or options["dry_run"]:
                if progress is not None:
                    progress.console.print(self._line(result), markup=False, highlight=False)
                else:
                    self.stdout.write(self._line(result))

        importer = FileImporter(dry_run=options["dry_run"], topic=options["topic"],
                                visibility=options["visibility"], cells=cells, default_issuer=options["issuer"],
                                batch_size=options["batch_size"], on_file=on_file)
        if sys.stdout.isatty() and verbosity > 0:
            total = sum(1 for _ in iter_files(options["paths"]))
            progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True)
            task = progress.add_task("Nhập tệp", total=total)
            progress.start()
        try:
            summary = importer.run(options["paths"])
        finally:
            if progress is not None:
                progress.stop()
        self._report(summary, verbosity)
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} tệp không nhập được (xem danh sách ở trên).")

    def _cells(self, names):
        cells = []
        for name in names:
            org = Organization.objects.filter(name_folded=fold(name).strip()).first()
            if org is None:
                raise CommandError(f"Không tìm thấy tổ chức: {name}")
            cells.append(org)
        return cells

    def _line(self, r):
        label = LABELS.get(r.status, r.status)
        bits = [f"[{label}] {r.path}"]
        if r.reason:
            bits.append(f"— {r.reason}")
        elif r.title:
            date = r.issued_on.strftime("%d/%m/%Y") if r.issued_on else "?"
            bits.append(f"— {r.symbol or '(không số)'} | {r.issuer} | {date} | {r.title[:80]}")
            if r.draft:
                bits.append("(bản nháp)")
        return " ".join(bits)

    def _report(self, summary, verbosity):
        out = self.stdout
        c = summary.counts
        prefix = "Chạy thử (không ghi gì): " if summary.dry_run else ""
        out.write(f"{prefix}{c['created']} tạo mới, {c['updated']} cập nhật, {c['duplicate']} trùng, "
                  f"{c['failed']} lỗi.")
        if verbosity == 0:
            return
        if summary.failed:
            out.write("Tệp không nhập được:")
            for r in summary.failed:
                out.write(f"  - {r.path}: {r.reason}")
        dups = [r for r in summary.results if r.status == "duplicate"]
        if dups:
            out.write("Tệp trùng (bỏ qua):")
            for r in dups:
                out.write(f"  - {r.path}: {r.reason}")
        todo = [r for r in summary.results if r.status in ("created", "updated") and (r.missing or r.draft)]
        if todo:
            out.write("Cần bổ sung thông tin (mục nháp chưa công bố được đánh dấu *):")
            for r in todo:
                mark = "*" if r.draft else " "
                where = f"#{r.item_id}" if r.item_id else r.path
                out.write(f"  {mark} {where} {r.path}: thiếu {', '.join(r.missing) or 'thông tin'}")
        if summary.rejected_issuers:
            out.write("Cơ quan ban hành không đọc được (phần đầu văn bản lỗi mã hoặc hỏng; KHÔNG tạo tổ chức, văn bản "
                      "để ở dạng nháp): " + "; ".join(f"«{n[:80]}»" for n in summary.rejected_issuers))
        if summary.new_orgs:
            names = [n for n in summary.new_orgs if n != PLACEHOLDER_ISSUER]
            if names:
                verb = "sẽ được tạo" if summary.dry_run else "được tạo"
                out.write(f"Tổ chức mới {verb}: " + "; ".join(names))
