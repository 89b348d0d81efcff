"""``manage.py clean_media [--delete] [--min-age MINUTES]``: media files no row references (operations/media.py)."""
from django.core.management.base import BaseCommand

from operations.media import orphans


class Command(BaseCommand):
    help = "Liệt kê (hoặc xóa với --delete) các tệp media không thuộc bản ghi nào (tệp mồ côi)."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="xóa các tệp mồ côi")
        parser.add_argument("--min-age", type=float, default=60.0,
                            help="chỉ tính tệp cũ hơn số phút này (mặc định 60: một lần nhập có thể đang ghi)")

    def handle(self, *args, delete, min_age, **options):
        found = orphans(min_age * 60)
        for path in found:
            if delete:
                path.unlink(missing_ok=True)
            self.stdout.write(("đã xóa " if delete else "mồ côi: ") + str(path))
        verb = "Đã xóa" if delete else "Tìm thấy"
        self.stdout.write(f"{verb} {len(found)} tệp media mồ côi.")
