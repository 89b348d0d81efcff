"""Admin form for organizations."""
from wagtail.admin.forms import WagtailAdminModelForm

from organizations.access import MANAGE, Viewer
from organizations.models import Organization


class OrganizationAdminForm(WagtailAdminModelForm):
    """Staff add and move organizations only inside their own subtree (superusers anywhere)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        viewer = Viewer(self.for_user) if self.for_user is not None else None
        if viewer is not None and not viewer.is_superuser and "parent" in self.fields:
            self.fields["parent"].queryset = viewer.admin_queryset(Organization, MANAGE).order_by("path")
            self.fields["parent"].required = True
