"""Every public URL of the site with its path filled in from the test world, and the GET parameters each
view reads (found by watching the view, not listed by hand, so a parameter added later is fuzzed too)."""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver

# Not public pages: the Wagtail admin (its own forms and tests), i18n/setlang (POST only).
SKIP_PREFIXES = ("admin/", "i18n/")
# Regex routes of Wagtail, written as the path() they stand for.
REGEX_ROUTES = {"wagtaildocs_serve": "documents/<int:document_id>/<str:document_filename>"}
# GET parameters some view reads only when another is set; listed so they are always fuzzed.
ALWAYS = ("page",)


@dataclass
class Route:
    name: str
    pattern: str          # e.g. "thu-vien/<id:pk>/"
    path: str             # filled in, e.g. "/thu-vien/12/"
    converters: dict = field(default_factory=dict)

    def with_ints(self, number: int) -> str:
        """The path with every integer segment replaced by ``number`` (ids and years alike)."""
        path = "/" + self.pattern
        for name, conv in self.converters.items():
            if conv in INT_CONVERTERS:
                path = path.replace(f"<{conv}:{name}>", str(number))
        return path if path != "/" + self.pattern else ""


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else "", p


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
INT_CONVERTERS = ("int", "id", "year")


def _fill_rest(path: str) -> str:
    return _PARAM.sub("x", path)


def _get_allowed(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    return view_class is None or "get" in view_class.http_method_names


def public_routes(world) -> list[Route]:
    """Routes with their path params filled from the world (ids of objects that exist)."""
    doc = world.files["public"]
    values = {
        "library:item": {"pk": world.items["public"].pk},
        "library:api-item": {"pk": world.items["public"].pk},
        "library:pack-docx": {"pk": world.items["public"].pk},
        "library:pack-pdf": {"pk": world.items["public"].pk},
        "feed-topic": {"slug": world.topic.slug},
        "feed-topic-atom": {"slug": world.topic.slug},
        "feed-kind": {"code": "CT"},
        "feed-kind-atom": {"code": "CT"},
        "topics:topic": {"slug": world.topic.slug},
        "library:image": {"path": "x.png"},
        "topics:organization": {"pk": world.cell_a.pk},
        "topics:organization-plan": {"pk": world.cell_a.pk, "year": 2026},
        "topics:organization-ics": {"pk": world.cell_a.pk},
        "topics:rollout-new": {"pk": world.dang_bo_x.pk},
        "topics:meeting": {"pk": world.public_meeting.pk},
        "topics:meeting-ics": {"pk": world.public_meeting.pk},
        "topics:meeting-opinion": {"pk": world.public_meeting.pk},
        "topics:meeting-minutes-docx": {"pk": world.public_meeting.pk},
        "study:open": {"pk": world.items["public"].pk},
        "study:read_report": {"pk": world.meeting.pk},
        "wagtaildocs_serve": {"document_id": doc.pk, "document_filename": doc.filename},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "abc-123"},
    }
    routes = []
    for pattern, name, p in _walk(get_resolver().url_patterns):
        if pattern.startswith(SKIP_PREFIXES) or not _get_allowed(p.callback):
            continue
        if pattern.startswith("trang/"):
            if name != "wagtail_serve":
                continue
            routes.append(Route(name, "trang/", "/trang/"))
            continue
        pattern = REGEX_ROUTES.get(name, pattern)
        if "(?P" in pattern or "^" in pattern:
            continue
        converters = {m.group(2): m.group(1) or "str" for m in _PARAM.finditer(pattern)}
        path = "/" + pattern
        for arg, conv in converters.items():
            value = values.get(name, {}).get(arg, 1 if conv in INT_CONVERTERS else "x")
            path = path.replace(f"<{conv}:{arg}>", str(value)).replace(f"<{arg}>", str(value))
        routes.append(Route(name or pattern, pattern, path, converters))
    return routes


@contextmanager
def recording_get_params():
    """Collect the names every QueryDict is asked for (get, [], getlist, in) while the block runs."""
    seen: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "__getitem__", "getlist", "__contains__")}

    def wrap(name):
        original = originals[name]

        def method(self, key, *args, **kwargs):
            if isinstance(key, str):
                seen.add(key)
            return original(self, key, *args, **kwargs)
        return method

    for name in originals:
        setattr(QueryDict, name, wrap(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


IGNORED_PARAMS = {"csrfmiddlewaretoken", "HTTP_X_REQUESTED_WITH"}


def discover_params(client, path: str, seeds=({}, {"q": "chi bộ"}, {"org": "Đảng bộ Khối Ma Trận X"})) -> list[str]:
    names: set[str] = set()
    for query in seeds:
        with recording_get_params() as seen:
            client.get(path, query)
        names |= seen
    return sorted((names | set(ALWAYS)) - IGNORED_PARAMS)
