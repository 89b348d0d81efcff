"""Installable and offline: the web app manifest, the service worker, the offline page and the favicon.

The service worker (templates/portal/service_worker.js, hand-written, no third-party code) keeps two kinds
of copies in the browser's Cache Storage:

* the *shell*: public files only (CSS, JS, icons and the offline page rendered as for an anonymous
  visitor), the same for everyone;
* the *member's materials*: pages that "Học tập của tôi" asks it to keep (the page itself and each
  material of the member's upcoming meetings), in a cache named after the account's opaque offline key
  (portal.context_processors.offline_key). A page is stored only if its own HTML carries that same key,
  every page load announces the current key (an anonymous page announces none), and a different key
  deletes the other copies; logging out deletes them too. Anonymous visitors get no private copies.

The worker is served from the site root (its scope must cover every page) and never cached by HTTP, so
a new version reaches browsers on their next visit.
"""
from __future__ import annotations

import hashlib
import json

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from portal.context_processors import SiteNav

ICON_SIZES = (192, 512)
SHELL_STATIC = ["portal/site.css", "portal/site.js", "portal/icons/icon.svg", "portal/icons/icon-192.png"]


class _AnonymousNav(SiteNav):
    """The offline page is the same for everyone: no menu entries, no key of anybody's."""

    has_cell = False
    offline_key = ""


@require_safe
@cache_control(max_age=3600)
def manifest(request):
    data = {
        "name": _("Sổ tay chuyên đề"),
        "short_name": _("Sổ tay"),
        "description": _("Văn bản, tài liệu học tập và sinh hoạt chuyên đề của chi bộ."),
        "lang": "vi",
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a3161a",
        "icons": [{"src": static(f"portal/icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png",
                   "purpose": "any"} for n in ICON_SIZES]
                 + [{"src": static("portal/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        "shortcuts": [{"name": _("Học tập của tôi"), "url": reverse("study:home")}],
    }
    return JsonResponse(data, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False, "indent": 1})


def _shell_urls() -> list[str]:
    return [reverse("offline")] + [static(path) for path in SHELL_STATIC]


@require_safe
@never_cache
def service_worker(request):
    shell = _shell_urls()
    source = render_to_string("portal/service_worker.js", {
        "shell_json": json.dumps(shell),
        "offline_url": json.dumps(reverse("offline")),
        "static_prefix": json.dumps(static("")),
    })
    # The version changes whenever the worker's code or the hashed static names change.
    version = hashlib.sha1(source.encode()).hexdigest()[:12]
    body = source.replace("__SOTAY_VERSION__", version)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request):
    """What can be read without a network: filled in by site.js from this browser's offline copies."""
    return render(request, "portal/offline.html", {
        "user": AnonymousUser(), "site_nav": _AnonymousNav(request), "csrf_token": "NOTPROVIDED",
    })


@require_safe
@cache_control(max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (files, feeds, JSON): never a 404."""
    return HttpResponseRedirect(static("portal/icons/favicon.ico"))
