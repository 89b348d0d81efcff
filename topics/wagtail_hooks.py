"""Admin for organizations, topics, meetings and roll-outs: the "Sinh hoạt chuyên đề" menu group.

Django permissions (given by role groups, see portal/roles.py) say *what kind* of object a user may edit;
the scope says *which ones*, from ``portal.access.Viewer.admin_queryset`` (rules in ``ADMIN_SCOPES``):

* meetings: a secretary only their cell's, staff only the cells in their subtree, superusers all;
* organizations and roll-outs: staff only their subtree.

The scope is enforced by a permission policy (listing, buttons, bulk actions) **and**, for every view that
names one object (edit, delete, copy, history, revisions, usage, inspect, lock, workflow, chooser), by
``portal.admin_guard``, which answers 404 before the view runs, so typing another cell's URL reveals nothing.
"""
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from portal.access import CHOOSE, MANAGE, Viewer
from portal.admin_views import scoped_usage_view
from topics.forms import MeetingAdminForm, OrganizationAdminForm
from topics.models import Meeting, Organization, Rollout, Topic

# -- scope ----------------------------------------------------------------------------------------


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
    """Choosers list only what the editor may choose (portal.access.ADMIN_SCOPES)."""

    def get_object_list(self):
        return Viewer.for_request(self.request).admin_queryset(self.model, CHOOSE, super().get_object_list())


class ScopedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = type("ScopedChooseView", (ScopedChooseMixin, snippet_chooser.ChooseView), {})
    choose_results_view_class = type("ScopedChooseResultsView", (ScopedChooseMixin, snippet_chooser.ChooseResultsView),
                                     {})


class ScopedSnippetViewSet(snippet_views.SnippetViewSet):
    """A snippet viewset whose listing, objects and chooser are narrowed by the privacy layer's admin scope
    of its model; every view that names an object is also gated by ``portal.admin_guard``."""

    allow_add = True
    usage_view_class = scoped_usage_view(snippet_views.UsageView)
    chooser_viewset_class = ScopedChooserViewSet

    @property
    def permission_policy(self):
        return ScopedPermissionPolicy(self.model, allow_add=self.allow_add)

    def get_queryset(self, request):
        return self.permission_policy.scoped(request.user)


# -- viewsets -------------------------------------------------------------------------------------

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


class TopicViewSet(snippet_views.SnippetViewSet):
    """Topics are one vocabulary for everyone; their "usage" lists only what the editor may see."""

    model = Topic
    usage_view_class = scoped_usage_view(snippet_views.UsageView)
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
