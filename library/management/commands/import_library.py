"""``manage.py import_library FILE.jsonl [--dry-run]``: the import contract of docs/CONTRACTS.md.

A thin shell around :mod:`library.importing`: it opens the file, shows a progress bar on a terminal, prints
``line N: reason`` to stderr for each bad line and the summary at the end (the wording of every import
command, ``importkit.ImportReport``), and exits non-zero when any line failed (after the summary, so the
summary is always printed).
"""
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from importkit import ImportProgress, startup_objects_frozen
from library.importing import CHUNK_SIZE, import_stream
from library.models import LibraryItem
from library.signals import import_finished


class Command(BaseCommand):
    help = ("Nhập văn bản, tài liệu, gói chuyên đề, tổ chức và buổi sinh hoạt từ tệp JSON Lines "
            "(mỗi dòng một đối tượng).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .jsonl (hoặc - để đọc từ stdin)")
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra và báo cáo, không ghi gì.")
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, help="Số dòng mỗi lô (mặc định 500).")

    def handle(self, *args, file, dry_run, chunk_size, **options):
        if file == "-":
            stream, total = sys.stdin.buffer, None
        else:
            try:
                stream, total = open(file, "rb"), os.path.getsize(file)
            except OSError as exc:
                raise CommandError(f"Không mở được tệp {file}: {exc.strerror}") from None
        try:
            terminal = sys.stderr if self.stderr.isatty() else None
            with startup_objects_frozen(), ImportProgress(self.stderr.write, terminal, total, in_bytes=True) as bar:
                report = import_stream(stream, dry_run=dry_run, chunk_size=max(1, chunk_size), on_error=bar.say,
                                       progress=bar.advance)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        changed = sum(c.created + c.updated for c in report.counts.values())
        if not dry_run:
            import_finished.send(sender=LibraryItem, changed=changed)  # search compacts its index after a large one
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.failed:
            self.stderr.write(report.closing_line())
            sys.exit(1)
