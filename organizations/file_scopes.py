"""Files in the admin: one Wagtail collection per organization, permissions per staff organization.

Wagtail scopes its documents and images listings, choosers and upload forms by *collection* and by group
permissions on collections (inherited by child collections). So that staff of a đảng bộ see only the files
of their own subtree — not the titles of a sibling đảng bộ's restricted documents — this module:

* mirrors organizations as collections on first use (``collection_for``): the collection of an
  organization sits inside its parent organization's collection, and follows renames and moves;
* gives each organization that has staff a group "Cán bộ đảng ủy · <name> (#id)" with add / change /
  choose on that collection (``staff_group_for``); ``organizations.roles.sync_user_groups`` hands those groups
  to staff members according to their memberships;
* files created by the importers go to the collection of the issuing organization (``collection_for``).

Downloads are decided elsewhere (``library.file_access``): a collection only decides who manages a file
in the admin.
"""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission

STAFF_ORG_GROUP_PREFIX = "Cán bộ đảng ủy · "

COLLECTION_PERMISSIONS = ["wagtaildocs.add_document", "wagtaildocs.change_document",
                          "wagtaildocs.choose_document", "wagtailimages.add_image",
                          "wagtailimages.change_image", "wagtailimages.choose_image"]


def _root():
    root = Collection.get_first_root_node()
    if root is None:
        root = Collection.add_root(name="Root")
    return root


def _collection_name(org) -> str:
    return org.name[:255]


def collection_for(org):
    """The collection of ``org`` (created, with its ancestors', when missing); the root for ``None``."""
    if org is None:
        return _root()
    # Read the link from the database: another copy of this organization may have just created it.
    org.collection_id = type(org).objects.filter(pk=org.pk).values_list("collection", flat=True).first()
    if org.collection_id:
        found = Collection.objects.filter(pk=org.collection_id).first()
        if found is not None:
            return found
    with transaction.atomic():
        parent = collection_for(org.parent) if org.parent_id else _root()
        collection = parent.add_child(name=_collection_name(org))
        type(org).objects.filter(pk=org.pk).update(collection=collection)
        org.collection = collection
    return collection


def place_collection(org) -> None:
    """Keep an existing collection's name and position in step with its organization."""
    collection = org.collection
    if collection is None:
        return
    changed = False
    if collection.name != _collection_name(org):
        collection.name = _collection_name(org)
        collection.save(update_fields=["name"])
        changed = True
    parent = collection_for(org.parent) if org.parent_id else _root()
    current_parent = collection.get_parent()
    if current_parent is None or current_parent.pk != parent.pk:
        collection.move(parent, pos="sorted-child")
        changed = True
    if changed:
        collection.refresh_from_db()


def _group_suffix(org) -> str:
    return f" (#{org.pk})"  # stable across renames: the group is found by it


def staff_group_name(org) -> str:
    suffix = _group_suffix(org)
    return (STAFF_ORG_GROUP_PREFIX + org.name)[:150 - len(suffix)] + suffix


def staff_group_for(org):
    """The group giving staff of ``org`` the files of its subtree (created and kept named on use)."""
    group = Group.objects.filter(name__startswith=STAFF_ORG_GROUP_PREFIX, name__endswith=_group_suffix(org)).first()
    if group is None:
        group = Group.objects.create(name=staff_group_name(org))
    elif group.name != staff_group_name(org):
        group.name = staff_group_name(org)
        group.save(update_fields=["name"])
    collection = collection_for(org)
    for perm in Permission.objects.filter(_permission_q(COLLECTION_PERMISSIONS)):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=perm)
    return group


def staff_org_groups(user):
    """The per-organization staff groups ``user`` currently has."""
    return user.groups.filter(name__startswith=STAFF_ORG_GROUP_PREFIX)


def _permission_q(names):
    q = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        q |= Q(content_type__app_label=app_label, codename=codename)
    return q


def organization_saved(sender, instance, raw=False, **kwargs):
    """Receiver (OrganizationsConfig.ready): an organization's collection follows its renames and moves."""
    if not raw and instance.collection_id:
        place_collection(instance)
