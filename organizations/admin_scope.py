"""The admin's building blocks for scoped models: a permission policy and snippet viewsets narrowed by the
privacy layer.

Django permissions (given by role groups, organizations/roles.py) say *what kind* of object a user may edit;
``Viewer.admin_queryset`` (rules in ``organizations.access.ADMIN_SCOPES``) says *which ones*. The scope is
enforced by the permission policy (listing, buttons, bulk actions) **and**, for every view that names one
object (edit, delete, copy, history, revisions, usage, inspect, lock, workflow, chooser), by
``organizations.admin_guard``, which answers 404 before the view runs, so typing another cell's URL reveals
nothing. Every app's scoped admin (library items, meetings, roll-outs, organizations) builds on these.
"""
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from organizations.access import CHOOSE, MANAGE, Viewer
from organizations.admin_views import scoped_usage_view


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from Django, narrowed per instance by the privacy layer's admin scope
    (``Viewer.admin_queryset``: listings, buttons, bulk actions, per-object checks)."""

    def __init__(self, model, *, allow_add=True):
        super().__init__(model)
        self.allow_add = allow_add

    def user_has_permission(self, user, action):
        if action == "add" and not self.allow_add:
            return False
        return super().user_has_permission(user, action)

    def scoped(self, user, qs=None, action=MANAGE):
        return Viewer(user).admin_queryset(self.model, action, qs)

    def in_scope(self, user, instance) -> bool:
        return instance.pk is None or self.scoped(user).filter(pk=instance.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission(user, a) for a in actions) and self.in_scope(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, a) for a in actions):
            return self.model._default_manager.none()
        return self.scoped(user)


class ScopedChooseMixin:
    """Choosers list only what the editor may choose (organizations.access.ADMIN_SCOPES)."""

    def get_object_list(self):
        return Viewer.for_request(self.request).admin_queryset(self.model, CHOOSE, super().get_object_list())


class ScopedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = type("ScopedChooseView", (ScopedChooseMixin, snippet_chooser.ChooseView), {})
    choose_results_view_class = type("ScopedChooseResultsView", (ScopedChooseMixin, snippet_chooser.ChooseResultsView),
                                     {})


class ScopedSnippetViewSet(snippet_views.SnippetViewSet):
    """A snippet viewset whose listing, objects and chooser are narrowed by the privacy layer's admin scope
    of its model; every view that names an object is also gated by ``organizations.admin_guard``."""

    allow_add = True
    # Wagtail's snippet forms have no h1 (the page would be unnamed for a screen reader): these add one.
    create_template_name = "organizations/admin/snippet_create.html"
    edit_template_name = "organizations/admin/snippet_edit.html"
    usage_view_class = scoped_usage_view(snippet_views.UsageView)
    chooser_viewset_class = ScopedChooserViewSet

    @property
    def permission_policy(self):
        return ScopedPermissionPolicy(self.model, allow_add=self.allow_add)

    def get_queryset(self, request):
        return self.permission_policy.scoped(request.user)


# -- viewsets -------------------------------------------------------------------------------------
