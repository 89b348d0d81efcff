"""``manage.py import_files PATH... [--dry-run] [--topic T] [--visibility …] [--cells ORG...] [--issuer NAME]``

Imports PDF, DOCX, HTML, Markdown and text files (folders recursively) into the library; see
``library/file_import.py`` for what is read and the decisions on missing metadata. Prints a progress
bar on a terminal, ``<file>: reason`` on stderr for each file that failed, then the summary in the wording
of every import command (``importkit.ImportReport``: created / updated / unchanged / failed files, the
organisations created, the duplicates, each draft with what staff must fill in). The exit status is
non-zero when a file failed (the other files are still imported).
"""
import sys

from django.core.management.base import BaseCommand, CommandError

from importkit import UNCHANGED, ImportProgress, startup_objects_frozen
from library.file_import import DUPLICATE, FileImporter, iter_files
from library.models import Visibility
from organizations.models import Organization
from vntext.text import fold


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
        verbosity = options.get("verbosity", 1)
        terminal = sys.stderr if self.stderr.isatty() and verbosity > 0 else None
        total = sum(1 for _ in iter_files(options["paths"])) if terminal else None
        with startup_objects_frozen(), ImportProgress(self.stderr.write, terminal, total) as bar:
            def on_file(result):
                bar.advance(1, description=result.path[-40:])
                if verbosity >= 2 or options["dry_run"]:
                    (bar.say if terminal else self.stdout.write)(self._line(result))

            importer = FileImporter(dry_run=options["dry_run"], topic=options["topic"],
                                    visibility=options["visibility"], cells=cells, default_issuer=options["issuer"],
                                    batch_size=options["batch_size"], on_file=on_file, on_error=bar.say)
            report = importer.run(options["paths"])
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(report.closing_line())

    def _cells(self, names):
        cells = []
        for name in names:
            org = Organization.objects.filter(name_folded=fold(name).strip()).first()
            if org is None:
                raise CommandError(f"Không tìm thấy tổ chức: {name}")
            cells.append(org)
        return cells

    def _line(self, r):
        bits = [f"[{UNCHANGED if r.status == DUPLICATE else r.status}] {r.path}"]
        if r.reason:
            bits.append(f"— {r.reason}")
        elif r.title:
            date = r.issued_on.strftime("%d/%m/%Y") if r.issued_on else "?"
            bits.append(f"— {r.symbol or '(không số)'} | {r.issuer} | {date} | {r.title[:80]}")
            if r.draft:
                bits.append("(bản nháp)")
        return " ".join(bits)
