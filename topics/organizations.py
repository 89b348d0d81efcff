"""Organizations: đảng bộ → đảng bộ cơ sở → chi bộ, a tree of any depth.

The tree is stored as a materialised path of ids ("/1/5/12/") beside a plain ``parent`` foreign key:
editors pick a parent in an ordinary select, and "everything below X" is one indexed
``path__startswith`` filter, which every privacy and report query relies on.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from search.text import fold


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
    # The Wagtail collection holding this organization's files (created on first use, see portal.file_scopes).
    collection = models.OneToOneField("wagtailcore.Collection", null=True, blank=True, editable=False,
                                      on_delete=models.SET_NULL, related_name="organization")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
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
        from django.urls import reverse

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
            if self.collection_id:  # its files' collection follows renames and moves
                from portal.file_scopes import place_collection

                place_collection(self)
