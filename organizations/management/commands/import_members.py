"""``manage.py import_members FILE.csv [--dry-run]``: accounts, roles and invitations from a CSV file.

A thin shell around :mod:`organizations.members`: reads the file (UTF-8, with or without BOM; comma, semicolon
or tab), shows a progress bar on a terminal, prints ``line N: reason`` to stderr for each bad row and the
summary at the end (the wording of every import command, ``importkit.ImportReport``), and exits non-zero
when any row failed (after the summary).
"""
import sys

from django.core.management.base import BaseCommand, CommandError

from importkit import ImportProgress, startup_objects_frozen
from organizations.members import COLUMNS, import_members


class Command(BaseCommand):
    help = ("Nhập đảng viên từ tệp CSV có các cột " + ",".join(COLUMNS)
            + " (role: member | secretary | staff; cell: tên tổ chức; password trống: gửi thư mời đặt mật khẩu).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .csv (hoặc - để đọc từ stdin)")
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra và báo cáo, không ghi gì, không gửi thư.")
        parser.add_argument("--base-url", default=None,
                            help="Địa chỉ trang web dùng trong thư mời (mặc định WAGTAILADMIN_BASE_URL).")
        parser.add_argument("--reset-passwords", action="store_true",
                            help="Đặt lại mật khẩu của tài khoản đã có theo cột password (mặc định chỉ đặt "
                                 "cho tài khoản mới hoặc chưa có mật khẩu).")

    def handle(self, *args, file, dry_run, base_url, reset_passwords, **options):
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, "rb") as fh:
                    raw = fh.read()
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise CommandError(f"Tệp {file} không phải UTF-8: hãy lưu lại dưới dạng CSV UTF-8.") from None
        except OSError as exc:
            raise CommandError(f"Không mở được tệp {file}: {exc.strerror}") from None
        terminal = sys.stderr if self.stderr.isatty() else None
        rows = max(0, text.count("\n") - 1)
        with startup_objects_frozen(), ImportProgress(self.stderr.write, terminal, rows) as bar:
            report = import_members(text, dry_run=dry_run, base_url=base_url, reset_passwords=reset_passwords,
                                    on_error=bar.say, progress=bar.advance)
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.failed:
            self.stderr.write(report.closing_line())
            sys.exit(1)
