"""Admin wiring of the project shell: the staff dashboard on the admin home (portal/admin_dashboard.py) and the
admin's own stylesheet and script (organization tree, fields per item type; static/portal/admin.*)."""
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from portal.admin_dashboard import add_staff_dashboard

hooks.register("construct_homepage_panels", add_staff_dashboard)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_js():
    return format_html('<script src="{}" defer></script>', static("portal/admin.js"))
