"""Admin wiring of the audit log: its actions in Wagtail's log registry, its view and its menu item."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from operations.admin_views import audit_log, may_read_audit_log
from operations.audit import ACTIONS
from organizations.access import Viewer


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def audit_urls():
    return [path("nhat-ky/", audit_log, name="sotay_audit_log")]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_audit_log(Viewer.for_request(request))


@hooks.register("register_reports_menu_item")
def audit_menu_item():
    return AuditMenuItem(_("Nhật ký kiểm tra"), reverse("sotay_audit_log"), icon_name="list-ul", order=900)
