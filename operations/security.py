"""Security headers: one Content-Security-Policy for the public site, another for the Wagtail admin.

The public pages load only their own scripts and styles (static/, no inline code: the policy has no
'unsafe-inline'), may not be framed, and post forms only to themselves. The Wagtail admin ships inline
styles and a few inline scripts of its own and frames its own previews, so ``/admin/`` gets the policy in
``settings.CONTENT_SECURITY_POLICY_ADMIN`` instead. Both are built by django-csp.
"""
from csp.middleware import CSPMiddleware
from django.conf import settings


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
        if not report_only and admin and parts.config is None and _is_admin(request):
            parts.config = admin["DIRECTIVES"]
        return parts


def _is_admin(request) -> bool:
    return request.path_info.startswith(getattr(settings, "CSP_ADMIN_PATH_PREFIX", "/admin/"))
