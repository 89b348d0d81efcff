"""``manage.py extract_citations FILE...``: one JSON line per citation found in each file.

Keys (always present): file, raw, kind, number, symbol, issuer, issued_on (YYYY-MM-DD or null), start,
end. Text files are decoded with the legacy-encoding detector (UTF-8, TCVN3, VNI, Windows-1258); PDF and
DOCX go through their readers. ``start``/``end`` index the decoded text as it is (a decomposed UTF-8 file
keeps its own form; TCVN3/VNI files are indexed after conversion to Unicode), so
``text[start:end] == raw``. A file that cannot be read is reported on stderr, the others are still
processed, and the exit status is then non-zero.
"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from library.file_readers import Unreadable, read_any_text
from vntext.citations import extract


class Command(BaseCommand):
    help = "In các trích dẫn văn bản tìm thấy trong tệp, mỗi trích dẫn một dòng JSON."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, **options):
        failed = 0
        for name in options["files"]:
            path = Path(name)
            try:
                if path.is_dir():
                    raise Unreadable("là thư mục, không phải tệp")
                text = read_any_text(path)
            except (Unreadable, OSError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                self.stderr.write(f"{name}: không đọc được: {reason}")
                failed += 1
                continue
            for ref in extract(text):
                self.stdout.write(json.dumps(ref.to_json(file=name), ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} tệp không đọc được.")
