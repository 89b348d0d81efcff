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
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from topics.models import Membership, Organization, Role


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
    def library_q(self, prefix: str = "") -> Q:
        """Filter for library items this viewer may see (``prefix`` for related lookups, e.g. 'item__')."""
        if self.is_superuser:
            return Q()
        q = Q(**{f"{prefix}visibility": "public"})
        if not self.is_authenticated:
            return q
        q |= Q(**{f"{prefix}visibility": "internal"})
        # ``allowed`` filters the LibraryItem subquery below, so it is never prefixed (a prefixed lookup
        # such as "item__allowed_orgs__in" does not exist on LibraryItem).
        allowed = Q(allowed_orgs__in=list(self.member_scope_ids)) if self.member_scope_ids else Q(pk__in=[])
        allowed |= self._under_staff_q("allowed_orgs__path")
        from library.models import LibraryItem

        restricted_ids = LibraryItem.objects.filter(visibility="restricted").filter(allowed).values("pk")
        q |= Q(**{f"{prefix}pk__in" if prefix == "" else f"{prefix}id__in": restricted_ids})
        return q

    def library_items(self, qs=None):
        """Live items visible to this viewer."""
        from library.models import LibraryItem

        qs = LibraryItem.objects.all() if qs is None else qs
        return qs.filter(live=True).filter(self.library_q())

    def can_see_item(self, item) -> bool:
        if not item.live and not self.is_superuser:
            return False
        return self.library_items().filter(pk=item.pk).exists()

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
        from topics.models import Meeting

        qs = Meeting.objects.all() if qs is None else qs
        return qs.filter(self.meeting_q())

    def can_see_meeting(self, meeting) -> bool:
        if self.is_superuser or meeting.is_public:
            return True
        if not self.is_authenticated:
            return False
        return meeting.cell_id in self.cell_ids or self.is_staff_above(meeting.cell)

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
