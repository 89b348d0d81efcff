"""The organization tree in the admin: staff manage their own subtree (listed in the "Sinh hoạt chuyên đề" menu
group, topics/wagtail_hooks.py)."""
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList

from organizations.admin_scope import ScopedSnippetViewSet
from organizations.forms import OrganizationAdminForm
from organizations.models import Organization


class OrganizationViewSet(ScopedSnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Tổ chức đảng")
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["path"]
    edit_handler = ObjectList([
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("code")]),
        FieldPanel("parent", widget=forms.Select),
        FieldPanel("description"),
    ], base_form_class=OrganizationAdminForm)
