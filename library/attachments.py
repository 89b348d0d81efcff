"""Attached files and their collections.

Files attached to a library item belong in the collection of the item's issuer, so the issuer's staff manage
them in the admin (``organizations.file_scopes``). Files uploaded before collections existed sat in the root
collection: ``adopt_root_files`` moves them after ``migrate`` (connected in LibraryConfig.ready).
"""
from __future__ import annotations

from wagtail.documents import get_document_model
from wagtail.models import Collection

from library.models import ItemAttachment
from organizations.file_scopes import collection_for


def adopt_root_files() -> int:
    """Move attached documents still in the root collection (uploaded before collections existed) to
    their item's issuer's collection, so the issuer's staff find them in the admin. Idempotent; returns
    how many moved."""
    root = Collection.get_first_root_node()
    if root is None:
        return 0
    moved = 0
    attachments = (ItemAttachment.objects.filter(document__collection=root, item__issuer__isnull=False)
                   .select_related("item__issuer").order_by("pk"))
    for attachment in attachments:
        target = collection_for(attachment.item.issuer)
        moved += get_document_model().objects.filter(pk=attachment.document_id, collection=root).update(
            collection=target)
    return moved


def adopt_root_files_after_migrate(sender, **kwargs):
    adopt_root_files()
