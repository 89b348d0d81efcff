"""The library: documents, study guides and session packs, their attachments, relations and citations.

Items are plain Django models (one table, ``item_type`` tells them apart) managed in the Wagtail admin
as a snippet with Wagtail's draft/revision/lock/workflow mixins, and served by plain views. One table
keeps listing, filtering and bulk import fast at 100,000 rows, and lets a relation, a meeting's
materials or a citation point at any kind of item. Wagtail's own search indexing is deliberately
not used: the ``search`` app indexes items in batches (see search/indexing.py).
"""
from __future__ import annotations

import hashlib

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, PreviewableMixin, RevisionMixin, WorkflowMixin

from library.blocks import GuideStreamBlock
from library.kinds import DocumentKind, kind_label
from vntext.numbers import leading_number, number_key
from vntext.text import fold


class ItemType(models.TextChoices):
    DOCUMENT = "document", _("Văn bản")
    STUDY_GUIDE = "study_guide", _("Tài liệu học tập")
    SESSION_PACK = "session_pack", _("Gói chuyên đề")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    INTERNAL = "internal", _("Nội bộ (đảng viên đã đăng nhập)")
    RESTRICTED = "restricted", _("Hạn chế (chỉ tổ chức được chỉ định)")


class Validity(models.TextChoices):
    IN_FORCE = "con_hieu_luc", _("Còn hiệu lực")
    PARTLY_EXPIRED = "het_hieu_luc_mot_phan", _("Hết hiệu lực một phần")
    EXPIRED = "het_hieu_luc", _("Hết hiệu lực toàn bộ")
    NOT_YET = "chua_co_hieu_luc", _("Chưa có hiệu lực")
    UNKNOWN = "khong_xac_dinh", _("Chưa xác định")


VALIDITY_ALIASES = {
    fold(label): value for value, label in [(v, str(lbl)) for v, lbl in Validity.choices]
} | {v: v for v in Validity.values} | {"in_force": Validity.IN_FORCE, "expired": Validity.EXPIRED,
                                       "repealed": Validity.EXPIRED, "partly_expired": Validity.PARTLY_EXPIRED,
                                       "not_yet": Validity.NOT_YET}


class TaggedItem(ItemBase):
    """An item's topic. Topics are the portal's one vocabulary (``topics.Topic``, a floor up): the library names
    the model only in this foreign key and reaches it through :func:`topic_model`."""

    tag = models.ForeignKey("topics.Topic", on_delete=models.CASCADE, related_name="tagged_items")
    content_object = ParentalKey("library.LibraryItem", on_delete=models.CASCADE, related_name="tagged_items")


def topic_model():
    """The topic model (``topics.Topic``), found through the relation rather than imported from the floor above."""
    return TaggedItem._meta.get_field("tag").related_model


def identity_key(item_type: str, kind: str, symbol: str, issuer_id, issued_on, title: str) -> str:
    """Identity rule: type + number + issuer + issue date (numbers restart each term).

    Items without a number (most guides and packs) are identified by their folded title instead.
    """
    key = number_key(symbol)
    base = f"{kind}|{key}" if key else f"{item_type}|title|{fold(title)}"
    raw = f"{base}|{issuer_id}|{issued_on}"
    return hashlib.sha1(raw.encode()).hexdigest()


class LibraryItemQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def documents(self):
        return self.filter(item_type=ItemType.DOCUMENT)

    def with_listing_data(self):
        return self.select_related("issuer").prefetch_related("tags")


class LibraryItem(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    item_type = models.CharField(_("loại mục"), max_length=20, choices=ItemType.choices, default=ItemType.DOCUMENT,
                                 db_index=True)
    kind = models.CharField(_("loại văn bản"), max_length=8, choices=DocumentKind.choices, blank=True, db_index=True)
    symbol = models.CharField(_("số hiệu"), max_length=120, blank=True, help_text=_("Ví dụ 1193-QĐ/TU, 30/2020/NĐ-CP"))
    number = models.CharField(_("số"), max_length=20, blank=True, editable=False, db_index=True)
    number_key = models.CharField(max_length=140, blank=True, editable=False, db_index=True)
    title = models.TextField(_("trích yếu / tiêu đề"))
    issuer = models.ForeignKey("organizations.Organization", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT,
                               related_name="issued_items")
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), db_index=True)
    effective_from = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    # The day the item stopped applying when no replacing or repealing item in the library says so
    # (library.validity computes the status as of any date from these dates and the relations).
    expired_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    validity = models.CharField(_("tình trạng hiệu lực"), max_length=30, choices=Validity.choices,
                                default=Validity.IN_FORCE, db_index=True,
                                help_text=_("Tình trạng ghi nhận khi chưa có ngày hoặc văn bản thay thế; tình "
                                            "trạng theo thời gian được tính từ các ngày và quan hệ."))
    field = models.CharField(_("lĩnh vực"), max_length=200, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = RichTextField(_("toàn văn"), blank=True)
    # Study guides: structured sections.
    sections = StreamField(GuideStreamBlock(), verbose_name=_("các phần của tài liệu"), blank=True, use_json_field=True)
    # Session packs: what a cell needs for one thematic meeting.
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    discussion_questions = models.TextField(_("câu hỏi thảo luận"), blank=True, help_text=_("Mỗi dòng một câu hỏi."))
    conclusion_template = models.TextField(_("mẫu kết luận gợi ý"), blank=True)
    guide = models.ForeignKey("self", verbose_name=_("tài liệu hướng dẫn kèm theo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="packs_using",
                              limit_choices_to={"item_type": ItemType.STUDY_GUIDE})
    tags = ClusterTaggableManager(through=TaggedItem, blank=True, verbose_name=_("chủ đề"))
    visibility = models.CharField(_("phạm vi xem"), max_length=12, choices=Visibility.choices,
                                  default=Visibility.PUBLIC, db_index=True)
    allowed_orgs = ParentalManyToManyField("organizations.Organization", verbose_name=_("tổ chức được xem"), blank=True,
                                           related_name="restricted_items")
    # Cells whose materials this item is (a cell's page lists them; library and search filter by them). Not a
    # visibility rule: who may see the item is decided by ``visibility`` / ``allowed_orgs`` alone.
    for_cells = ParentalManyToManyField("organizations.Organization", verbose_name=_("tài liệu của chi bộ"),
                                        blank=True, related_name="cell_materials",
                                        limit_choices_to={"kind": "chi_bo"},
                                        help_text=_("Chi bộ dùng tài liệu này (không thay đổi ai được xem)."))
    identity = models.CharField(max_length=40, unique=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="libraryitem")
    workflow_states = GenericRelation("wagtailcore.WorkflowState", content_type_field="base_content_type",
                                      object_id_field="object_id", related_query_name="libraryitem",
                                      for_concrete_model=False)

    objects = LibraryItemQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("mục thư viện")
        verbose_name_plural = _("thư viện")
        indexes = [
            models.Index(fields=["live", "visibility", "-issued_on"]),
            models.Index(fields=["kind", "number"]),
        ]

    def __str__(self):
        return f"{self.symbol} — {self.title}" if self.symbol else self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def year(self):
        return self.issued_on.year if self.issued_on else None

    @property
    def kind_label(self):
        """Vietnamese name of the kind; a ``QĐ`` whose title opens with "Quy định" is a Quy định."""
        return kind_label(self.kind, self.title)

    @property
    def display_name(self):
        """Symbol with its year, so two documents sharing a symbol stay apart: '12-HD/BTCTW (2022)'."""
        if self.symbol:
            return f"{self.symbol} ({self.issued_on.year})" if self.issued_on else self.symbol
        return self.title

    def get_absolute_url(self):
        return reverse("library:item", args=[self.pk])

    def get_preview_template(self, request, mode_name):
        return "library/library_item.html"

    # The item page's context (relations, citations, files…) is built by library.selectors, which import these
    # models; LibraryConfig.ready() plugs it in here, so the models never import their own selectors.
    page_context = None

    def get_preview_context(self, request, mode_name):
        return type(self).page_context(self, request, preview=True)

    def compute_identity(self):
        self.number_key = number_key(self.symbol)
        self.number = leading_number(self.symbol) if self.symbol else ""
        self.identity = identity_key(self.item_type, self.kind, self.symbol, self.issuer_id, self.issued_on, self.title)

    def clean(self):
        super().clean()
        if self.issuer_id and self.issued_on and self.title:
            self.compute_identity()
            clash = LibraryItem.objects.filter(identity=self.identity).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError(_("Đã có văn bản cùng loại, số, cơ quan ban hành và ngày ban hành: %(x)s")
                                      % {"x": clash.display_name})
        if self.item_type == ItemType.DOCUMENT and not self.kind:
            raise ValidationError({"kind": _("Văn bản phải có loại (chỉ thị, nghị quyết, …).")})

    def save(self, *args, **kwargs):
        self.compute_identity()
        super().save(*args, **kwargs)


class ItemAttachment(Orderable):
    """A file (PDF/DOCX…) attached to an item, stored as a Wagtail document and served through a permission check."""

    item = ParentalKey(LibraryItem, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.CASCADE,
                                 related_name="library_attachments")
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    # SHA-256 of the imported file, so a second copy of any attached file is recognised (import_files).
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")


class RelationType(models.TextChoices):
    """Typed relations, each read forwards on the source and backwards on the target."""

    GUIDES = "guides", _("Hướng dẫn")
    REPLACES = "replaces", _("Thay thế")
    AMENDS = "amends", _("Sửa đổi, bổ sung")
    REPEALS = "repeals", _("Bãi bỏ")
    BASED_ON = "based_on", _("Căn cứ")
    CITES = "cites", _("Dẫn chiếu")
    IMPLEMENTS = "implements", _("Triển khai thực hiện")
    INCLUDES = "includes", _("Gồm tài liệu")


# Label of a relation seen from its target ("được thay thế bởi").
REVERSE_LABELS = {
    RelationType.GUIDES: _("Được hướng dẫn bởi"),
    RelationType.REPLACES: _("Được thay thế bởi"),
    RelationType.AMENDS: _("Được sửa đổi, bổ sung bởi"),
    RelationType.REPEALS: _("Bị bãi bỏ bởi"),
    RelationType.BASED_ON: _("Là căn cứ của"),
    RelationType.CITES: _("Được dẫn chiếu bởi"),
    RelationType.IMPLEMENTS: _("Được triển khai bởi"),
    RelationType.INCLUDES: _("Thuộc gói chuyên đề"),
}


class Relation(Orderable):
    source = ParentalKey(LibraryItem, on_delete=models.CASCADE, related_name="relations_out")
    relation_type = models.CharField(_("quan hệ"), max_length=20, choices=RelationType.choices)
    target = models.ForeignKey(LibraryItem, verbose_name=_("văn bản liên quan"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="relations_in")
    target_symbol = models.CharField(_("số hiệu (nếu chưa có trong thư viện)"), max_length=120, blank=True)
    # From when the relation applies (a replacement or repeal takes effect): empty → the source's effective
    # date, else its issue date (library.validity).
    effective_on = models.DateField(_("có hiệu lực từ ngày"), null=True, blank=True,
                                    help_text=_("Để trống: theo ngày hiệu lực (hoặc ngày ban hành) của văn bản này."))

    class Meta(Orderable.Meta):
        verbose_name = _("quan hệ văn bản")
        verbose_name_plural = _("quan hệ văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "relation_type", "target"], name="uniq_relation",
                                    condition=models.Q(target__isnull=False)),
        ]

    def __str__(self):
        return f"{self.source_id} {self.relation_type} {self.target_id or self.target_symbol}"


class CitationStatus(models.TextChoices):
    RESOLVED = "resolved", _("Đã xác định")
    AMBIGUOUS = "ambiguous", _("Chưa rõ (nhiều văn bản trùng số)")
    UNRESOLVED = "unresolved", _("Chưa có trong thư viện")


class Citation(models.Model):
    """A reference found in an item's text ("Chỉ thị số 05-CT/TW ngày 15/5/2016"), resolved when unambiguous."""

    source = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="citations")
    raw = models.CharField(max_length=300)
    kind = models.CharField(max_length=8, blank=True)
    number = models.CharField(max_length=20, blank=True)
    symbol = models.CharField(max_length=120, blank=True)
    number_key = models.CharField(max_length=140, blank=True, db_index=True)
    issuer = models.CharField(max_length=200, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=CitationStatus.choices, default=CitationStatus.UNRESOLVED,
                              db_index=True)
    target = models.ForeignKey(LibraryItem, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="cited_by")
    # Relation the wording suggests ("thay thế" → replaces); shown to staff, never applied automatically.
    suggested_relation = models.CharField(max_length=20, choices=RelationType.choices, blank=True)
    # Groups citations of the same missing document: number_key, or "kind|number|folded issuer".
    group_key = models.CharField(max_length=200, blank=True, db_index=True)
    context = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["source", "start"]
        verbose_name = _("trích dẫn")
        verbose_name_plural = _("trích dẫn")


# The moderation task is a model of this app defined beside its rules (library/moderation.py).
from library.moderation import CommitteeApprovalTask  # noqa: E402,F401
