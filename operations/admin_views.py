"""The audit log in the Wagtail admin (/admin/nhat-ky/): publish and unpublish, visibility and scope changes,
role changes, logins and lockouts — who, what, when, from where. Its own view (not Wagtail's site history,
which the privacy layer narrows separately); which entries a user reads is ``Viewer.audit_log_entries``."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from inputs import params as query
from organizations.access import Viewer

PER_PAGE = 50
# What the audit log is about (Wagtail logs many more actions: edits, revisions, workflow steps…).
AUDITED = ("wagtail.publish", "wagtail.unpublish", "wagtail.create", "wagtail.delete", "sotay.visibility",
           "sotay.scope", "sotay.membership.add", "sotay.membership.change", "sotay.membership.delete",
           "sotay.login", "sotay.logout", "sotay.login_failed", "sotay.lockout")


def may_read_audit_log(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.staff_paths)


@require_admin_access
def audit_log(request):
    viewer = Viewer.for_request(request)
    if not may_read_audit_log(viewer):
        raise Http404
    entries = viewer.audit_log_entries(ModelLogEntry.objects.filter(action__in=AUDITED))
    action = query.text(request.GET, "action", 60)
    if action in AUDITED:
        entries = entries.filter(action=action)
    entries = entries.select_related("user", "content_type").order_by("-timestamp", "-pk")
    page = Paginator(entries, PER_PAGE).get_page(query.page(request.GET, "p", maximum=100_000))
    rows = [{"entry": e, "label": _action_label(e.action), "ip": (e.data or {}).get("ip", ""),
             "details": _details(e.data or {})} for e in page]
    choices = [(a, _action_label(a)) for a in AUDITED]
    return render(request, "operations/audit_log.html", {"page": page, "rows": rows, "choices": choices,
                                                          "action": action})


def _action_label(action: str) -> str:
    try:
        return str(registry.get_action_label(action))
    except KeyError:
        return action


DETAIL_LABELS = {"old": _("trước"), "new": _("sau"), "added": _("thêm"), "removed": _("bỏ"), "member": _("đảng viên"),
                 "role": _("vai trò"), "old_role": _("vai trò cũ")}


def _details(data: dict) -> str:
    parts = []
    for key, label in DETAIL_LABELS.items():
        if key in data and data[key] not in (None, "", []):
            value = ", ".join(data[key]) if isinstance(data[key], list) else data[key]
            parts.append(f"{label}: {value}")
    return "; ".join(parts)
