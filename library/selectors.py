"""Queries that cross relations for library pages; every one goes through the viewer's privacy filter."""
from __future__ import annotations

from collections import OrderedDict

from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import ExtractYear

from inputs import params as query
from library.models import REVERSE_LABELS, Citation, ItemType, LibraryItem, Relation, RelationType
from organizations.access import Viewer

PAGE_SIZE = 20


def library_listing(viewer: Viewer, params) -> dict:
    """Filtered, paginated listing with the filter choices (type, issuer, year, topic, validity)."""
    qs = viewer.library_items()
    filters = {}
    item_type = params.get("loai_muc") or ""
    if item_type in ItemType.values:
        qs = qs.filter(item_type=item_type)
        filters["loai_muc"] = item_type
    for param, field in (("loai", "kind"), ("hieu_luc", "validity")):
        value = params.get(param) or ""
        if value:
            qs = qs.filter(**{field: value})
            filters[param] = value
    issuer = query.object_id(params, "co_quan")  # out of bounds → BadParam → 400 (inputs.middleware)
    if issuer is not None:
        qs = qs.filter(issuer_id=issuer)
        filters["co_quan"] = str(issuer)
    year = query.year(params, "nam")
    if year is not None:
        qs = qs.filter(issued_on__year=year)
        filters["nam"] = str(year)
    topic = params.get("chu_de") or ""
    if topic:
        qs = qs.filter(tags__slug=topic)
        filters["chu_de"] = topic
    paginator = Paginator(qs.with_listing_data().order_by("-issued_on", "-id"), PAGE_SIZE)
    page = paginator.get_page(params.get("trang"))
    base = viewer.library_items()
    choices = {
        "kinds": list(base.exclude(kind="").values_list("kind", flat=True).distinct().order_by("kind")),
        "issuers": list(base.values_list("issuer_id", "issuer__name").distinct().order_by("issuer__name")),
        "years": list(base.annotate(y=ExtractYear("issued_on")).values_list("y", flat=True).distinct().order_by("-y")),
    }
    return {"page": page, "filters": filters, "choices": choices}


def item_relations(viewer: Viewer, item: LibraryItem) -> dict:
    """Typed relations both ways, grouped by label with counts, only towards items the viewer may see."""
    visible = viewer.library_items().values("pk")
    outgoing = (Relation.objects.filter(source=item).filter(Q(target__isnull=True) | Q(target__in=visible))
                .select_related("target", "target__issuer").order_by("relation_type", "sort_order"))
    incoming = (Relation.objects.filter(target=item, source__in=visible)
                .select_related("source", "source__issuer").order_by("relation_type", "-source__issued_on"))
    groups: "OrderedDict[str, list]" = OrderedDict()
    for rel in outgoing:
        groups.setdefault(str(RelationType(rel.relation_type).label), []).append(
            {"item": rel.target, "symbol": rel.target_symbol})
    for rel in incoming:
        groups.setdefault(str(REVERSE_LABELS[rel.relation_type]), []).append({"item": rel.source, "symbol": ""})
    return groups


def cited_by(viewer: Viewer, item: LibraryItem):
    visible = viewer.library_items().values("pk")
    return (LibraryItem.objects.filter(pk__in=Citation.objects.filter(target=item, source__in=visible)
                                       .values("source_id")).select_related("issuer").order_by("-issued_on"))


def item_detail_context(item: LibraryItem, request, preview: bool = False) -> dict:
    viewer = Viewer.for_request(request)
    ctx = {
        "item": item,
        "relations": item_relations(viewer, item) if item.pk else {},
        "attachments": list(item.attachments.select_related("document").all()) if item.pk else [],
        "topics": list(item.tags.all()) if item.pk else [],
        "cited_by": list(cited_by(viewer, item)[:50]) if item.pk else [],
        "citations": list(item.citations.select_related("target").filter(
            Q(target__isnull=True) | Q(target__in=viewer.library_items().values("pk")))) if item.pk else [],
        "preview": preview,
        # A cell's resolution links back to the meeting that adopted it (only meetings the viewer may see).
        "resolution_of": list(viewer.meetings().filter(resolution=item).select_related("cell")) if item.pk else [],
    }
    # Banner on a document that a newer one replaced, amended or repealed: "Được thay thế bởi 12-HD/BTCTW (2022)".
    ctx["superseded_by"] = [
        (label, entries) for label, entries in ctx["relations"].items()
        if label in (str(REVERSE_LABELS[RelationType.REPLACES]), str(REVERSE_LABELS[RelationType.REPEALS]),
                     str(REVERSE_LABELS[RelationType.AMENDS]))
    ]
    if item.item_type == ItemType.SESSION_PACK and item.pk:
        ctx["questions"] = [q.strip() for q in item.discussion_questions.splitlines() if q.strip()]
    if request.user.is_authenticated and item.pk:
        ctx["bookmarked"] = item.bookmarks.filter(user=request.user).exists()
        ctx["note"] = item.notes.filter(user=request.user).first()
        ctx["read_mark"] = item.read_marks.filter(user=request.user).first()
    return ctx


def topic_items(viewer: Viewer, tag):
    return viewer.library_items().filter(tags=tag).with_listing_data().order_by("-issued_on", "-id")


__all__ = ["library_listing", "item_relations", "item_detail_context", "topic_items"]
