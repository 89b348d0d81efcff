"""One gate in front of every Wagtail admin view that names an object: out of scope → 404.

Wagtail's admin views check *model* permissions ("may this user change library items?"); several of them
(revisions, compare, workflow history, lock, unpublish, the choosers' "chosen" endpoints, the image format
chooser, the admin API) never ask about the *object*. Rather than patch those views one by one, this
middleware reads the resolved URL of each admin request — its namespace names the model, its keyword
arguments the object — and asks the privacy layer (:meth:`organizations.access.Viewer.admin_queryset`) whether the
user may manage (or, for choosers, choose) that object. When not, the view never runs: 404, whatever the
method, so nothing names the object and no write happens. A view Wagtail adds later under the same
namespaces is covered without any change here.

What is covered:
* snippet viewsets and their choosers, for every model named in ``organizations.access.ADMIN_SCOPES``;
* Wagtail's image and document views, choosers and admin API endpoints (collection permissions);
* any admin route with an ``image_id`` / ``document_id`` argument;
* routes that name a model in their arguments (``app_label``/``model_name``: editing sessions, bulk actions,
  where every ``id`` in the query string is checked).
"""
from __future__ import annotations

from functools import lru_cache

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.http import Http404

from organizations.access import CHOOSE, FILE_MODELS, MANAGE, Viewer, admin_scoped_model

# Keyword arguments that carry the id of the object a view is about (never e.g. ``uploaded_file_id``).
OBJECT_ID_KWARGS = ("pk", "image_id", "document_id", "doc_id", "object_id")
IMAGE, DOCUMENT = FILE_MODELS

# Wagtail's file namespaces → (model label, action).
FILE_NAMESPACES = {
    "wagtailimages": (IMAGE, MANAGE),
    "wagtailimages_chooser": (IMAGE, CHOOSE),
    "wagtailadmin_api:images": (IMAGE, CHOOSE),
    "wagtaildocs": (DOCUMENT, MANAGE),
    "wagtaildocs_chooser": (DOCUMENT, CHOOSE),
    "wagtailadmin_api:documents": (DOCUMENT, CHOOSE),
}
# Keyword arguments that name a file whatever the namespace.
FILE_ID_KWARGS = {"image_id": IMAGE, "document_id": DOCUMENT, "doc_id": DOCUMENT}
# Admin API listings of every file of the site: not used by the admin's own screens; superusers only.
SUPERUSER_ONLY_NAMESPACES = {"wagtailadmin_api:images", "wagtailadmin_api:documents"}
BULK_ACTION_URL_NAME = "wagtail_bulk_action"


@lru_cache(maxsize=1)
def snippet_namespaces() -> dict[str, tuple[str, str]]:
    """URL namespace of each scoped snippet viewset (and of its chooser) → (model label, action)."""
    from wagtail.snippets.models import get_snippet_models

    found = {}
    for model in get_snippet_models():
        label = model._meta.label_lower
        viewset = getattr(model, "snippet_viewset", None)
        if viewset is None or admin_scoped_model(label) is None:
            continue
        found[viewset.url_namespace] = (label, MANAGE)
        found[viewset.get_chooser_admin_url_namespace()] = (label, CHOOSE)
    return found


def target_of(match) -> tuple[str, str] | None:
    """(model label, action) of a resolved admin URL, or None when it is not about a scoped model."""
    namespace = match.namespace
    if namespace in FILE_NAMESPACES:
        return FILE_NAMESPACES[namespace]
    if namespace in snippet_namespaces():
        return snippet_namespaces()[namespace]
    for kwarg, label in FILE_ID_KWARGS.items():  # e.g. our own scoped replacements of Wagtail's file views
        if kwarg in match.kwargs and match.route.startswith("admin/"):
            return label, MANAGE
    app_label, model_name = match.kwargs.get("app_label"), match.kwargs.get("model_name")
    if app_label and model_name:
        label = f"{app_label}.{model_name}".lower()
        if admin_scoped_model(label) is not None:
            return label, MANAGE
    return None


def object_ids(request, match) -> list[str]:
    for name in OBJECT_ID_KWARGS:
        if name in match.kwargs:
            return [unquote(str(match.kwargs[name]))]
    if match.url_name == BULK_ACTION_URL_NAME:
        # "all" is narrowed by the scoped bulk actions themselves (portal.wagtail_hooks).
        return [i for i in request.GET.getlist("id") if i != "all"]
    return []


def check_admin_request(request, match) -> None:
    """Raise Http404 when ``request`` is about an admin object its user may not manage or choose."""
    target = target_of(match)
    if target is None or not request.user.has_perm("wagtailadmin.access_admin"):
        return  # not about a scoped object; or Wagtail sends this user to the login page before any view
    viewer = Viewer.for_request(request)
    if match.namespace in SUPERUSER_ONLY_NAMESPACES and not viewer.is_superuser:
        raise Http404
    label, action = target
    ids = object_ids(request, match)
    if not ids:
        return
    model = apps.get_model(label)
    allowed = viewer.admin_queryset(model, action)
    for pk in ids:
        if not _is_id(pk) or not allowed.filter(pk=int(pk)).exists():
            raise Http404


def _is_id(value: str) -> bool:
    """Our scoped models all have integer keys; anything else names no object."""
    return value.isascii() and value.isdigit() and len(value) <= 18  # "¹".isdigit() is True, int("¹") fails


class AdminScopeMiddleware:
    """Runs :func:`check_admin_request` before any admin view for users who may enter the admin (the others
    are sent to the login page by Wagtail itself, before any view runs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match is None or user is None:
            return None
        check_admin_request(request, match)
        return None
