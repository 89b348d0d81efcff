"""Importing members from a CSV file (``manage.py import_members``): accounts, roles and invitations.

Columns ``username,full_name,email,cell,role,password`` (docs/CONTRACTS.md). The rules:

* **One row, one account and one role in one organization.** ``cell`` names any organization, by its exact
  name or by the same name without diacritics/case ("chi bo 1" finds "Chi bộ 1"). ``role`` is member,
  secretary or staff (Vietnamese words are accepted too). A user keeps one membership per organization;
  a member or secretary belongs to one cell, so naming another cell moves them (rows for the same
  username in the same file add up: a staff member may also be a member of a cell).
* **Idempotent.** An existing username (any case) is updated: full name, e-mail, membership and role.
  Re-importing the same file reports every row "unchanged" and writes nothing. A password in the file
  is the *initial* password: it is set when the account is created (or has none yet), never over a
  password the member chose, unless ``reset_passwords`` is asked for.
* **Bad rows never spoil the rest.** Each row is validated, then written in its own transaction; a bad
  one is reported as ``line N: reason`` (the header is line 1) and the others are imported. The report is
  the one of every importer (``importkit.ImportReport``: counts of ``member`` rows, errors, invitations).
* **Invitations.** An empty password creates the account without a usable password and e-mails a link to
  set one (Django's password-reset token), exactly once per account (``portal.Invitation``).
* **--dry-run** validates everything and writes nothing (the whole run is rolled back, no mail is sent).
"""
from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from importkit import ImportReport, LineError
from organizations.models import Invitation, Membership, Organization, Role
from vntext.text import fold

log = logging.getLogger(__name__)

COLUMNS = ("username", "full_name", "email", "cell", "role", "password")
REQUIRED_COLUMNS = ("username", "cell", "role")
ROLE_ALIASES = {
    "member": Role.MEMBER, "dang vien": Role.MEMBER, "thanh vien": Role.MEMBER,
    "secretary": Role.SECRETARY, "bi thu": Role.SECRETARY, "bi thu chi bo": Role.SECRETARY,
    "staff": Role.STAFF, "can bo": Role.STAFF, "can bo dang uy": Role.STAFF,
}
CELL_ROLES = (Role.MEMBER, Role.SECRETARY)


KIND = "member"


@dataclass
class MemberRow:
    line: int
    username: str
    full_name: str
    email: str
    org: Organization
    role: str
    password: str


# -- reading -------------------------------------------------------------------------------------
def read_rows(text: str):
    """Yield (line number, row dict) from CSV text; the header is line 1. Raises LineError on a bad header."""
    text = text.lstrip("\ufeff")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise LineError("tệp trống, thiếu dòng tiêu đề (empty file)")
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise LineError("thiếu cột " + ", ".join(missing) + " (missing columns; cần: " + ",".join(COLUMNS) + ")")
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        row = {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(names)}
        yield line, row


class _Orgs:
    """Organization lookup by exact name, then by folded name; one query for the whole file."""

    def __init__(self):
        self.by_name: dict[str, Organization] = {}
        self.by_folded: dict[str, list[Organization]] = {}
        for org in Organization.objects.all():
            self.by_name[org.name] = org
            self.by_folded.setdefault(fold(org.name).strip(), []).append(org)

    def find(self, name: str) -> Organization:
        if not name:
            raise LineError("thiếu tổ chức ở cột cell (missing organization)")
        if name in self.by_name:
            return self.by_name[name]
        found = self.by_folded.get(fold(" ".join(name.split())).strip(), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise LineError(f"tên tổ chức “{name}” trùng với nhiều tổ chức, hãy ghi đúng dấu "
                           f"(ambiguous organization)")
        raise LineError(f"không tìm thấy tổ chức “{name}” (unknown organization)")


def parse_row(line: int, raw: dict, orgs: _Orgs) -> MemberRow:
    from django.contrib.auth.validators import UnicodeUsernameValidator

    User = get_user_model()
    username = raw.get("username", "")
    if not username:
        raise LineError("thiếu tên đăng nhập (missing username)")
    try:
        UnicodeUsernameValidator()(username)
        if len(username) > 150:
            raise ValidationError("too long")
    except ValidationError:
        raise LineError(f"tên đăng nhập “{username}” không hợp lệ: chỉ dùng chữ, số và @ . + - _, "
                       f"tối đa 150 ký tự (invalid username)") from None
    role_raw = raw.get("role", "")
    role = ROLE_ALIASES.get(fold(role_raw).strip())
    if role is None:
        raise LineError(f"vai trò “{role_raw}” không hợp lệ, dùng member, secretary hoặc staff (unknown role)")
    org = orgs.find(raw.get("cell", ""))
    email = raw.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise LineError(f"e-mail “{email}” không hợp lệ (bad e-mail)") from None
    full_name = " ".join(raw.get("full_name", "").split())
    if len(full_name) > 150:
        raise LineError("họ tên dài quá 150 ký tự (full_name too long)")
    password = raw.get("password", "")
    if password:
        probe = User(username=username, email=email, first_name=full_name)
        try:
            validate_password(password, user=probe)
        except ValidationError as exc:
            raise LineError("mật khẩu yếu: " + " ".join(exc.messages) + " (weak password)") from None
    return MemberRow(line, username, full_name, email, org, role, password)


# -- writing -------------------------------------------------------------------------------------
def _send_invitation(user, base_url: str) -> None:
    parts = urlsplit(base_url)
    ctx = {"user": user, "uid": urlsafe_base64_encode(force_bytes(user.pk)),
           "token": default_token_generator.make_token(user),
           "protocol": parts.scheme or "http", "domain": parts.netloc or "localhost"}
    subject = " ".join(render_to_string("accounts/invitation_subject.txt", ctx).split())
    body = render_to_string("accounts/invitation_email.txt", ctx)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    Invitation.objects.create(user=user, email=user.email)


class MemberImporter:
    def __init__(self, *, dry_run=False, base_url=None, reset_passwords=False,
                 on_error: Callable[[str], None] | None = None, progress: Callable[[int], None] | None = None):
        self.dry_run = dry_run
        self.base_url = base_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost"
        self.reset_passwords = reset_passwords
        self.report = ImportReport(dry_run=dry_run, kinds=(KIND,), on_error=on_error)
        self.progress = progress
        self.invited: list[str] = []
        # username → cells named for that user as member/secretary in this file (they may have several rows)
        self._cells_in_file: dict[int, set[int]] = {}
        self._emails_in_file: dict[str, str] = {}

    def run(self, text: str) -> ImportReport:
        """Each row commits on its own (a long file never holds one big lock); a dry run rolls all back."""
        if not self.dry_run:
            self._run(text)
        else:
            with transaction.atomic():
                self._run(text)
                transaction.set_rollback(True)
        verb = "Sẽ gửi" if self.dry_run else "Đã gửi"
        self.report.add_list(f"{verb} thư mời đặt mật khẩu", self.invited)
        return self.report

    def _run(self, text: str) -> None:
        try:
            rows = list(read_rows(text))
        except LineError as exc:
            self.report.error(1, str(exc))
            return
        orgs = _Orgs()
        for line, raw in rows:
            self._one(line, raw, orgs)
            if self.progress:
                self.progress(1)

    def _one(self, line: int, raw: dict, orgs: _Orgs) -> None:
        try:
            row = parse_row(line, raw, orgs)
            with transaction.atomic():
                outcome = self._apply(row)
        except LineError as exc:
            self.report.fail(line, str(exc), KIND)
            return
        except Exception as exc:  # noqa: BLE001 — one bad row must not stop the import
            log.exception("import_members: line %s", line)
            self.report.fail(line, f"lỗi không mong đợi khi nhập dòng này ({exc})", KIND)
            return
        self.report.count(KIND, outcome)

    def _apply(self, row: MemberRow) -> str:
        User = get_user_model()
        if row.email:
            key = row.email.lower()
            other = self._emails_in_file.get(key)
            if other and other.lower() != row.username.lower():
                raise LineError(f"e-mail “{row.email}” đã dùng cho {other} ở dòng trước (duplicate e-mail)")
            if User.objects.filter(email__iexact=row.email).exclude(username__iexact=row.username).exists():
                raise LineError(f"e-mail “{row.email}” đã thuộc một tài khoản khác (duplicate e-mail)")
        user = User.objects.filter(username__iexact=row.username).first()
        created = user is None
        changed = False
        if created:
            if not row.password and not row.email:
                raise LineError("không có mật khẩu thì cần e-mail để gửi thư mời (missing e-mail for invitation)")
            user = User(username=row.username, email=row.email, first_name=row.full_name)
            if row.password and self.dry_run:
                user.password = "dry-run"  # usable, and no slow hashing for a run that is rolled back
            elif row.password:
                user.set_password(row.password)
            else:
                user.set_unusable_password()
            user.save()
        else:
            if row.full_name and (user.first_name, user.last_name) != (row.full_name, ""):
                user.first_name, user.last_name = row.full_name, ""
                changed = True
            if row.email and user.email != row.email:
                user.email = row.email
                changed = True
            if row.password and (self.reset_passwords or not user.has_usable_password()):
                if not user.check_password(row.password):
                    user.set_password(row.password)
                    changed = True
            if changed:
                user.save()
        if row.email:
            self._emails_in_file[row.email.lower()] = user.username
        changed |= self._set_membership(user, row)
        if not row.password and not user.has_usable_password():
            self._invite(user, row)
        if created:
            return "created"
        return "updated" if changed else "unchanged"

    def _set_membership(self, user, row: MemberRow) -> bool:
        changed = False
        ms = Membership.objects.filter(user=user, organization=row.org).first()
        if ms is None:
            Membership.objects.create(user=user, organization=row.org, role=row.role)
            changed = True
        elif ms.role != row.role:
            ms.role = row.role
            ms.save(update_fields=["role"])
            changed = True
        if row.role in CELL_ROLES:
            kept = self._cells_in_file.setdefault(user.pk, set())
            kept.add(row.org.pk)
            # A member belongs to one cell: a row naming another cell moves them (unless this file names both).
            stale = Membership.objects.filter(user=user, role__in=CELL_ROLES).exclude(organization_id__in=kept)
            for old in stale:
                old.delete()
                changed = True
        return changed

    def _invite(self, user, row: MemberRow) -> None:
        if not user.email:
            raise LineError("không có mật khẩu thì cần e-mail để gửi thư mời (missing e-mail for invitation)")
        if Invitation.objects.filter(user=user).exists() or user.username in self.invited:
            return
        if not self.dry_run:
            _send_invitation(user, self.base_url)
        self.invited.append(user.username)


def import_members(text: str, *, dry_run=False, base_url=None, reset_passwords=False, on_error=None,
                   progress=None) -> ImportReport:
    return MemberImporter(dry_run=dry_run, base_url=base_url, reset_passwords=reset_passwords, on_error=on_error,
                          progress=progress).run(text)
