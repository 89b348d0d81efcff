"""Scoring in the Wagtail admin: the templates ("Phiếu chấm điểm") and the scoring screen of a meeting.

* ``ScoringTemplateViewSet``: staff edit the templates of the organizations in their subtree (superusers the
  portal-wide default); the listing, every object URL and the owner select are narrowed by the privacy layer
  (``organizations.access.ADMIN_SCOPES["topics.scoringtemplate"]``, guarded by ``organizations.admin_guard``).
  Templates are never deleted (meetings keep pointing at their versions): they are retired (``active``).
* ``MeetingScoringMixin`` adds ``score/<pk>/`` to the meetings viewset, so the guard's check of the meetings
  namespace (secretary: own cell; staff: subtree) covers it like any other meeting URL; the screen itself then
  asks the Viewer who may propose or confirm.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from organizations.access import MANAGE, Viewer
from organizations.admin_scope import ScopedPermissionPolicy, ScopedSnippetViewSet
from topics.models import Absentee, Meeting, MinutesSpeech
from topics.scoring.forms import ScoringTemplateForm
from topics.scoring.models import ScoringTemplate
from topics.scoring.selectors import apply_action, scoring_context


class NoDeletePolicy(ScopedPermissionPolicy):
    """Templates are retired, never deleted: versions used by meetings must stay."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)


class ScoringTemplateViewSet(ScopedSnippetViewSet):
    model = ScoringTemplate
    icon = "list-ol"
    menu_label = _("Phiếu chấm điểm")
    list_display = ["name", "organization", "applies_to", "active"]
    list_filter = ["applies_to", "active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["organization__path", "name"]
    edit_handler = ObjectList([
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("organization", widget=forms.Select), FieldPanel("applies_to"),
                       FieldPanel("active")]),
        InlinePanel("criteria", label=_("Tiêu chí"), min_num=1,
                    panels=[FieldRowPanel([FieldPanel("code"), FieldPanel("label"), FieldPanel("points"),
                                           FieldPanel("auto_check")])]),
        MultiFieldPanel([FieldRowPanel([FieldPanel("tot_min"), FieldPanel("kha_min"), FieldPanel("trung_binh_min")])],
                        heading=_("Ngưỡng xếp loại (Kém: dưới ngưỡng Trung bình)")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("attendance_threshold"), FieldPanel("max_unexcused_absences")]),
            FieldRowPanel([FieldPanel("min_duration_minutes"), FieldPanel("materials_lead_days")]),
        ], heading=_("Kiểm tra tự động")),
        InlinePanel("year_rules", label=_("Xếp loại năm"),
                    panels=[FieldRowPanel([FieldPanel("level"), FieldPanel("all_at_least"), FieldPanel("min_count"),
                                           FieldPanel("count_level")])]),
        FieldPanel("description"),
    ], base_form_class=ScoringTemplateForm)

    @property
    def permission_policy(self):
        return NoDeletePolicy(self.model)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


# -- the scoring screen of one meeting --------------------------------------------------------------

class MeetingScoringView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "topics/admin/meeting_scoring.html"
    page_title = _("Chấm điểm buổi sinh hoạt")
    header_icon = "list-ol"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        viewer = Viewer.for_request(request)
        self.viewer = viewer
        self.meeting = (viewer.admin_queryset(Meeting, MANAGE).select_related("cell", "scoring_version")
                        .filter(pk=kwargs["pk"]).first() if str(kwargs["pk"]).isdigit() else None)
        if self.meeting is None:
            raise Http404

    def get_page_subtitle(self):
        return self.meeting.title

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailsnippets_topics_meeting:list"), "label": _("Buổi sinh hoạt")},
                {"url": reverse("wagtailsnippets_topics_meeting:edit", args=[self.meeting.pk]),
                 "label": self.meeting.title}, {"url": "", "label": self.page_title}]

    def get_context_data(self, forms=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        absentees = list(Absentee.objects.filter(meeting=self.meeting))
        speeches = MinutesSpeech.objects.filter(meeting=self.meeting).count()
        ctx.update(meeting=self.meeting, scoring=scoring_context(self.viewer, self.meeting, absentees=absentees,
                                                                 speeches_count=speeches, forms=forms),
                   page_url=reverse("topics:meeting", args=[self.meeting.pk]))
        return ctx

    def post(self, request, *args, **kwargs):
        outcome = apply_action(self.viewer, self.meeting, request.POST)
        if outcome.ok:
            messages.success(request, outcome.message)
            return redirect(request.path)
        messages.error(request, outcome.message)
        forms = {outcome.action: outcome.form} if outcome.form is not None else None
        return self.render_to_response(self.get_context_data(forms=forms))


class ScoreLinkColumn(Column):
    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse("wagtailsnippets_topics_meeting:score", args=[instance.pk]),
                           _("Chấm điểm"))


class MeetingScoringMixin:
    """For the meetings snippet viewset: the scoring screen at ``score/<pk>/``."""

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("score/<str:pk>/", MeetingScoringView.as_view(), name="score")]


class ScoringPanel(Panel):
    """The "Phiếu chấm điểm" tab of the meeting form: the confirmed score and a link to the scoring screen."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            meeting = self.instance
            if meeting is None or meeting.pk is None:
                return format_html("<p>{}</p>", _("Lưu buổi sinh hoạt trước khi chấm điểm."))
            score = meeting.score if meeting.score is not None else "–"
            return format_html(
                '<p>{}: <strong data-score>{}</strong> / 100 — {}</p><p><a class="button" href="{}">{}</a></p>',
                _("Điểm đã xác nhận"), score, meeting.get_level_display() or _("chưa xếp loại"),
                reverse("wagtailsnippets_topics_meeting:score", args=[meeting.pk]),
                _("Mở phiếu chấm điểm (đề xuất, biểu quyết, xác nhận)"))
