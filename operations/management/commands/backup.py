"""``manage.py backup DIR``: database rows, media files and a manifest with checksums (operations/backup.py)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ site (dữ liệu, tệp media, manifest có mã kiểm tra) vào một thư mục mới."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="thư mục mới (hoặc trống) để ghi bản sao lưu")

    def handle(self, *args, directory, **options):
        try:
            report = backup(Path(directory))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(report.rows.values())
        self.stdout.write(f"Đã sao lưu {rows} dòng dữ liệu ({len(report.rows)} bảng) và {report.files} tệp media "
                          f"({report.bytes / 1e6:.1f} MB) vào {directory}")
