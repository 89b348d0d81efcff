"""Admin wiring of the privacy layer that is not tied to one app's models."""
from django.utils.functional import classproperty
from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models

from organizations.access import MANAGE, Viewer, admin_scoped_model


class ScopedDeleteBulkAction(DeleteBulkAction):
    """Bulk delete of scoped snippets: "select all" means all the user manages, never the whole table
    (Wagtail's own would list every other object as "no permission", titles included). Explicit ids are
    checked by organizations.admin_guard."""

    @classproperty
    def models(cls):
        return [m for m in get_snippet_models() if admin_scoped_model(m._meta.label_lower) is not None]

    def get_all_objects_in_listing_query(self, parent_id):
        return Viewer.for_request(self.request).admin_queryset(self.model, MANAGE).values_list("pk", flat=True)


# After Wagtail's own delete action (order 0), so this one replaces it for the scoped models.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=100)


class ScopedModerationPanel(WorkflowObjectsToModeratePanel):
    """"Awaiting your review" on the dashboard: only what the reviewer manages. A task given to a group of
    staff of every đảng bộ would otherwise list each đảng bộ's drafts to all of them."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        viewer = Viewer.for_request(parent_context["request"])
        context["states"] = [s for s in context["states"] if viewer.may_open_in_admin(type(s["obj"]), s["obj"].pk)]
        return context


@hooks.register("construct_homepage_panels")
def scope_moderation_panel(request, panels):
    for index, panel in enumerate(panels):
        if isinstance(panel, WorkflowObjectsToModeratePanel) and not isinstance(panel, ScopedModerationPanel):
            panels[index] = ScopedModerationPanel()
