"""The staff dashboard: what needs doing this week, on the Wagtail admin's home page.

Three panels, each limited to what the editor manages (the privacy layer's ``admin_queryset``):
library items waiting in a workflow for approval, meetings in the next seven days that have no
study material yet, and documents the library's items cite but the library does not hold.
"""
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from library.admin_views import can_use as can_see_missing_documents
from library.citation_selectors import describe_groups, missing_groups
from library.models import LibraryItem
from organizations.access import MANAGE, Viewer
from topics.models import Meeting, MeetingMaterial, MeetingStatus

LIMIT = 10
WEEK = timedelta(days=7)


def _count_and_head(qs, n: int = LIMIT):
    return qs.count(), list(qs[:n])


def drafts_awaiting_approval(viewer: Viewer):
    """(count, first items) of library items the viewer manages that sit in an active workflow."""
    managed = viewer.admin_queryset(LibraryItem, MANAGE)
    # object_id is a text column: compare it as text so PostgreSQL accepts the join.
    in_workflow = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(LibraryItem),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return _count_and_head(managed.filter(Exists(in_workflow)).select_related("issuer").order_by("-updated_at", "-pk"))


def meetings_without_materials(viewer: Viewer, now=None):
    """Meetings the viewer manages, due in the next seven days, with no material for members to study."""
    now = now or timezone.now()
    has_material = MeetingMaterial.objects.filter(meeting=OuterRef("pk"))
    qs = (viewer.admin_queryset(Meeting, MANAGE)
          .filter(scheduled_at__gte=now, scheduled_at__lt=now + WEEK,
                  status__in=[MeetingStatus.PLANNED, MeetingStatus.ANNOUNCED])
          .exclude(Exists(has_material))
          .select_related("cell").order_by("scheduled_at"))
    return _count_and_head(qs)


def missing_documents(viewer: Viewer):
    count, head = _count_and_head(missing_groups(viewer), 5)
    return count, describe_groups(viewer, head, citing_limit=0)


class StaffDashboardPanel(Component):
    """Shown to anyone who edits library items or meetings; each list says what to do and links to it."""

    name = "sotay_staff_dashboard"
    template_name = "portal/admin/staff_dashboard.html"
    order = 50  # above Wagtail's own panels: this is the work of the week

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        viewer = Viewer.for_request(request)
        context["drafts_count"], context["drafts"] = drafts_awaiting_approval(viewer)
        context["bare_count"], context["bare_meetings"] = meetings_without_materials(viewer)
        context["show_missing"] = can_see_missing_documents(request.user)
        if context["show_missing"]:
            context["missing_count"], context["missing"] = missing_documents(viewer)
        return context


def add_staff_dashboard(request, panels):
    user = request.user
    if user.has_perm("library.change_libraryitem") or user.has_perm("topics.change_meeting"):
        panels.insert(0, StaffDashboardPanel())
