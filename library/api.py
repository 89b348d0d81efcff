"""``GET /api/items/<id>/``: one library item as JSON (contract in CONTRACTS.md).

``{id, type, kind, kind_name, symbol, title, issuer, issued_on, status, effective_from, expired_on, url, topics,
cells, relations: [{type, direction, target: {id, symbol, title, url}}]}`` for an item the requesting user may
see; 404 for anything else — a draft, an item past its expiry, one restricted to other organizations, or an
internal one asked anonymously — never 403, which would confirm that it exists.

* ``kind_name`` is the Vietnamese name of the kind, ``QĐ`` resolved from the title (vntext.kinds);
* ``status`` is the validity as of today, or as of ``?as_of=YYYY-MM-DD`` (library/validity.py; a bad date →
  400 with a Vietnamese message); ``expired_on`` is the day it stopped applying (its own date or the earliest
  replacement or repeal the user may see);
* ``cells`` names the organizations a restricted item is restricted to (the ``cells`` of ``import_library``),
  empty for public and internal items;
* ``relations`` lists both directions (``out``: this item → target, ``in``: source → this item), only towards
  items the user may see; a relation to a document not in the library has ``id`` and ``url`` null.
"""
from __future__ import annotations

from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _

from library.models import LibraryItem, Relation, Visibility
from library.validity import BadDate, ended_on, parse_as_of, status_as_of
from organizations.access import Viewer
from vntext.kinds import kind_name


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _iso(day):
    return day.isoformat() if day else None


def _target(item, absolute, symbol: str = "") -> dict:
    if item is None:
        return {"id": None, "symbol": symbol, "title": "", "url": None}
    return {"id": item.pk, "symbol": item.symbol, "title": item.title, "url": absolute(item.get_absolute_url())}


def item_relations_json(item: LibraryItem, viewer: Viewer, absolute) -> list[dict]:
    visible = viewer.library_items().values("pk")
    out = Relation.objects.filter(source=item).filter(Q(target__isnull=True) | Q(target__in=visible))
    rows = [{"type": r.relation_type, "direction": "out", "target": _target(r.target, absolute, r.target_symbol)}
            for r in out.select_related("target").order_by("relation_type", "sort_order", "pk")]
    incoming = (Relation.objects.filter(target=item, source__in=visible).select_related("source")
                .order_by("relation_type", "-source__issued_on", "pk"))
    rows += [{"type": r.relation_type, "direction": "in", "target": _target(r.source, absolute)} for r in incoming]
    return rows


def item_json(item: LibraryItem, viewer: Viewer, absolute, as_of=None) -> dict:
    return {
        "id": item.pk,
        "type": item.item_type,
        "kind": item.kind,
        "kind_name": kind_name(item.kind, item.title) if item.kind else None,
        "symbol": item.symbol,
        "title": item.title,
        "issuer": item.issuer.name,
        "issued_on": _iso(item.issued_on),
        "status": status_as_of(item, as_of, viewer),
        "effective_from": _iso(item.effective_from),
        "expired_on": _iso(ended_on(item, viewer)),
        "url": absolute(item.get_absolute_url()),
        "topics": sorted(t.name for t in item.tags.all()),
        "cells": (sorted(o.name for o in item.allowed_orgs.all())
                  if item.visibility == Visibility.RESTRICTED else []),
        "relations": item_relations_json(item, viewer, absolute),
    }


def item_api(request, pk):
    if request.method != "GET":
        return _json({"error": _("Chỉ hỗ trợ GET.")}, status=405)
    viewer = Viewer.for_request(request)
    item = viewer.library_items().select_related("issuer").filter(pk=pk).first()
    if item is None:
        return _json({"error": _("Không tìm thấy mục thư viện.")}, status=404)
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except BadDate as exc:
        return _json({"error": str(exc)}, status=400)
    return _json(item_json(item, viewer, request.build_absolute_uri, as_of))
