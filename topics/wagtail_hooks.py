"""Admin for organizations, topics, meetings and roll-outs: the "Sinh hoạt chuyên đề" menu group.

Django permissions (given by role groups, see portal/roles.py) say *what kind* of object a user may edit;
the scope says *which ones*, from ``portal.access.Viewer``:

* meetings: a secretary only their cell's, staff only the cells in their subtree, superusers all;
* organizations and roll-outs: staff only their subtree.

The scope is enforced by a permission policy (listing, buttons, bulk actions) **and** by every view that
loads one object (edit, delete, copy, history, usage, inspect, chooser), which answer 404 for an object
out of scope, so typing another cell's edit URL reveals nothing.
"""
from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from portal.access import Viewer
from topics.forms import MeetingAdminForm, OrganizationAdminForm
from topics.models import Meeting, Organization, Rollout, Topic

# -- scope ----------------------------------------------------------------------------------------


def _staff_q(viewer: Viewer, path_field: str) -> Q:
    q = Q(pk__in=[])
    for path in viewer.staff_paths:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def meeting_scope(viewer: Viewer) -> Q | None:
    """Meetings the viewer manages (None: all)."""
    if viewer.is_superuser:
        return None
    return Q(cell_id__in=list(viewer.secretary_cell_ids)) | _staff_q(viewer, "cell__path")


def organization_scope(viewer: Viewer) -> Q | None:
    return None if viewer.is_superuser else _staff_q(viewer, "path")


def rollout_scope(viewer: Viewer) -> Q | None:
    return None if viewer.is_superuser else _staff_q(viewer, "organization__path")


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from Django, narrowed per instance by a scope from the privacy layer."""

    def __init__(self, model, scope, *, allow_add=True):
        super().__init__(model)
        self.scope = scope
        self.allow_add = allow_add

    def user_has_permission(self, user, action):
        if action == "add" and not self.allow_add:
            return False
        return super().user_has_permission(user, action)

    def scoped(self, user, qs=None):
        qs = self.model._default_manager.all() if qs is None else qs
        q = self.scope(Viewer(user))
        return qs if q is None else qs.filter(q)  # forward joins only: no duplicates

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


class ScopedObjectMixin:
    """Per-object admin views: an object outside the user's scope does not exist (404)."""

    def get_object(self, *args, **kwargs):
        policy = self.permission_policy
        try:
            obj = super().get_object(*args, **kwargs)
        except PermissionDenied:
            # Some views refuse before we can look (copy): out of scope must still look like "no such object".
            pk = unquote(str(self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"), "")))
            scoped = isinstance(policy, ScopedPermissionPolicy)
            if scoped and not policy.scoped(self.request.user).filter(pk=pk).exists():
                raise Http404 from None
            raise
        if isinstance(policy, ScopedPermissionPolicy) and not policy.in_scope(self.request.user, obj):
            raise Http404
        return obj


def _scoped(view_class):
    return type(f"Scoped{view_class.__name__}", (ScopedObjectMixin, view_class), {})


class ScopedChooseMixin:
    def get_object_list(self):
        qs = super().get_object_list()
        return self.model.snippet_viewset.permission_policy.scoped(self.request.user, qs)


class ScopedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = type("ScopedChooseView", (ScopedChooseMixin, snippet_chooser.ChooseView), {})
    choose_results_view_class = type("ScopedChooseResultsView", (ScopedChooseMixin, snippet_chooser.ChooseResultsView),
                                     {})


class ScopedSnippetViewSet(snippet_views.SnippetViewSet):
    """A snippet viewset whose listing, objects and chooser are narrowed by ``scope``."""

    scope = None
    allow_add = True
    edit_view_class = _scoped(snippet_views.EditView)
    delete_view_class = _scoped(snippet_views.DeleteView)
    copy_view_class = _scoped(snippet_views.CopyView)
    usage_view_class = _scoped(snippet_views.UsageView)
    history_view_class = _scoped(snippet_views.HistoryView)
    inspect_view_class = _scoped(snippet_views.InspectView)
    chooser_viewset_class = ScopedChooserViewSet

    @property
    def permission_policy(self):
        return ScopedPermissionPolicy(self.model, type(self).scope, allow_add=self.allow_add)

    def get_queryset(self, request):
        return self.permission_policy.scoped(request.user)


# -- viewsets -------------------------------------------------------------------------------------

class OrganizationViewSet(ScopedSnippetViewSet):
    model = Organization
    scope = staticmethod(organization_scope)
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


class TopicViewSet(snippet_views.SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Chủ đề")
    list_display = ["name", "group", "slug"]
    list_filter = ["group"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]
    panels = [FieldPanel("name"), FieldPanel("group"), FieldPanel("description")]


class MeetingViewSet(ScopedSnippetViewSet):
    model = Meeting
    scope = staticmethod(meeting_scope)
    icon = "date"
    menu_label = _("Buổi sinh hoạt")
    list_display = ["title", "cell", "scheduled_at", "status", "score"]
    list_filter = ["status", "is_public", "scheduled_at"]
    search_fields = ["title", "place", "conclusion"]
    search_backend_name = None
    ordering = ["-scheduled_at"]
    list_per_page = 50

    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("cell", widget=forms.Select),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("topic", widget=forms.Select), FieldPanel("pack")]),
            FieldRowPanel([FieldPanel("scheduled_at"), FieldPanel("duration_minutes")]),
            FieldPanel("place"),
            FieldRowPanel([FieldPanel("presenters"), FieldPanel("upper_member")]),
            MultiFieldPanel([FieldPanel("status"), FieldPanel("status_reason")], heading=_("Trạng thái")),
            FieldPanel("is_public"),
        ], heading=_("Thông tin")),
        ObjectList([InlinePanel("materials", label=_("Tài liệu"))], heading=_("Tài liệu")),
        ObjectList([
            FieldRowPanel([FieldPanel("attendance_present"), FieldPanel("attendance_total")]),
            InlinePanel("absentees", label=_("Vắng mặt")),
            FieldRowPanel([FieldPanel("chair"), FieldPanel("minutes_secretary")]),
            FieldPanel("guests"),
            FieldPanel("agenda"),
            FieldRowPanel([FieldPanel("speakers"), FieldPanel("opinions")]),
            InlinePanel("speeches", label=_("Ý kiến phát biểu")),
            FieldPanel("minutes"),
            FieldPanel("conclusion"),
            FieldPanel("resolution"),
            InlinePanel("tasks", label=_("Phân công nhiệm vụ")),
        ], heading=_("Kết quả")),
        ObjectList([
            FieldRowPanel([FieldPanel("q_duration"), FieldPanel("q_attendance"), FieldPanel("q_preparation")]),
            FieldRowPanel([FieldPanel("q_conduct"), FieldPanel("q_chairing"), FieldPanel("q_principles")]),
            FieldRowPanel([FieldPanel("q_previous_results"), FieldPanel("q_closing")]),
            FieldPanel("score", help_text=_("Để trống để tự tính tổng 8 tiêu chí.")),
        ], heading=_("Phiếu chấm điểm")),
    ], base_form_class=MeetingAdminForm)


class RolloutLinkColumn(Column):
    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse("topics:rollout", args=[instance.pk]),
                           _("Tình hình triển khai"))


class RolloutViewSet(ScopedSnippetViewSet):
    """Roll-outs are created from the organization page (it creates the meetings); here they are listed."""

    model = Rollout
    scope = staticmethod(rollout_scope)
    allow_add = False
    icon = "list-ul"
    menu_label = _("Triển khai chuyên đề")
    list_display = ["title", "organization", "year", "quarter", "due_on",
                    RolloutLinkColumn("status", label=_("Các chi bộ"))]
    list_filter = ["year", "quarter"]
    search_fields = ["title"]
    search_backend_name = None
    ordering = ["-year", "-quarter"]
    # Year, quarter and subject identify the roll-out (re-running it matches on them): not editable here.
    panels = [FieldPanel("title"), FieldPanel("due_on")]


class MeetingsGroup(snippet_views.SnippetViewSetGroup):
    menu_label = _("Sinh hoạt chuyên đề")
    menu_icon = "date"
    menu_order = 200
    items = (MeetingViewSet, RolloutViewSet, OrganizationViewSet, TopicViewSet)


register_snippet(MeetingsGroup)
