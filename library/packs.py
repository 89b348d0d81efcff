"""What a session pack brings to a meeting: the items it "includes" (its required reading), in order, then its
guide. Read by roll-outs (topics.services.pack_materials) and by the printable pack (library.pack_files)."""
from __future__ import annotations

from library.models import LibraryItem, Relation, RelationType


def pack_material_ids(pack) -> list[int]:
    """Ids of the pack's included items in their order, then its guide (once)."""
    if pack is None:
        return []
    ids = list(Relation.objects.filter(source=pack, relation_type=RelationType.INCLUDES, target__isnull=False)
               .order_by("sort_order", "pk").values_list("target_id", flat=True))
    if pack.guide_id and pack.guide_id not in ids:
        ids.append(pack.guide_id)
    return ids


def pack_materials(pack, qs=None) -> list[LibraryItem]:
    """The pack's materials as items, in order; ``qs`` narrows them (e.g. to what a viewer may see)."""
    ids = pack_material_ids(pack)
    items = (LibraryItem.objects.all() if qs is None else qs).select_related("issuer").in_bulk(ids)
    return [items[i] for i in ids if i in items]
