"""Admin for organizations, topics, meetings and roll-outs: the "Sinh hoạt chuyên đề" menu group.

Each viewset is a ``ScopedSnippetViewSet`` (organizations/admin_scope.py): Django permissions (role groups,
organizations/roles.py) say *what kind* of object a user may edit, the privacy layer says *which ones* — a
secretary only their cell's meetings, staff their subtree's meetings and roll-outs.
"""
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views

from organizations.admin_scope import ScopedSnippetViewSet
from organizations.admin_views import scoped_usage_view
from organizations.viewsets import OrganizationViewSet
from topics.forms import MeetingAdminForm
from topics.models import Meeting, Rollout, Topic
from topics.scoring.admin import MeetingScoringMixin, ScoreLinkColumn, ScoringPanel, ScoringTemplateViewSet

# -- viewsets -------------------------------------------------------------------------------------

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


class MeetingViewSet(MeetingScoringMixin, ScopedSnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Buổi sinh hoạt")
    list_display = ["title", "cell", "kind", "scheduled_at", "status", "score",
                    ScoreLinkColumn("scoring", label=_("Phiếu chấm điểm"))]
    list_filter = ["kind", "status", "is_public", "scheduled_at"]
    search_fields = ["title", "place", "conclusion"]
    search_backend_name = None
    ordering = ["-scheduled_at"]
    list_per_page = 50

    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("cell", widget=forms.Select),
            FieldPanel("title"),
            FieldPanel("kind"),
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
            MultiFieldPanel([FieldPanel("resolution"), FieldPanel("new_resolution_symbol"),
                             FieldPanel("new_resolution_title"), FieldPanel("new_resolution_text")],
                            heading=_("Nghị quyết của chi bộ: chọn văn bản có sẵn hoặc viết mới")),
            InlinePanel("tasks", label=_("Phân công nhiệm vụ")),
        ], heading=_("Kết quả")),
        ObjectList([ScoringPanel()], heading=_("Phiếu chấm điểm")),
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
    items = (MeetingViewSet, RolloutViewSet, ScoringTemplateViewSet, OrganizationViewSet, TopicViewSet)


register_snippet(MeetingsGroup)
