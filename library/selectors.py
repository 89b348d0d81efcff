"""Queries that cross relations for library pages; every one goes through the viewer's privacy filter."""
from __future__ import annotations

from collections import OrderedDict

from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import ExtractYear

from library import list_options
from library.models import REVERSE_LABELS, Citation, ItemType, LibraryItem, Relation, RelationType
from library.validity import parse_as_of, status_as_of, timeline, with_status_as_of
from organizations.access import Viewer
from organizations.models import Organization

PAGE_SIZE = 20


def library_listing(viewer: Viewer, params) -> dict:
    """Filtered, paginated listing with the filter choices (type, issuer, year, topic, validity, cell).

    ``as_of`` (YYYY-MM-DD; a bad date raises ``library.validity.BadDate``) lists the items issued by that day with
    their status on that day, and the validity filter applies to that status (library/validity.py).
    """
    as_of = parse_as_of(params.get("as_of"))
    qs = viewer.library_items()
    filters = {}
    if as_of:
        qs = with_status_as_of(qs.filter(issued_on__lte=as_of), as_of, viewer)
        filters["as_of"] = as_of.isoformat()
    item_type = params.get("loai_muc") or ""
    if item_type in ItemType.values:
        qs = qs.filter(item_type=item_type)
        filters["loai_muc"] = item_type
    for param, field in (("loai", "kind"), ("hieu_luc", "status_as_of" if as_of else "validity")):
        value = params.get(param) or ""
        if value:
            qs = qs.filter(**{field: value})
            filters[param] = value
    cell = params.get("chi_bo") or ""
    if cell.isdigit() and len(cell) <= 18:
        qs = qs.filter(pk__in=LibraryItem.for_cells.through.objects.filter(organization_id=int(cell))
                       .values("libraryitem_id"))
        filters["chi_bo"] = cell
    issuer = params.get("co_quan") or ""
    if issuer.isdigit():
        qs = qs.filter(issuer_id=int(issuer))
        filters["co_quan"] = issuer
    year = params.get("nam") or ""
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(issued_on__year=int(year))
        filters["nam"] = year
    topic = params.get("chu_de") or ""
    if topic:
        qs = qs.filter(tags__slug=topic)
        filters["chu_de"] = topic
    keyword = list_options.clean_keyword(params)
    if keyword:
        qs = qs.filter(list_options.keyword_q(keyword))
        filters["tu_khoa"] = keyword
    sort = list_options.sort_key(params)
    facets_active = bool(filters)
    if sort != list_options.DEFAULT_SORT:
        filters["sap_xep"] = sort
    paginator = Paginator(list_options.apply_sort(qs.with_listing_data(), sort), PAGE_SIZE)
    page = paginator.get_page(params.get("trang"))
    base = viewer.library_items()
    choices = {
        "kinds": list(base.exclude(kind="").values_list("kind", flat=True).distinct().order_by("kind")),
        "issuers": list(base.values_list("issuer_id", "issuer__name").distinct().order_by("issuer__name")),
        "years": list(base.annotate(y=ExtractYear("issued_on")).values_list("y", flat=True).distinct().order_by("-y")),
        "cells": list(Organization.objects.filter(cell_materials__in=base.values("pk")).distinct()
                      .order_by("name").values_list("pk", "name")),
    }
    return {"page": page, "filters": filters, "choices": choices, "sort": sort, "keyword": keyword,
            "sorts": list_options.sort_choices(), "filtered": facets_active, "as_of": as_of}


MAX_CELL_MATERIALS = 5000  # a guard for the search filter's id list; a cell's materials are far fewer


def cell_material_ids(cell_id: int) -> tuple[int, ...]:
    """Ids of the live items tagged for a cell, whoever may see them (search filters by cell with these; the
    engines still apply each entry's grants)."""
    return tuple(LibraryItem.for_cells.through.objects.filter(organization_id=cell_id, libraryitem__live=True)
                 .order_by("libraryitem_id").values_list("libraryitem_id", flat=True)[:MAX_CELL_MATERIALS])


def cell_materials(viewer: Viewer, cell):
    """Live items tagged for ``cell`` that the viewer may see, newest first (the cell page's materials)."""
    return (viewer.library_items().filter(pk__in=LibraryItem.for_cells.through.objects.filter(organization=cell)
                                          .values("libraryitem_id"))
            .with_listing_data().order_by("-issued_on", "-id"))


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
    ctx["relations_count"] = sum(len(entries) for entries in ctx["relations"].values())
    if item.pk:
        ctx["timeline"] = timeline(item, viewer)
        ctx["status_today"] = status_as_of(item, None, viewer)
    if item.item_type == ItemType.SESSION_PACK and item.pk:
        # Purpose, questions and materials belong to the text that "Nghe" reads aloud.
        ctx["questions"] = [q.strip() for q in item.discussion_questions.splitlines() if q.strip()]
        ctx["pack_materials"] = ctx["relations"].get(str(RelationType.INCLUDES.label), [])
    if request.user.is_authenticated and item.pk:
        ctx["bookmarked"] = item.bookmarks.filter(user=request.user).exists()
        ctx["note"] = item.notes.filter(user=request.user).first()
        ctx["read_mark"] = item.read_marks.filter(user=request.user).first()
    return ctx


def topic_items(viewer: Viewer, tag):
    return viewer.library_items().filter(tags=tag).with_listing_data().order_by("-issued_on", "-id")


__all__ = ["library_listing", "item_relations", "item_detail_context", "topic_items", "cell_materials"]
