"""Roles → Wagtail admin permissions.

A role lives in ``organizations.Membership`` (member / secretary / staff, scoped to one organization). Django
permissions are global, so the *scope* is enforced by the privacy layer (organizations/access.py) and by the
admin querysets; this module only gives each role the model permissions it needs, through two Django
groups kept in step with memberships:

* **Bí thư chi bộ** (secretary): the Wagtail admin, and add/change/view of meetings — the meetings admin
  narrows the queryset to the secretary's own cell.
* **Cán bộ đảng ủy** (staff of a đảng bộ): the admin, library items (with publish/lock), meetings,
  organizations, topics, roll-outs and scoring templates (never deleted: retired instead) — narrowed
  to their subtree by the admin views. Documents and
  images come from a per-organization group on their đảng bộ's collection (``organizations.file_scopes``).

Members get no group: they use the public site only. Groups are created idempotently (after ``migrate``
and on first use), and a user's groups follow their memberships whenever a Membership is saved or deleted.
"""
from __future__ import annotations

import logging

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupCollectionPermission

from organizations.file_scopes import STAFF_ORG_GROUP_PREFIX, staff_group_for, staff_org_groups
from organizations.models import Membership, Role

log = logging.getLogger(__name__)

SECRETARY_GROUP = "Bí thư chi bộ"
STAFF_GROUP = "Cán bộ đảng ủy"

ADMIN_ACCESS = "wagtailadmin.access_admin"
_MEETING = ["topics.add_meeting", "topics.change_meeting", "topics.view_meeting"]

GROUP_PERMISSIONS: dict[str, list[str]] = {
    SECRETARY_GROUP: [ADMIN_ACCESS, *_MEETING],
    STAFF_GROUP: [
        ADMIN_ACCESS, *_MEETING, "topics.delete_meeting",
        "library.add_libraryitem", "library.change_libraryitem", "library.view_libraryitem",
        "library.publish_libraryitem", "library.lock_libraryitem", "library.unlock_libraryitem",
        "organizations.add_organization", "organizations.change_organization", "organizations.view_organization",
        "topics.add_topic", "topics.change_topic", "topics.view_topic",
        "topics.add_rollout", "topics.change_rollout", "topics.view_rollout",
        "topics.add_scoringtemplate", "topics.change_scoringtemplate", "topics.view_scoringtemplate",
        "organizations.add_membership", "organizations.change_membership", "organizations.view_membership",
    ],
}
# Documents and images are not in these groups: staff get them per organization, on the collection of
# their đảng bộ (organizations.file_scopes), so the admin file listings stay within their subtree.


def role_group_names() -> dict[str, str]:
    return {Role.SECRETARY: SECRETARY_GROUP, Role.STAFF: STAFF_GROUP}


def permissions_named(names: list[str]):
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is None:
            log.warning("roles: permission %s does not exist (yet)", name)
            continue
        found.append(perm)
    return found


def ensure_group(name: str, *, refresh: bool = False):
    """Get or create one role group with its permissions (only filled when created or ``refresh``)."""
    group, created = Group.objects.get_or_create(name=name)
    if created or refresh:
        group.permissions.add(*permissions_named(GROUP_PERMISSIONS.get(name, [])))
        # Earlier versions gave every staff member the root collection (every file of every đảng bộ).
        GroupCollectionPermission.objects.filter(group=group).delete()
    return group


def ensure_groups(refresh: bool = True) -> dict[str, object]:
    """Create (or complete) every role group; safe to run any number of times."""
    return {name: ensure_group(name, refresh=refresh) for name in GROUP_PERMISSIONS}


def sync_user_groups(user) -> None:
    """Give ``user`` exactly the role groups their memberships call for (other groups are left alone).

    ``is_staff`` follows too, because the site header shows the "Quản trị" link on it (a flag costs no
    query on every page, a permission check would); it is only cleared when this function takes the last
    role group away, so a flag set by hand on an editor without memberships is never touched.
    """
    memberships = list(Membership.objects.filter(user=user).select_related("organization"))
    roles = {m.role for m in memberships}
    current = set(user.groups.filter(name__in=list(GROUP_PERMISSIONS)).values_list("name", flat=True))
    wanted = {name for role, name in role_group_names().items() if role in roles}
    for name in wanted - current:
        user.groups.add(ensure_group(name))
    removed = current - wanted
    if removed:
        user.groups.remove(*user.groups.filter(name__in=list(removed)))
    # Files in the admin: one group per organization the user is staff of (its collection, its subtree).
    org_groups = {staff_group_for(m.organization).pk for m in memberships if m.role == Role.STAFF}
    stale = [g for g in staff_org_groups(user) if g.pk not in org_groups]
    if stale:
        user.groups.remove(*stale)
    if org_groups:
        user.groups.add(*org_groups)
    if wanted and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    elif removed and not wanted and user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


# -- signal receivers (connected in OrganizationsConfig.ready) ------------------------------------
def membership_changed(sender, instance, **kwargs):
    """A user's groups follow their memberships wherever a Membership is saved or deleted."""
    user = getattr(instance, "user", None)
    if user is not None and user.pk:
        sync_user_groups(user)


def after_migrate(sender, **kwargs):
    """Create the role groups and hand out the staff file groups once every app has migrated."""
    # Permissions of every app exist once the last app's post_migrate has run.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if with_models and sender is with_models[-1]:
        try:
            ensure_groups()
            _sync_staff_file_groups()
        except Exception:  # a partial schema (e.g. migrating to an old state) must not break migrate
            log.exception("roles: could not create the role groups")


def _sync_staff_file_groups() -> None:
    """Give every staff member the file group of their organizations (upgrades from root-wide access)."""
    staff_ids = Membership.objects.filter(role=Role.STAFF).values("user_id")
    for user in get_user_model().objects.filter(pk__in=staff_ids).exclude(
            groups__name__startswith=STAFF_ORG_GROUP_PREFIX):
        sync_user_groups(user)
