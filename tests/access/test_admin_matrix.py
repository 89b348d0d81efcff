"""The admin privacy matrix, generated from the URL resolver.

Every admin URL pattern that takes an object id (walked from Django's resolver, so a view Wagtail or we add
later is in the matrix without editing this file) is requested, GET and POST, by every role of the admin
world (tests/access/admin_world.py), with the id of every object of that world.

Pass: (1) no response shows the marker of an object the role may not see (public site rules), and
(2) every POST about an object the role may not manage is refused and changes nothing in the database.
"""
from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, Revision, TaskState, WorkflowState

from library.models import ItemAttachment, LibraryItem
from tests.access.admin_world import MANAGE, ROLES, SEE, AdminWorld, admin_world, marker  # noqa: F401
from topics.models import Meeting
from topics.scoring.models import ScoreProposal, ScoringTemplate, ScoringVersion

# Namespaces about other models (pages, users, groups, sites, workflows' own admin…): not in the matrix.
OTHER_NAMESPACES = ("wagtailadmin_pages", "wagtailusers_", "wagtailsites", "wagtailadmin_collections",
                    "wagtailadmin_workflows", "wagtailredirects", "wagtailforms", "wagtailsettings",
                    "wagtailadmin_api:pages")
OTHER_URL_NAMES = {"wagtailadmin_explore", "wagtailadmin_explore_results", "wagtailadmin_choose_page_child",
                   "wagtailadmin_password_reset_confirm", "wagtailadmin_tag_model_autocomplete"}
# Ids of the user's own things (an editing session, a file being uploaded): no object of anyone else.
OWN_KWARGS = {"session_id", "uploaded_file_id"}
OTHER_KWARGS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "collection_id",
                "redirect_id", "uidb64", "page_pk", "workflow_pk", "content_type_app_name"}


# -- the URL patterns ------------------------------------------------------------------------------------------
def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


def admin_object_patterns():
    """(route, namespace, name, kwarg names) of every admin URL that takes an id of some object."""
    found = []
    for route, namespace, entry in _walk(get_resolver()):
        if not route.startswith("admin/"):
            continue
        kwargs = set(entry.pattern.regex.groupindex)
        if kwargs <= OWN_KWARGS or kwargs & OTHER_KWARGS or namespace.startswith(OTHER_NAMESPACES) \
                or entry.name in OTHER_URL_NAMES:
            continue
        found.append((route, namespace, entry.name, kwargs))
    return found


def _path_for(entry_route: str, values: dict) -> str:
    """Fill a route (path() converters or a regex) with values."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), entry_route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


def _values_for(world: AdminWorld, object_id: int, model_label: str | None) -> dict:
    key = world.ids[object_id]
    item = world.objects[key]["item"]
    revision = Revision.objects.filter(object_id=str(item.pk),
                                       base_content_type=ContentType.objects.get_for_model(LibraryItem)).last()
    state = WorkflowState.objects.filter(object_id=str(item.pk)).first()
    task_state = TaskState.objects.filter(workflow_state=state).first() if state else None
    app_label, model_name = (model_label or "library.libraryitem").split(".")
    return {
        "pk": object_id, "image_id": object_id, "document_id": object_id, "doc_id": object_id,
        "object_id": object_id, "revision_id": revision.pk if revision else 1, "revision_id_a": "earliest",
        "revision_id_b": "latest", "workflow_state_id": state.pk if state else 1,
        "task_state_id": task_state.pk if task_state else 1, "task_id": task_state.task_id if task_state else 1,
        "action_name": "approve", "filter_spec": "original", "session_id": 1, "uploaded_file_id": 1,
        "app_label": app_label, "model_name": model_name, "action": "delete", "app_name": app_label,
    }


SCOPED_LABELS = ["library.libraryitem", "topics.meeting", "wagtailimages.image", "wagtaildocs.document",
                 "topics.scoringtemplate"]


def requests_for(world: AdminWorld):
    """(url, object key) for every admin pattern × object (× scoped model where the route names one)."""
    out = []
    for route, _namespace, name, kwargs in admin_object_patterns():
        labels = SCOPED_LABELS if {"app_label", "model_name"} <= kwargs else [None]
        for object_id, key in world.ids.items():
            for label in labels:
                url = _path_for(route, _values_for(world, object_id, label))
                if name == "wagtail_bulk_action":
                    url += f"?id={object_id}"
                out.append((url, key))
    return out


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def forbidden_markers(role: str) -> set[str]:
    return {m for key, who in SEE.items() if role not in who
            for m in (marker(key, w) for w in ("title", "summary", "body", "doctitle", "file", "imagetitle",
                                                "imagefile", "minutes", "conclusion"))}


def snapshot() -> tuple:
    """Everything an admin write could change about the world's objects."""
    Document, Image = get_document_model(), get_image_model()
    return (
        list(LibraryItem.objects.order_by("pk").values()),
        list(LibraryItem.allowed_orgs.through.objects.order_by("pk").values()),
        Revision.objects.count(),
        list(WorkflowState.objects.order_by("pk").values("pk", "status")),
        list(TaskState.objects.order_by("pk").values("pk", "status")),
        list(Meeting.objects.order_by("pk").values()),
        list(ScoringTemplate.objects.order_by("pk").values()), ScoringVersion.objects.count(),
        ScoreProposal.objects.count(),
        list(Document.objects.order_by("pk").values("pk", "title", "file", "collection_id")),
        list(Image.objects.order_by("pk").values("pk", "title", "file", "collection_id", "focal_point_x")),
        list(ItemAttachment.objects.order_by("pk").values()),
        ModelLogEntry.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_response_shows_what_the_role_may_not_see(admin_world, role):
    client = admin_world.client(role)
    banned = forbidden_markers(role)
    leaks, answered = [], 0
    for url, _key in requests_for(admin_world):
        response = client.get(url)
        answered += response.status_code == 200
        found = sorted(m for m in banned if m in _body(response))
        if found:
            leaks.append(f"GET {url} → {response.status_code}: {', '.join(found)}")
    assert not leaks, "\n".join(leaks)
    if role == "staff_a":  # the walk really opened the owner's screens (the matrix is not empty)
        assert answered > 60


def test_the_walk_covers_every_kind_of_object_view(admin_world):
    """The generated list holds the views the findings named (so a rename in Wagtail cannot empty it)."""
    urls = {url.split("?")[0] for url, _key in requests_for(admin_world)}
    for needed in ("/admin/snippets/library/libraryitem/history/104/revisions/",
                   "/admin/snippets/library/libraryitem/history/104/revisions/compare/earliest...latest/",
                   "/admin/snippets/library/libraryitem/unpublish/104/",
                   "/admin/snippets/library/libraryitem/lock/104/",
                   "/admin/snippets/library/libraryitem/workflow_history/104/",
                   "/admin/snippets/choose/topics/meeting/chosen/201/",
                   "/admin/snippets/topics/meeting/score/201/",
                   "/admin/snippets/topics/scoringtemplate/edit/501/",
                   "/admin/images/chooser/401/select_format/",
                   "/admin/documents/edit/301/"):
        assert any(u.startswith(needed) for u in urls), needed


@pytest.mark.parametrize("role", ROLES)
def test_out_of_scope_admin_writes_are_refused_and_change_nothing(admin_world, role):
    client = admin_world.client(role)
    before = snapshot()
    changed = []
    for url, key in requests_for(admin_world):
        if role in MANAGE[key]:
            continue  # a legitimate write; the owners' own screens are tested elsewhere
        response = client.post(url, {"title": "MKHACKED", "next": "/"})
        if response.status_code not in (302, 403, 404, 405):
            changed.append(f"POST {url} → {response.status_code}")
        after = snapshot()
        if after != before:
            changed.append(f"POST {url} changed the database")
            before = after
    assert not changed, "\n".join(changed)


def admin_listing_urls():
    """Every admin URL without arguments (dashboard, listings, choosers, reports, search), from the resolver."""
    skip = ("logout", "password", "account", "jsi18n", "icons", "api/main/pages", "failwhale")
    urls = []
    for route, namespace, entry in _walk(get_resolver()):
        if route.startswith("admin/") and not entry.pattern.regex.groupindex and "(" not in route \
                and not any(word in route for word in skip):
            urls.append("/" + route.replace("^", "").replace("$", ""))
    return sorted(set(urls))


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_listing_shows_what_the_role_may_not_see(admin_world, role):
    """Dashboard panels (e.g. "awaiting your review"), listings, choosers and reports, each once per role."""
    client = admin_world.client(role)
    banned = forbidden_markers(role)
    leaks = []
    for url in admin_listing_urls():
        response = client.get(url)
        found = sorted(m for m in banned if m in _body(response))
        if found:
            leaks.append(f"GET {url} → {response.status_code}: {', '.join(found)}")
    assert not leaks, "\n".join(leaks)
    if role == "staff_a":
        dashboard = _body(client.get("/admin/"))
        assert marker("dang_bo", "title") in dashboard  # waiting for their review: the walk sees real panels
