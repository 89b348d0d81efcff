"""Who may see what: the one privacy layer every surface goes through.

Views, APIs, feeds, sitemaps, search queries and file downloads ask a :class:`Viewer` for a filter
instead of deciding for themselves. The rules:

* library items: *public* → everyone; *internal* → any logged-in user; *restricted* to organizations O →
  users belonging to O or to anything below O (any role), and staff of O or of anything above O;
* meetings of cell C (and their minutes and outcomes): members and secretaries of C, staff of C or of
  anything above C, superusers; a meeting marked public is visible to everyone;
* superusers see everything.

For search engines the same rules are expressed as *grant keys* (:func:`item_grant_keys`,
:func:`meeting_grant_keys`) indexed with each entry and matched against :meth:`Viewer.grant_keys`, so
the engine filters inside the query (counts and facets included).

The Wagtail admin asks the same object (:meth:`Viewer.admin_queryset`) which objects of a model a user may
*manage* (edit, history, revisions, workflow, lock, unpublish, usage, delete) or *choose* (choosers, form
fields): :data:`ADMIN_SCOPES` names the rule of each model. ``organizations.admin_guard`` applies it to every admin
URL that carries an object id, so a view Wagtail adds later is covered without code.

* library items: manage = issued by, or restricted to, an organization in a subtree the user is staff of;
  choose = live items the user may see, plus the ones they manage;
* meetings: manage = a secretary's own cell, staff's subtree; choose = meetings the user may see;
* organizations and roll-outs: manage = staff's subtree; organizations may be chosen by any editor;
* scoring templates: manage = templates of an organization in staff's subtree (the portal-wide default:
  superusers only); choose = those plus the templates inherited from above and the default;
* images and documents: Wagtail's collection permissions (each đảng bộ's collection, see organizations.file_scopes);
* topics are shown only where something tagged with them is visible (:meth:`Viewer.visible_topics`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Membership, Organization, Role

# Model label → (Viewer method giving the *manage* filter, method giving the *choose* filter). ``None`` as
# the choose rule: any admin user may choose (organization names are public, they sign documents).
ADMIN_SCOPES: dict[str, tuple[str, str | None]] = {
    "library.libraryitem": ("managed_items_q", "choosable_items_q"),
    "topics.meeting": ("managed_meetings_q", "meeting_q"),
    "organizations.organization": ("managed_organizations_q", None),
    "topics.rollout": ("managed_rollouts_q", "managed_rollouts_q"),
    "topics.scoringtemplate": ("managed_templates_q", "visible_templates_q"),
}
# Topics: any editor manages the vocabulary; they choose among those they may see (Viewer.choosable_topics).
TOPIC_MODEL = "topics.topic"
# Files: managed and chosen per Wagtail collection (the permission policies of wagtail.images/documents).
FILE_MODELS = ("wagtailimages.image", "wagtaildocs.document")
MANAGE, CHOOSE = "manage", "choose"


def _ancestor_ids(path: str) -> list[int]:
    return [int(p) for p in path.strip("/").split("/") if p]


@dataclass
class Viewer:
    user: object = None
    _memberships: list = field(default=None, repr=False)

    @classmethod
    def for_request(cls, request) -> "Viewer":
        viewer = getattr(request, "_viewer", None)
        if viewer is None or viewer.user is not request.user:
            viewer = cls(request.user)
            request._viewer = viewer
        return viewer

    # -- who is this -------------------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated and self.user.is_active)

    @property
    def is_superuser(self) -> bool:
        return self.is_authenticated and self.user.is_superuser

    @cached_property
    def memberships(self) -> list[tuple[int, str, str]]:
        """(organization id, organization path, role) of the user's memberships, one query."""
        if not self.is_authenticated:
            return []
        return list(Membership.objects.filter(user=self.user).values_list("organization_id", "organization__path", "role"))

    @cached_property
    def member_scope_ids(self) -> set[int]:
        """Organizations the user belongs to, directly or through anything below them."""
        ids: set[int] = set()
        for _id, path, _role in self.memberships:
            ids.update(_ancestor_ids(path))
        return ids

    @cached_property
    def cell_ids(self) -> set[int]:
        """Organizations where the user is a member or secretary (meetings visible as a member)."""
        return {oid for oid, _p, role in self.memberships if role in (Role.MEMBER, Role.SECRETARY)}

    @cached_property
    def secretary_cell_ids(self) -> set[int]:
        return {oid for oid, _p, role in self.memberships if role == Role.SECRETARY}

    @cached_property
    def staff_paths(self) -> list[str]:
        return [path for _id, path, role in self.memberships if role == Role.STAFF]

    @cached_property
    def staff_org_ids(self) -> set[int]:
        return {oid for oid, _p, role in self.memberships if role == Role.STAFF}

    def _under_staff_q(self, path_field: str) -> Q:
        q = Q(pk__in=[])
        for path in self.staff_paths:
            q |= Q(**{f"{path_field}__startswith": path})
        return q

    def is_staff_above(self, org: Organization) -> bool:
        return self.is_superuser or any(org.path.startswith(p) for p in self.staff_paths)

    def can_manage_meetings_of(self, cell: Organization) -> bool:
        """Secretaries manage their own cell; staff manage everything below them."""
        return self.is_superuser or cell.pk in self.secretary_cell_ids or self.is_staff_above(cell)

    # -- library items -----------------------------------------------------------------------
    @staticmethod
    def schedule_q(prefix: str = "", now=None) -> Q:
        """Items inside their publishing window (Wagtail's ``go_live_at`` / ``expire_at``): an item past its expiry
        is hidden from everyone at once, even before ``publish_scheduled`` (or library.scheduling) unpublishes it."""
        now = now or timezone.now()
        return ((Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now}))
                & (Q(**{f"{prefix}go_live_at__isnull": True}) | Q(**{f"{prefix}go_live_at__lte": now})))

    def library_q(self, prefix: str = "") -> Q:
        """Filter for library items this viewer may see (``prefix`` for related lookups, e.g. 'item__'):
        the visibility rules, and for everyone (superusers too) the publishing window."""
        if self.is_superuser:
            return self.schedule_q(prefix)
        return self._audience_q(prefix) & self.schedule_q(prefix)

    def _audience_q(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}visibility": "public"})
        if not self.is_authenticated:
            return q
        q |= Q(**{f"{prefix}visibility": "internal"})
        # ``allowed`` filters the LibraryItem subquery below, so it is never prefixed (a prefixed lookup
        # such as "item__allowed_orgs__in" does not exist on LibraryItem).
        allowed = Q(allowed_orgs__in=list(self.member_scope_ids)) if self.member_scope_ids else Q(pk__in=[])
        allowed |= self._under_staff_q("allowed_orgs__path")
        restricted_ids = _model("library.libraryitem").objects.filter(visibility="restricted").filter(allowed).values("pk")
        q |= Q(**{f"{prefix}pk__in" if prefix == "" else f"{prefix}id__in": restricted_ids})
        return q

    def library_items(self, qs=None):
        """Live items visible to this viewer."""
        qs = _model("library.libraryitem").objects.all() if qs is None else qs
        return qs.filter(live=True).filter(self.library_q())

    def can_see_item(self, item) -> bool:
        if not item.live and not self.is_superuser:
            return False
        return self.library_items().filter(pk=item.pk).exists()

    def may_review(self, obj) -> bool:
        """Whether this user may approve or reject ``obj`` in the "Cấp ủy duyệt" moderation task
        (library.moderation): what they manage — for a library item, staff of its issuer's đảng bộ or above (or
        above an organization it is restricted to); never staff of a sibling đảng bộ."""
        return self.may_open_in_admin(type(obj), obj.pk, MANAGE)

    def reviewable(self, model, qs=None):
        """Objects of ``model`` whose drafts this user may review (see :meth:`may_review`)."""
        return self.admin_queryset(model, MANAGE, qs)

    # -- meetings: members' opinions before the meeting ------------------------------------
    def may_send_opinion(self, meeting) -> bool:
        """Members and the secretary of the meeting's cell send opinions or questions before it."""
        return self.is_authenticated and meeting.cell_id in self.cell_ids

    def may_read_opinions(self, meeting) -> bool:
        """Opinions sent before a meeting are for its cell and the staff above it (never the public, even on a
        public meeting)."""
        return self.visible_meetings_of(meeting.cell)

    # -- meetings ----------------------------------------------------------------------------
    def meeting_q(self, prefix: str = "") -> Q:
        if self.is_superuser:
            return Q()
        q = Q(**{f"{prefix}is_public": True})
        if not self.is_authenticated:
            return q
        if self.cell_ids:
            q |= Q(**{f"{prefix}cell_id__in": list(self.cell_ids)})
        q |= self._under_staff_q(f"{prefix}cell__path")
        return q

    def meetings(self, qs=None):
        qs = _model("topics.meeting").objects.all() if qs is None else qs
        return qs.filter(self.meeting_q())

    def can_see_meeting(self, meeting) -> bool:
        if self.is_superuser or meeting.is_public:
            return True
        if not self.is_authenticated:
            return False
        return meeting.cell_id in self.cell_ids or self.is_staff_above(meeting.cell)

    def visible_meetings_of(self, cell: Organization) -> bool:
        """Whether the viewer may see *all* meetings of ``cell`` (members of it, staff above it)."""
        return self.is_superuser or cell.pk in self.cell_ids or self.is_staff_above(cell)

    # -- reports -----------------------------------------------------------------------------
    def report_cells(self, org: Organization):
        """What this viewer may read of ``org``'s meeting report: ``None`` → every cell's row (staff of ``org``
        or above, superusers); a frozenset of cell ids → only those rows (a secretary: their own cell);
        an empty frozenset → nothing. Uses the cached memberships: no query."""
        if not self.is_authenticated:
            return frozenset()
        if self.is_superuser or self.is_staff_above(org):
            return None
        return frozenset(oid for oid, path, role in self.memberships
                         if role == Role.SECRETARY and (path or "").startswith(org.path))

    def reportable_org_ids(self) -> set[int]:
        """Organizations whose report this viewer may open (staff: their organizations; secretaries: their cells)."""
        return set(self.staff_org_ids) | set(self.secretary_cell_ids)

    def sees_adoption(self, org: Organization) -> bool:
        """Adoption figures of the cells below ``org`` (accounts, sign-ins, reading) are for the committees:
        staff of ``org``'s đảng bộ or above, and superusers; never for a cell's own secretary or members."""
        return self.is_authenticated and (self.is_superuser or self.is_staff_above(org))

    # -- scoring a meeting ------------------------------------------------------------------
    def can_propose_score(self, cell: Organization) -> bool:
        """The cell committee proposes the score of its meeting: its secretary (and superusers)."""
        return self.is_superuser or cell.pk in self.secretary_cell_ids

    def can_vote_score(self, cell: Organization) -> bool:
        """Members of the cell (its secretary included) vote on the proposed score, one vote each."""
        return self.is_authenticated and cell.pk in self.cell_ids

    def can_confirm_score(self, cell: Organization) -> bool:
        """The level above confirms or adjusts: staff of an organization strictly above the cell, superusers."""
        if self.is_superuser:
            return True
        return any(cell.path.startswith(p) and cell.path != p for p in self.staff_paths)

    # -- topics ------------------------------------------------------------------------------
    def visible_topics(self, qs):
        """Topics (a ``Topic`` queryset) with at least one live item or one meeting this viewer may see."""
        items = self.library_items().values("pk")
        meetings = self.meetings().values("pk")
        return qs.filter(Q(pk__in=qs.model.objects.filter(tagged_items__content_object__in=items).values("pk"))
                         | Q(pk__in=qs.model.objects.filter(meetings__in=meetings).values("pk")))

    def choosable_topics(self, qs):
        """Topics an editor may pick: the visible ones, those of items they manage, and unused ones."""
        if self.is_superuser:
            return qs
        managed = _model("library.libraryitem").objects.filter(self.managed_items_q()).values("pk")
        unused = qs.model.objects.filter(tagged_items__isnull=True, meetings__isnull=True).values("pk")
        return qs.filter(Q(pk__in=self.visible_topics(qs.model.objects.all()).values("pk"))
                         | Q(pk__in=qs.model.objects.filter(tagged_items__content_object__in=managed).values("pk"))
                         | Q(pk__in=unused))

    # -- the Wagtail admin: what a user may manage or choose ---------------------------------
    def _staff_subtree_q(self, path_field: str) -> Q:
        return Q() if self.is_superuser else self._under_staff_q(path_field)

    def managed_items_q(self) -> Q:
        """Library items issued by, or restricted to, an organization in a subtree the user is staff of."""
        if self.is_superuser:
            return Q()
        q = Q(pk__in=[])
        for path in self.staff_paths:
            q |= Q(issuer__path__startswith=path) | Q(visibility="restricted", allowed_orgs__path__startswith=path)
        # As a subquery: the join through allowed_orgs must not duplicate rows in listings.
        return Q(pk__in=_model("library.libraryitem").objects.filter(q).values("pk"))

    def choosable_items_q(self) -> Q:
        """Items an editor may pick (materials, packs, resolutions, relations): live and visible, or managed."""
        if self.is_superuser:
            return Q()
        return Q(live=True) & self.library_q() | self.managed_items_q()

    def managed_meetings_q(self) -> Q:
        """Meetings a secretary (own cell) or staff (subtree) manage."""
        if self.is_superuser:
            return Q()
        return Q(cell_id__in=list(self.secretary_cell_ids)) | self._under_staff_q("cell__path")

    def managed_organizations_q(self) -> Q:
        return self._staff_subtree_q("path")

    def managed_rollouts_q(self) -> Q:
        return self._staff_subtree_q("organization__path")

    def managed_templates_q(self) -> Q:
        """Scoring templates of an organization in a subtree the user is staff of (the default: superusers)."""
        if self.is_superuser:
            return Q()
        return Q(organization__isnull=False) & self._under_staff_q("organization__path")

    def visible_templates_q(self) -> Q:
        """Templates a user may look at: those they manage, those their organizations inherit from above,
        and the portal-wide default."""
        if self.is_superuser:
            return Q()
        q = Q(organization__isnull=True) | self.managed_templates_q()
        for _id, path, _role in self.memberships:
            q |= Q(organization_id__in=_ancestor_ids(path))
        return q

    def managed_cells(self):
        """Cells whose meetings the user may create and edit."""
        cells = Organization.objects.cells()
        if self.is_superuser:
            return cells
        return cells.filter(Q(pk__in=list(self.secretary_cell_ids)) | self._under_staff_q("path"))

    def admin_queryset(self, model, action: str = MANAGE, qs=None):
        """Objects of ``model`` the user may ``manage`` or ``choose`` in the admin (see ADMIN_SCOPES)."""
        qs = model._default_manager.all() if qs is None else qs
        if not self.is_authenticated:
            return qs.none()
        label = model._meta.label_lower
        if label in FILE_MODELS:
            return self._files(model, qs)
        if label == TOPIC_MODEL:
            return self.choosable_topics(qs) if action == CHOOSE else qs
        if label not in ADMIN_SCOPES:
            return qs
        if self.is_superuser:
            return qs
        manage_rule, choose_rule = ADMIN_SCOPES[label]
        rule = manage_rule if action == MANAGE else choose_rule
        return qs if rule is None else qs.filter(getattr(self, rule)())

    def may_open_in_admin(self, model, pk, action: str = MANAGE) -> bool:
        """Whether the admin may show object ``pk`` of ``model`` to this user at all (else: 404)."""
        try:
            return self.admin_queryset(model, action).filter(pk=pk).exists()
        except (ValueError, TypeError, OverflowError):
            return False

    # -- admin records about objects: log entries, references ---------------------------------
    def visible_log_entries(self, qs):
        """Log entries (Wagtail's ``ModelLogEntry`` rows) about objects this user manages; entries about other
        models are left to Wagtail's own model-permission filter."""
        return self._generic_rows(qs, "content_type_id", "object_id", MANAGE)

    def visible_references(self, qs):
        """ReferenceIndex rows ("usage") whose source object this user may see or manage."""
        return self._generic_rows(qs, "base_content_type_id", "object_id", CHOOSE)

    def _generic_rows(self, qs, ct_field: str, id_field: str, action: str):
        """Rows pointing at (content type, object id) of a scoped model, narrowed to the admin scope."""
        if self.is_superuser:
            return qs
        for label in (*ADMIN_SCOPES, *FILE_MODELS):
            model = _model(label)
            allowed = (self.admin_queryset(model, action).order_by()
                       .annotate(_key=Cast("pk", output_field=CharField())).values("_key"))
            ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
            qs = qs.exclude(Q(**{ct_field: ct.pk}) & ~Q(**{f"{id_field}__in": allowed}))
        return qs

    def _files(self, model, qs):
        """Images or documents whose collection the user may choose from, change or delete in."""
        if self.is_superuser:
            return qs
        policy = _file_permission_policy(model)
        allowed = policy.instances_user_has_any_permission_for(self.user, ["choose", "change", "delete"])
        return qs.filter(pk__in=allowed.values("pk"))

    # -- search engines ----------------------------------------------------------------------
    def grant_keys(self) -> list[str]:
        """Keys matched against an entry's grants (see item_grant_keys / meeting_grant_keys)."""
        keys = {f"m:{i}" for i in self.member_scope_ids}
        keys |= {f"c:{i}" for i in self.cell_ids}
        keys |= {f"s:{i}" for i in self.staff_org_ids}
        return sorted(keys)


def item_grant_keys(allowed_orgs) -> list[str]:
    """Grants of an item restricted to ``allowed_orgs``: their members (m:) and the staff above them (s:)."""
    keys: set[str] = set()
    for org in allowed_orgs:
        keys.add(f"m:{org.pk}")
        keys |= {f"s:{i}" for i in _ancestor_ids(org.path)}
    return sorted(keys)


def meeting_grant_keys(cell) -> list[str]:
    """Grants of a cell's meeting: its members (c:) and staff of the cell or anything above (s:)."""
    return sorted({f"c:{cell.pk}"} | {f"s:{i}" for i in _ancestor_ids(cell.path)})


def item_reviewers(item):
    """Active users who may review ``item`` in the moderation task (the staff side of :meth:`Viewer.may_review`):
    staff of an organization on the path down to its issuer, or down to an organization it is restricted to.
    Superusers are not listed (Wagtail's own setting decides whether they are told)."""
    from django.contrib.auth import get_user_model  # the user model is known only once apps are loaded

    orgs = [item.issuer] if item.issuer_id else []
    if item.pk and item.visibility == "restricted":
        orgs += list(item.allowed_orgs.all())
    org_ids = {i for org in orgs for i in _ancestor_ids(org.path)}
    staff = Membership.objects.filter(role=Role.STAFF, organization_id__in=org_ids).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=staff)


# -- audiences: who may see content with a given visibility ------------------------------------------
AUDIENCE_LABELS = {"public": _("công khai"), "internal": _("nội bộ (mọi đảng viên đã đăng nhập)"),
                   "restricted": _("hạn chế")}


def audience_within(visibility: str, orgs, of_visibility: str, of_orgs) -> bool:
    """Whether everyone who may see content with (``visibility``, ``orgs``) may also see content with
    (``of_visibility``, ``of_orgs``) — i.e. putting the latter's content there reveals nothing new.

    public ⊃ internal ⊃ restricted; a restriction to O covers a restriction to anything below O (its members
    and the staff above it are all in O's audience).
    """
    if of_visibility == "public":
        return True
    if of_visibility == "internal":
        return visibility != "public"
    if visibility != "restricted":
        return False
    paths = [o.path for o in of_orgs]
    return all(any(o.path.startswith(p) for p in paths) for o in orgs)


def describe_audience(visibility: str, orgs=()) -> str:
    """"công khai", "nội bộ …" or "hạn chế: Chi bộ A, Chi bộ B" (for messages to importers)."""
    label = str(AUDIENCE_LABELS.get(visibility, visibility))
    if visibility == "restricted":
        names = ", ".join(sorted(o.name for o in orgs)) or "—"
        return f"{label}: {names}"
    return label


def _model(label: str):
    """A model of an app above this layer, looked up by label (no import: the privacy layer sits below)."""
    return apps.get_model(label)


def _file_permission_policy(model):
    if model._meta.label_lower == "wagtailimages.image":
        from wagtail.images.permissions import permission_policy
    else:
        from wagtail.documents.permissions import permission_policy
    return permission_policy


def admin_scoped_model(label: str):
    """The model behind an ADMIN_SCOPES / FILE_MODELS label, or None when the label is not scoped."""
    if label in ADMIN_SCOPES or label in FILE_MODELS:
        try:
            return apps.get_model(label)
        except LookupError:
            return None
    return None
