"""Wagtail admin screens that list many objects, narrowed by the privacy layer.

``organizations.admin_guard`` covers every admin URL that names one object. These views cover the screens that
list objects of every đảng bộ at once and that Wagtail filters by model permission only:

* the site history report (``/admin/reports/site-history/``): log entries about library items, meetings,
  organizations, roll-outs and files only for the objects the user manages;
* the topic autocomplete of tag fields: only topics the editor may choose;
* every "usage" screen (topics, library items, meetings, images, documents): only the referencing items and
  meetings the user may see (``ScopedUsageMixin``).

They replace Wagtail's own views at the same URLs (``portal/urls.py``), so every link Wagtail draws keeps
working.
"""
from __future__ import annotations

from django.http import JsonResponse
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.documents.views import documents as document_views
from wagtail.images.views import images as image_views
from wagtail.models import ReferenceIndex

from organizations.access import CHOOSE, Viewer

AUTOCOMPLETE_LIMIT = 10


class ScopedLogEntriesView(LogEntriesView):
    """Wagtail's site history, each log model's rows narrowed by ``Viewer.visible_log_entries``."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if _has_field(queryset.model, "object_id"):  # ModelLogEntry (page entries: Wagtail's page permissions)
            queryset = Viewer.for_request(self.request).visible_log_entries(queryset)
        return queryset


class ScopedUsageMixin:
    """A "usage" listing (any subclass of Wagtail's UsageView) with only the referencing objects the user
    may see."""

    def get_queryset(self):
        refs = Viewer.for_request(self.request).visible_references(ReferenceIndex.get_references_to(self.object))
        return refs.group_by_source_object()


def scoped_usage_view(view_class: type[UsageView]) -> type[UsageView]:
    return type(f"Scoped{view_class.__name__}", (ScopedUsageMixin, view_class), {})


ScopedImageUsageView = scoped_usage_view(image_views.UsageView)
ScopedDocumentUsageView = scoped_usage_view(document_views.UsageView)


@require_admin_access
def topic_autocomplete(request, model):
    """Tag-field suggestions: topics starting with the typed text, among those the editor may choose."""
    term = (request.GET.get("term") or "").strip()[:100]
    if not term:
        return JsonResponse([], safe=False)
    topics = Viewer.for_request(request).admin_queryset(model, CHOOSE).filter(name__istartswith=term)
    return JsonResponse(list(topics.order_by("name").values_list("name", flat=True)[:AUTOCOMPLETE_LIMIT]), safe=False)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())
