"""Signal receivers (connected in SearchConfig.ready): every change to a searchable object goes through
search/indexing.py.

Thin on purpose: each handler only says *which* objects changed. Library items are also
indexed again when their allowed organizations or topics change, because modelcluster commits those
relations *after* the item's ``post_save``: without these handlers a restriction edited in the admin would
reach the index one save late.
"""
from library.models import LibraryItem, RelationType, TaggedItem
from organizations.models import Organization
from search import fulltext, indexing
from topics.models import Meeting

# An import compacts the full-text index at its end when it changed at least this many lines *and* this share
# of the index: a bulk load. Smaller imports leave it to FTS5's automerge / autovacuum (compacting 25,000
# entries after 1,000 meeting lines cost a third of that import).
OPTIMIZE_AFTER = 1000
OPTIMIZE_SHARE = 0.25


def import_finished(sender, changed, **kwargs):
    """``library.signals.import_finished``: after a bulk load, merge the full-text index's segments
    (SQLite FTS5) or refresh the planner's statistics (PostgreSQL)."""
    if changed >= OPTIMIZE_AFTER and changed >= OPTIMIZE_SHARE * (fulltext.indexed_count() or 0):
        fulltext.optimize()


def items_changed_in_bulk(sender, ids, **kwargs):
    """``library.signals.items_changed``: importers wrote items with bulk queries (no post_save)."""
    indexing.mark_items_changed(ids)


def meetings_changed_in_bulk(sender, ids, **kwargs):
    """``topics.signals.meetings_changed``: meeting lines of an import were written in bulk."""
    indexing.mark_meetings_changed(ids)


def item_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.mark_items_changed([instance.pk])  # not live → leaves the index


def item_deleted(sender, instance, **kwargs):
    indexing.mark_items_deleted([instance.pk])


def relation_changed(sender, instance, raw=False, **kwargs):
    """An item replaced (or no longer replaced) by another shows and ranks differently (also when the
    replacing item is deleted: its relations are deleted one by one, with this signal)."""
    if not raw and instance.relation_type == RelationType.REPLACES and instance.target_id:
        indexing.mark_items_changed([instance.target_id])


def item_published(sender, instance, **kwargs):
    if isinstance(instance, LibraryItem):
        indexing.mark_items_changed([instance.pk])


def item_unpublished(sender, instance, **kwargs):
    if isinstance(instance, LibraryItem):
        indexing.mark_items_deleted([instance.pk])


def item_orgs_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # organization.restricted_items.add(...)
        if pk_set:
            indexing.mark_items_changed(pk_set)
        elif action == "post_clear":
            pass  # pre_clear below captured the ids
    else:
        indexing.mark_items_changed([instance.pk])


def item_orgs_pre_clear(sender, instance, action, reverse, **kwargs):
    if action == "pre_clear" and reverse:
        instance._search_cleared_items = list(instance.restricted_items.values_list("pk", flat=True))
    if action == "post_clear" and reverse:
        indexing.mark_items_changed(getattr(instance, "_search_cleared_items", []))


def item_tags_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.content_object_id:
        indexing.mark_items_changed([instance.content_object_id])


def meeting_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.mark_meetings_changed([instance.pk])


def meeting_deleted(sender, instance, **kwargs):
    indexing.mark_meetings_deleted([instance.pk])


def organization_before(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    old = Organization.objects.filter(pk=instance.pk).values("name", "path").first()
    instance._search_old = old


def organization_saved(sender, instance, created, raw=False, **kwargs):
    """A renamed or moved organization changes issuer names and grant keys of what hangs below it."""
    old = getattr(instance, "_search_old", None)
    if raw or created or not old or (old["name"] == instance.name and old["path"] == instance.path):
        return
    paths = {p for p in (old["path"], instance.path) if p}
    subtree = Organization.objects.none()
    for path in paths:
        subtree = subtree | Organization.objects.filter(path__startswith=path)
    org_ids = list(subtree.values_list("pk", flat=True)) or [instance.pk]
    items = set(LibraryItem.objects.filter(issuer_id__in=org_ids, live=True).values_list("pk", flat=True))
    items |= set(LibraryItem.objects.filter(allowed_orgs__in=org_ids).values_list("pk", flat=True))
    indexing.mark_items_changed(items)
    indexing.mark_meetings_changed(Meeting.objects.filter(cell_id__in=org_ids).values_list("pk", flat=True))


def topic_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    indexing.mark_items_changed(TaggedItem.objects.filter(tag_id=instance.pk).values_list("content_object_id",
                                                                                        flat=True))
    indexing.mark_meetings_changed(Meeting.objects.filter(topic_id=instance.pk).values_list("pk", flat=True))
