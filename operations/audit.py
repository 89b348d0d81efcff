"""The audit log: who did what, when and from where, in Wagtail's own log (``ModelLogEntry``).

Wagtail already records publishing, unpublishing, edits and deletions made in the admin. This module adds
what it does not know about, with the client's IP address in each entry's data:

* ``sotay.visibility``: a library item's visibility changed (public / internal / restricted), by any path;
* ``sotay.scope``: the organizations a restricted item is shown to were added or removed;
* ``sotay.membership.add`` / ``.change`` / ``.delete``: a role in an organization (logged on the organization);
* ``sotay.login``, ``sotay.logout``, ``sotay.login_failed``, ``sotay.lockout``: on the account concerned.

Who may read which entries is decided by ``organizations.access.Viewer.audit_log_entries`` (superusers: all; staff:
their own đảng bộ; nobody else), shown by the admin view in operations/admin_views.py.
"""
from __future__ import annotations

import contextvars
import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from inputs.ratelimit import client_ip
from library.models import LibraryItem
from organizations.signals import role_changed

log = logging.getLogger(__name__)

ACTIONS = {
    "sotay.visibility": (_("Đổi phạm vi xem"), _("Đổi phạm vi xem")),
    "sotay.scope": (_("Đổi tổ chức được xem"), _("Đổi tổ chức được xem")),
    "sotay.membership.add": (_("Thêm vai trò"), _("Thêm vai trò")),
    "sotay.membership.change": (_("Đổi vai trò"), _("Đổi vai trò")),
    "sotay.membership.delete": (_("Bỏ vai trò"), _("Bỏ vai trò")),
    "sotay.login": (_("Đăng nhập"), _("Đăng nhập")),
    "sotay.logout": (_("Đăng xuất"), _("Đăng xuất")),
    "sotay.login_failed": (_("Đăng nhập sai"), _("Đăng nhập sai")),
    "sotay.lockout": (_("Khóa do đăng nhập sai nhiều lần"), _("Khóa do đăng nhập sai nhiều lần")),
}

_request: contextvars.ContextVar = contextvars.ContextVar("sotay_audit_request", default=None)


class AuditContextMiddleware:
    """Remember the current request (user, IP address) for the signal handlers below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def _ip(request) -> str:
    return client_ip(request) if request is not None else ""


def record(instance, action: str, user=None, request=None, **data):
    """One audit entry about ``instance``; the acting user and IP come from the current request if not given."""
    request = request or _request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None \
            and request.user.is_authenticated:
        user = request.user
    data["ip"] = _ip(request) or data.get("ip", "")
    try:
        return ModelLogEntry.objects.log_action(instance, action, user=user, data=data)
    except Exception:  # an audit entry must never break the action it records
        log.exception("audit: could not record %s on %r", action, instance)
        return None


# -- library items: visibility and scope -------------------------------------------------------------------
def _item_before(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    instance._audit_old_visibility = sender.objects.filter(pk=instance.pk).values_list("visibility", flat=True).first()


def _item_after(sender, instance, created, raw=False, **kwargs):
    old = getattr(instance, "_audit_old_visibility", None)
    if raw or created or old is None or old == instance.visibility:
        return
    instance._audit_old_visibility = instance.visibility
    record(instance, "sotay.visibility", old=old, new=instance.visibility)


def _scope_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove") or reverse or not pk_set:
        return
    names = sorted(model.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    record(instance, "sotay.scope", **({"added": names} if action == "post_add" else {"removed": names}))


# -- roles ---------------------------------------------------------------------------------------------------
def _role_changed(sender, organization, member, role, old_role, removed, **kwargs):
    """``organizations.signals.role_changed``: a role given, changed or taken back."""
    details = {"member": member, "role": role}
    if removed:
        action = "sotay.membership.delete"
    elif old_role is None:
        action = "sotay.membership.add"
    else:
        action, details["old_role"] = "sotay.membership.change", old_role
    record(organization, action, **details)


# -- accounts ------------------------------------------------------------------------------------------------
def _logged_in(sender, request, user, **kwargs):
    record(user, "sotay.login", user=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(user, "sotay.logout", user=user, request=request)


def _account_named(typed: str):
    """The account a login form's username field names (a username or an e-mail address, any case)."""
    typed = (typed or "").strip()
    if not typed:
        return None
    candidates = list(get_user_model().objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))[:2])
    exact = [u for u in candidates if u.get_username().lower() == typed.lower()]
    return exact[0] if exact else (candidates[0] if len(candidates) == 1 else None)


def _login_failed(sender, credentials, request=None, **kwargs):
    account = _account_named((credentials or {}).get("username", ""))
    if account is not None:
        record(account, "sotay.login_failed", user=None, request=request)


def _locked_out(sender, request, username, ip_address, **kwargs):
    account = _account_named(username)
    if account is not None:
        record(account, "sotay.lockout", user=None, request=request, ip=ip_address)


def connect() -> None:
    pre_save.connect(_item_before, sender=LibraryItem, dispatch_uid="audit_item_before")
    post_save.connect(_item_after, sender=LibraryItem, dispatch_uid="audit_item_after")
    m2m_changed.connect(_scope_changed, sender=LibraryItem.allowed_orgs.through, dispatch_uid="audit_item_scope")
    role_changed.connect(_role_changed, dispatch_uid="audit_role_changed")
    user_logged_in.connect(_logged_in, dispatch_uid="audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit_lockout")
