"""What base.html needs on every page, computed lazily so a page that never asks costs no query.

* ``site_nav.has_cell``: the "Chi bộ của tôi" menu entry (the viewer belongs to a cell); the answer comes
  from the privacy layer's memberships, which the view has usually loaded already (cached per request).
* ``site_nav.offline_key``: an opaque per-account key for the offline copies kept by the service worker
  (static/portal/sw.js). It is empty for anonymous visitors, so their pages make the worker drop every
  private copy; a different account gets a different key, so one member's copies are never shown to another.
"""
from __future__ import annotations

from functools import cached_property

from django.utils.crypto import salted_hmac

from organizations.access import Viewer

OFFLINE_KEY_SALT = "sotay.offline-cache"


def offline_key(user) -> str:
    """Stable for one account, unguessable from outside, never the user's id or name."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac(OFFLINE_KEY_SALT, f"{user.pk}:{user.get_username()}").hexdigest()[:24]


class SiteNav:
    def __init__(self, request):
        self._request = request

    @cached_property
    def viewer(self) -> Viewer:
        return Viewer.for_request(self._request)

    @cached_property
    def has_cell(self) -> bool:
        return self.viewer.is_authenticated and bool(self.viewer.cell_ids)

    @cached_property
    def offline_key(self) -> str:
        return offline_key(getattr(self._request, "user", None))


def site_nav(request) -> dict:
    return {"site_nav": SiteNav(request)}
