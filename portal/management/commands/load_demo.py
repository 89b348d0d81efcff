"""``manage.py load_demo``: the demo content `make run` shows, loaded idempotently.

* ``portal/demo/library.jsonl`` goes through the same import service as ``import_library`` (organizations,
  documents, study guides, session packs, a year of meetings); re-running reports everything "unchanged".
* Accounts exist only for local use: with ``DEBUG`` on, ``portal/demo/members.csv`` is imported through
  ``import_members`` and a superuser ``admin`` is created once. With ``DJANGO_DEBUG=0`` no demo account is
  ever created, so a server started in production mode never has a known password.
"""
import io
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from library.importing import import_file

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
SITE_NAME = "Sổ tay chuyên đề"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-demo-2026"
LOGIN_URL = "http://127.0.0.1:8000/admin/"
MEMBER_LOGIN_URL = "http://127.0.0.1:8000/tai-khoan/dang-nhap/"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (văn bản, tài liệu, gói chuyên đề, chi bộ, buổi sinh hoạt); chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        self._library()
        self._site_name()
        if settings.DEBUG:
            self._members()
            self._admin()
        else:
            self.stdout.write("DJANGO_DEBUG=0: không tạo tài khoản mẫu (chỉ nạp nội dung công khai và nội bộ).")
        self.stdout.write(f"Đăng nhập quản trị: {LOGIN_URL}")
        if settings.DEBUG:
            self.stdout.write(f"  Quản trị viên mẫu: {ADMIN_USERNAME} / {ADMIN_PASSWORD} (chỉ dùng trên máy local)")
            self.stdout.write(f"  Đảng viên mẫu đăng nhập tại {MEMBER_LOGIN_URL}, tài khoản và mật khẩu trong "
                              f"portal/demo/members.csv (ví dụ bí thư chi bộ: tuphap.hanh / Demo-2026-tup01)")

    def _library(self):
        report = import_file(DEMO_DIR / "library.jsonl", on_error=self.stderr.write)
        total = report.total()
        self.stdout.write(f"Dữ liệu mẫu: created {total.created} / updated {total.updated} / "
                          f"unchanged {total.unchanged} / failed {report.failed}")
        if report.failed:
            raise CommandError("Tệp portal/demo/library.jsonl có dòng lỗi (xem ở trên).")

    def _site_name(self):
        from wagtail.models import Page, Site

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            root = Page.get_first_root_node()
            if root is None:
                return
            home = root.get_first_child() or root
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                site_name=SITE_NAME)
        elif site.site_name != SITE_NAME:
            site.site_name = SITE_NAME
            site.save(update_fields=["site_name"])

    def _members(self):
        if "import_members" not in get_commands():
            self.stderr.write("Chưa có lệnh import_members: bỏ qua tài khoản đảng viên mẫu (portal/demo/members.csv).")
            return
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_members", str(DEMO_DIR / "members.csv"), stdout=out, stderr=err)
        except SystemExit as exc:
            if exc.code:
                self.stderr.write(err.getvalue())
                raise CommandError("Không nhập được portal/demo/members.csv (xem lỗi ở trên).") from None
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        if lines:
            self.stdout.write("Tài khoản đảng viên mẫu: " + " ".join(line.strip() for line in lines[-2:]))

    def _admin(self):
        User = get_user_model()
        with transaction.atomic():
            if not User.objects.filter(username=ADMIN_USERNAME).exists():
                User.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", ADMIN_PASSWORD,
                                              first_name="Quản trị viên mẫu")
