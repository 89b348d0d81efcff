"""``manage.py restore DIR [--force]``: load a backup into an empty database and media folder, then rebuild the
search index (database full-text, and Elasticsearch when configured) and Wagtail's own search index."""
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào CSDL và thư mục media trống, rồi dựng lại chỉ mục tìm kiếm."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="thư mục của bản sao lưu (có manifest.json)")
        parser.add_argument("--force", action="store_true",
                            help="xóa dữ liệu đang có trong CSDL đích và ghi đè tệp media trùng tên")

    def handle(self, *args, directory, force, **options):
        def rebuild():
            call_command("search_index", "rebuild", stdout=StringIO())
            call_command("update_index", stdout=StringIO(), stderr=StringIO())

        try:
            rows = restore(Path(directory), force=force, rebuild_search=rebuild)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã khôi phục {sum(rows.values())} dòng dữ liệu ({len(rows)} bảng) từ {directory}; "
                          "đã dựng lại chỉ mục tìm kiếm.")
