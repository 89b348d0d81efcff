"""Organizations (đảng bộ → đảng bộ cơ sở → chi bộ, a tree of any depth) and who belongs where, in which role.

The tree is stored as a materialised path of ids ("/1/5/12/") beside a plain ``parent`` foreign key:
editors pick a parent in an ordinary select, and "everything below X" is one indexed
``path__startswith`` filter, which every privacy and report query relies on.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vntext.text import fold


class OrganizationKind(models.TextChoices):
    COMMITTEE = "dang_bo", _("Đảng bộ")
    BASE = "co_so", _("Đảng bộ cơ sở")
    CELL = "chi_bo", _("Chi bộ")
    BODY = "co_quan", _("Cơ quan ban hành")


def infer_kind(name: str, has_parent: bool = True) -> str:
    """Guess an organization's kind from its Vietnamese name (imports give only name and parent)."""
    folded = fold(name)
    if folded.startswith("chi bo"):
        return OrganizationKind.CELL
    if folded.startswith(("dang bo co so", "dang uy co so")):
        return OrganizationKind.BASE
    if folded.startswith(("dang bo", "dang uy", "tinh uy", "thanh uy", "huyen uy", "quan uy")):
        return OrganizationKind.COMMITTEE
    return OrganizationKind.BODY


class OrganizationQuerySet(models.QuerySet):
    def cells(self):
        return self.filter(kind=OrganizationKind.CELL)

    def subtree_of(self, org: "Organization"):
        """The organization and everything below it."""
        return self.filter(path__startswith=org.path)


class Organization(models.Model):
    name = models.CharField(_("tên"), max_length=255, unique=True)
    code = models.CharField(_("ký hiệu"), max_length=40, blank=True,
                            help_text=_("Ký hiệu trong số hiệu văn bản, ví dụ TW, BTCTW, TU, ĐUK."))
    kind = models.CharField(_("loại"), max_length=10, choices=OrganizationKind.choices,
                            default=OrganizationKind.COMMITTEE)
    parent = models.ForeignKey("self", verbose_name=_("trực thuộc"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    description = models.TextField(_("giới thiệu"), blank=True)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")
    # The Wagtail collection holding this organization's files (created on first use, and kept named and placed
    # like the organization: organizations.file_scopes).
    collection = models.OneToOneField("wagtailcore.Collection", null=True, blank=True, editable=False,
                                      on_delete=models.SET_NULL, related_name="organization")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        db_table = "topics_organization"  # created by the topics app before this floor existed: kept as is
        ordering = ["path"]
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")

    def __str__(self):
        return self.name

    @property
    def is_cell(self) -> bool:
        return self.kind == OrganizationKind.CELL

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this organization (inclusive)."""
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def ancestors(self):
        return Organization.objects.filter(pk__in=self.ancestor_ids()[:-1]).order_by("depth")

    def descendants(self, include_self=True):
        qs = Organization.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def get_absolute_url(self):
        return reverse("topics:organization", args=[self.pk])

    def clean(self):
        if self.parent_id and self.pk:
            if self.parent_id == self.pk or f"/{self.pk}/" in (self.parent.path or ""):
                raise ValidationError({"parent": _("Không thể đặt tổ chức trực thuộc chính nó hoặc cấp dưới của nó.")})

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        old_path = self.path
        with transaction.atomic():
            if not self.pk:
                super().save(*args, **kwargs)
                kwargs.pop("force_insert", None)
            parent_path = self.parent.path if self.parent_id else "/"
            self.path = f"{parent_path}{self.pk}/"
            self.depth = self.path.count("/") - 2
            super().save(update_fields=["path", "depth", "name", "name_folded", "code", "kind", "parent",
                                        "description"])
            if old_path and old_path != self.path:
                for child in Organization.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = self.path + child.path[len(old_path):]
                    child.depth = child.path.count("/") - 2
                    child.save_base(update_fields=["path", "depth"])


class Role(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    SECRETARY = "secretary", _("Bí thư chi bộ")
    STAFF = "staff", _("Cán bộ đảng ủy")


CELL_ROLES = (Role.MEMBER, Role.SECRETARY)


class MembershipQuerySet(models.QuerySet):
    def of_cell(self, cell):
        """The cell's own members and secretary (staff attached to an organization are not its members)."""
        return self.filter(organization=cell, role__in=CELL_ROLES)

    def of_cells(self, cell_ids):
        """Members and secretaries of several cells at once, active users only (reports group them by cell)."""
        return self.filter(organization_id__in=list(cell_ids), role__in=CELL_ROLES, user__is_active=True)


def member_of_cell_q(user_lookup: str, cell_id_lookup: str) -> models.Q:
    """A filter: the user reached through ``user_lookup`` is a member or the secretary of the cell whose id is
    reached through ``cell_id_lookup`` (both lookups from the queried model, e.g. ``"item__read_marks__user"``
    and ``"meeting__cell_id"``). Both conditions sit in one ``filter()`` so they bind to the same membership."""
    return models.Q(**{f"{user_lookup}__memberships__organization_id": models.F(cell_id_lookup),
                       f"{user_lookup}__memberships__role__in": CELL_ROLES})


def activated_account_q(prefix: str = "") -> models.Q:
    """Users who have set a password (an imported member with only an invitation has not activated it yet)."""
    return ~models.Q(**{f"{prefix}password__startswith": "!"}) & ~models.Q(**{f"{prefix}password": ""})


def cell_users(cell):
    """Active users who are members or the secretary of ``cell``: who is told about, and reads for, its
    meetings. Ordered by name."""
    from django.contrib.auth import get_user_model  # the user model is known only once apps are loaded

    return (get_user_model().objects.filter(is_active=True, pk__in=Membership.objects.of_cell(cell).values("user_id"))
            .order_by("first_name", "last_name", "username"))


class Membership(models.Model):
    """A user's role in one organization (member or secretary of a cell, staff of a đảng bộ)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, default=Role.MEMBER)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        db_table = "topics_membership"  # see Organization.Meta
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="uniq_membership")]
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class SignIn(models.Model):
    """One row per user per day they signed in (local date): the committees' adoption figures count members who
    signed in during a period, which ``User.last_login`` (the last time only) cannot tell."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ins")
    on = models.DateField(_("ngày đăng nhập"), default=timezone.localdate)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="uniq_sign_in_day")]
        indexes = [models.Index(fields=["on", "user"])]
        verbose_name = _("lần đăng nhập")
        verbose_name_plural = _("lần đăng nhập")

    def __str__(self):
        return f"{self.user} — {self.on:%d/%m/%Y}"


def record_sign_in(sender, request=None, user=None, **kwargs):
    """``user_logged_in`` receiver (connected in OrganizationsConfig.ready): note the day, once."""
    if user is not None and user.pk:
        SignIn.objects.get_or_create(user=user, on=timezone.localdate())


def cell_accounts(cell_ids, start, end) -> dict[int, dict]:
    """Per cell id: ``accounts`` (members and the secretary with an activated account) and ``signed_in`` (those
    of them who signed in between the aware datetimes ``start`` and ``end``, by a SignIn day or their last
    login). One query; the committees' adoption figures (topics/reports/selectors.py)."""
    signed = models.Exists(SignIn.objects.filter(user_id=models.OuterRef("user_id"), on__gte=start.date(),
                                                 on__lt=end.date()))
    in_period = models.Q(signed=True) | models.Q(user__last_login__gte=start, user__last_login__lt=end)
    return {row.pop("organization_id"): row for row in (
        Membership.objects.of_cells(cell_ids).filter(activated_account_q("user__"))
        .annotate(signed=signed).order_by().values("organization_id")
        .annotate(accounts=models.Count("user_id", distinct=True),
                  signed_in=models.Count("user_id", distinct=True, filter=in_period)))}


class Invitation(models.Model):
    """The one invitation e-mail sent to a member imported without a password (``import_members``): written once
    per account, so re-importing the same file finds the row and does not mail again."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_invitation")
    email = models.EmailField(_("gửi tới"))
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)

    class Meta:
        db_table = "portal_invitation"  # created by the portal app before this floor existed: kept as is
        verbose_name = _("thư mời đặt mật khẩu")
        verbose_name_plural = _("thư mời đặt mật khẩu")

    def __str__(self):
        return f"{self.user} — {self.email}"
