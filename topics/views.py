"""Pages for organizations, plans, meetings, roll-outs and calendars (plain Django views).

Every view asks ``organizations.access.Viewer`` what the user may see: a meeting the viewer may not see is a 404
(or the login page for an anonymous visitor, since it may be theirs once logged in); management actions
need ``Viewer.can_manage_meetings_of``; roll-outs need staff rights above the organization.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from library.selectors import topic_items
from organizations.access import Viewer
from organizations.models import Organization, OrganizationKind
from topics import calendar as ical
from topics import extensions, lifecycle, meeting_actions, selectors, services
from topics.opinions import opinion_send
from topics.forms import MeetingActionForm, RolloutForm
from topics.models import CalendarToken, Meeting, MeetingStatus, Rollout, Topic
from topics.scoring.selectors import scoring_context


def _deny(request, viewer: Viewer):
    """Anonymous visitors are asked to log in; logged-in users who may not see it get a plain 404."""
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


# -- organizations --------------------------------------------------------------------------------

def organization_detail(request, pk):
    viewer = Viewer.for_request(request)
    org = get_object_or_404(Organization.objects.select_related("parent"), pk=pk)
    ctx = {"org": org, "ancestors": list(org.ancestors())}
    if org.kind == OrganizationKind.CELL:
        ctx.update(selectors.cell_page_context(viewer, org))
        template = "topics/cell_page.html"
    else:
        ctx.update(selectors.committee_page_context(viewer, org))
        template = "topics/organization_page.html"
    return render(request, template, ctx)


def organization_plan(request, pk, year):
    viewer = Viewer.for_request(request)
    org = get_object_or_404(Organization, pk=pk)
    if not (2000 <= year <= 2100):
        return HttpResponseBadRequest(_("Năm không hợp lệ."), content_type="text/plain; charset=utf-8")
    if not viewer.visible_meetings_of(org):
        return _deny(request, viewer)
    ctx = {"org": org, "year": year, "ancestors": list(org.ancestors())}
    if org.kind == OrganizationKind.CELL:
        ctx.update(selectors.cell_plan(viewer, org, year))
        template = "topics/cell_plan.html"
    else:
        ctx.update(selectors.committee_plan(viewer, org, year))
        template = "topics/organization_plan.html"
    return render(request, template, ctx)


# -- meetings -------------------------------------------------------------------------------------

def meeting_detail(request, pk):
    viewer = Viewer.for_request(request)
    meeting = selectors.meeting_for_page(pk)
    if meeting is None:
        raise Http404
    if not viewer.can_see_meeting(meeting):
        return _deny(request, viewer)
    ctx = selectors.meeting_page_context(viewer, meeting)
    if ctx["show_outcome"]:
        ctx["scoring"] = scoring_context(viewer, meeting, absentees=ctx["absentees"],
                                         speeches_count=len(ctx["speeches"]))
    if ctx["can_manage"]:
        ctx["action_forms"] = meeting_actions.action_forms(meeting, _available_actions(meeting))
        ctx.update(extensions.meeting_manager_context(viewer, meeting))  # e.g. read progress (study)
    return render(request, "topics/meeting_page.html", ctx)


def _available_actions(meeting: Meeting) -> list[str]:
    """The buttons the lifecycle table offers for this meeting now (``topics.lifecycle.offered``)."""
    S, now = MeetingStatus, timezone.now()

    def offered(target):
        return lifecycle.offered(meeting.status, target, scheduled_at=meeting.scheduled_at, now=now)

    return ([a for a, t in (("announce", S.ANNOUNCED), ("hold", S.HELD), ("conclude", S.CONCLUDED)) if offered(t)]
            + (["reschedule"] if meeting.status in lifecycle.MOVABLE else [])
            + [a for a, t in (("postpone", S.POSTPONED), ("cancel", S.CANCELLED)) if offered(t)])


def _meeting_for_post(request, pk, may_act):
    """(meeting, viewer, None) when the user may see the meeting and ``may_act(viewer, meeting)``; else the
    answer: the login page for an anonymous visitor, 404 for everyone else."""
    viewer = Viewer.for_request(request)
    meeting = get_object_or_404(Meeting.objects.select_related("cell"), pk=pk)
    if not viewer.can_see_meeting(meeting):
        return None, viewer, _deny(request, viewer)
    if not may_act(viewer, meeting):
        raise Http404
    return meeting, viewer, None


@require_POST
def meeting_action(request, pk):
    meeting, _viewer, denied = _meeting_for_post(request, pk, lambda v, m: v.can_manage_meetings_of(m.cell))
    if denied:
        return denied
    form = MeetingActionForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return redirect(meeting.get_absolute_url())
    try:
        messages.success(request, form.apply(meeting, request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(meeting.get_absolute_url())


@require_POST
def meeting_opinion(request, pk):
    """A member of the cell sends an opinion or question before the meeting (topics/opinions.py)."""
    meeting, viewer, denied = _meeting_for_post(request, pk, lambda v, m: v.may_send_opinion(m))
    if denied:
        return denied
    try:
        opinion_send(meeting, viewer, request.POST.get("text", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi ý kiến tới bí thư chi bộ."))
    return redirect(meeting.get_absolute_url() + "#y-kien")


# -- calendars ------------------------------------------------------------------------------------

def _token_viewer(request):
    """(viewer, error response): the token's user when ``?token=`` is given, else the session's."""
    raw = request.GET.get("token")
    if raw is None:
        return Viewer.for_request(request), None
    user = ical.token_user(raw)
    if user is None:
        return None, HttpResponse(_("Liên kết lịch không hợp lệ hoặc đã bị thu hồi."), status=403,
                                  content_type="text/plain; charset=utf-8")
    return Viewer(user), None


def meeting_ics(request, pk):
    viewer, error = _token_viewer(request)
    if error:
        return error
    meeting = Meeting.objects.select_related("cell", "topic").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if not viewer.can_see_meeting(meeting):
        if "token" in request.GET:
            raise Http404
        return _deny(request, viewer)
    body = ical.build_calendar([meeting], name=meeting.title, url_for=ical.absolute_meeting_url(request))
    return ical.calendar_response(body, f"sinh-hoat-{meeting.pk}.ics")


FEED_PAST_DAYS = 400


def _feed_meetings(viewer: Viewer, qs):
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    return viewer.meetings(qs.filter(scheduled_at__gte=since)).select_related("cell", "topic").order_by("scheduled_at")


def organization_ics(request, pk):
    """Subscribable feed of a cell (or of every cell below a đảng bộ): what the token's user may see."""
    viewer, error = _token_viewer(request)
    if error:
        return error
    org = get_object_or_404(Organization, pk=pk)
    qs = Meeting.objects.filter(cell__path__startswith=org.path)
    body = ical.build_calendar(_feed_meetings(viewer, qs), name=f"Sinh hoạt chuyên đề — {org.name}",
                               url_for=ical.absolute_meeting_url(request))
    return ical.calendar_response(body, f"to-chuc-{org.pk}.ics")


def my_calendar_ics(request):
    """The user's own cells in one feed (token required: this is for calendar apps)."""
    raw = request.GET.get("token")
    user = ical.token_user(raw)
    if user is None:
        return HttpResponse(_("Liên kết lịch không hợp lệ hoặc đã bị thu hồi."), status=403,
                            content_type="text/plain; charset=utf-8")
    viewer = Viewer(user)
    qs = Meeting.objects.filter(cell_id__in=list(viewer.cell_ids))
    body = ical.build_calendar(_feed_meetings(viewer, qs), name=_("Sinh hoạt chuyên đề của tôi"),
                               url_for=ical.absolute_meeting_url(request))
    return ical.calendar_response(body, "lich-cua-toi.ics")


@login_required
def calendar_token(request):
    """Show the user's private calendar URLs; POST regenerates (revoking the old URLs) or revokes."""
    viewer = Viewer.for_request(request)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            ical.token_revoke(request.user)
            messages.success(request, _("Đã thu hồi liên kết lịch; các ứng dụng lịch dùng liên kết cũ sẽ không "
                                        "nhận được lịch nữa."))
        else:
            ical.token_regenerate(request.user)
            messages.success(request, _("Đã tạo liên kết lịch mới; liên kết cũ không còn dùng được."))
        return redirect("topics:calendar-token")
    token = CalendarToken.objects.filter(user=request.user).first()
    cells = list(Organization.objects.filter(pk__in=viewer.cell_ids).order_by("name"))
    feeds = []
    if token:
        base = request.build_absolute_uri("/")[:-1]
        feeds.append({"label": _("Tất cả chi bộ của tôi"),
                      "url": f"{base}{reverse('topics:my-calendar')}?token={token.token}"})
        staff_orgs = list(Organization.objects.filter(pk__in=viewer.staff_org_ids).order_by("name"))
        for org in cells + staff_orgs:
            feeds.append({"label": org.name,
                          "url": f"{base}{reverse('topics:organization-ics', args=[org.pk])}?token={token.token}"})
    return render(request, "topics/calendar_token.html", {"token": token, "feeds": feeds})


# -- roll-outs ------------------------------------------------------------------------------------

def rollout_new(request, pk):
    viewer = Viewer.for_request(request)
    org = get_object_or_404(Organization, pk=pk)
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not viewer.is_staff_above(org):
        raise Http404
    form = RolloutForm(request.POST or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rollout, created = services.rollout_create(org, form.subject, data["year"], data["quarter"],
                                                       data.get("due_on"), request.user, title=data.get("title") or "")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã triển khai tới các chi bộ: tạo mới %(n)s buổi sinh hoạt dự kiến.")
                             % {"n": len(created)})
            return redirect("topics:rollout", pk=rollout.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "topics/rollout_form.html", {"org": org, "form": form}, status=status)


def rollout_detail(request, pk):
    viewer = Viewer.for_request(request)
    rollout = get_object_or_404(Rollout.objects.select_related("organization", "topic", "pack"), pk=pk)
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not viewer.is_staff_above(rollout.organization):
        raise Http404
    return render(request, "topics/rollout_page.html", services.rollout_status(rollout))


# -- topic pages ----------------------------------------------------------------------------------
def topic_detail(request, slug):
    viewer = Viewer.for_request(request)
    # A topic is known only where something tagged with it is visible (its name may say what it is about).
    tag = get_object_or_404(viewer.visible_topics(Topic.objects.all()), slug=slug)
    page = Paginator(topic_items(viewer, tag), 20).get_page(request.GET.get("trang"))
    history = selectors.topic_history(viewer, tag)
    return render(request, "topics/topic.html", {"tag": tag, "page": page, "history": history})


def topic_index(request):
    viewer = Viewer.for_request(request)
    visible = viewer.library_items().values("pk")
    tags = (Topic.objects.annotate(n=Count("tagged_items", filter=Q(tagged_items__content_object__in=visible)))
            .filter(n__gt=0).order_by("name"))
    return render(request, "topics/topic_index.html", {"tags": tags})
