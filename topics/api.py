"""``GET /api/meetings/``: meetings the requesting user may see, as JSON (contract in docs/CONTRACTS.md).

Filters: ``cell`` (a cell's name), ``org`` (an organization's name: every cell below it), ``topic`` (name or
slug), ``status`` (one or several, comma-separated), ``from`` / ``to`` (dates ``YYYY-MM-DD`` or ``dd/mm/yyyy``,
inclusive, Hà Nội time). Unknown names give an empty result; malformed dates or statuses give HTTP 400
with a Vietnamese message. Materials the user may not open are left out. The query count is constant:
one page of meetings with cell and topic joined, one prefetch of visible materials.
"""
from __future__ import annotations

import datetime as dt

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import Viewer
from organizations.models import Organization
from topics.models import Meeting, MeetingStatus, Topic
from topics.selectors import visible_materials_prefetch
from vntext.text import fold

DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 1000


class BadRequest(ValueError):
    pass


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _by_name(model, value: str):
    """Exact name first, then a unique case/diacritic-insensitive match; None when unknown."""
    exact = model.objects.filter(name=value).first()
    if exact is not None:
        return exact
    if model is Organization:
        found = list(Organization.objects.filter(name_folded=fold(value))[:2])
    else:
        found = list(Topic.objects.filter(name__iexact=value)[:2]) or list(Topic.objects.filter(slug=value)[:2])
    return found[0] if len(found) == 1 else None


def _parse_day(value: str, param: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        raise BadRequest(_("Tham số “%(p)s” không phải ngày hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy): %(v)s")
                         % {"p": param, "v": value[:40]}) from None


def iso_local(value: dt.datetime) -> str:
    """ISO 8601 in Hà Nội time: '2031-08-20T09:00:00+07:00'."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def filter_meetings(viewer: Viewer, params):
    qs = viewer.meetings()
    cell = (params.get("cell") or "").strip()
    if cell:
        org = _by_name(Organization, cell)
        if org is None:
            return qs.none()
        qs = qs.filter(cell=org)
    org_name = (params.get("org") or "").strip()
    if org_name:
        org = _by_name(Organization, org_name)
        if org is None:
            return qs.none()
        qs = qs.filter(cell__path__startswith=org.path)
    topic_name = (params.get("topic") or "").strip()
    if topic_name:
        topic = _by_name(Topic, topic_name)
        if topic is None:
            return qs.none()
        qs = qs.filter(topic=topic)
    statuses = [s.strip() for s in (params.get("status") or "").split(",") if s.strip()]
    bad = [s for s in statuses if s not in MeetingStatus.values]
    if bad:
        raise BadRequest(_("Trạng thái không hợp lệ: %(v)s (dùng: %(ok)s)")
                         % {"v": ", ".join(bad)[:80], "ok": ", ".join(MeetingStatus.values)})
    if statuses:
        qs = qs.filter(status__in=statuses)
    start = end = None
    if (params.get("from") or "").strip():
        start = _parse_day(params["from"], "from")
        qs = qs.filter(scheduled_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)))
    if (params.get("to") or "").strip():
        end = _parse_day(params["to"], "to")
        day_after = end + dt.timedelta(days=1)
        qs = qs.filter(scheduled_at__lt=timezone.make_aware(dt.datetime.combine(day_after, dt.time.min)))
    if start and end and start > end:
        raise BadRequest(_("Ngày bắt đầu (from) phải trước ngày kết thúc (to)."))
    return qs


def _page(params) -> tuple[int, int]:
    try:
        page = max(1, int(params.get("page") or 1))
        size = min(MAX_PAGE_SIZE, max(1, int(params.get("page_size") or DEFAULT_PAGE_SIZE)))
    except ValueError:
        raise BadRequest(_("Tham số page / page_size phải là số nguyên dương.")) from None
    return page, size


def meeting_json(meeting: Meeting, absolute) -> dict:
    materials = [{
        "title": m.item.title,
        "symbol": m.item.symbol,
        "url": absolute(m.item.get_absolute_url()),
        "required": m.required,
    } for m in meeting.visible_materials]
    level = meeting.level
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "cell": meeting.cell.name,
        "topic": meeting.topic.name if meeting.topic_id else None,
        "kind": meeting.kind,
        "status": meeting.status,
        "scheduled_at": iso_local(meeting.scheduled_at),
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "url": absolute(reverse("topics:meeting", args=[meeting.pk])),
        "ics_url": absolute(reverse("topics:meeting-ics", args=[meeting.pk])),
        "materials": materials,
        "conclusion": meeting.conclusion,
        "score": meeting.score,
        "level": str(level) if level else None,
        "level_label": meeting.get_level_display() or None,
        "materials_late": meeting.materials_late,
        "outcome_late": meeting.outcome_late,
    }


def meetings_api(request):
    if request.method != "GET":
        return _json({"error": _("Chỉ hỗ trợ GET.")}, status=405)
    viewer = Viewer.for_request(request)
    try:
        qs = filter_meetings(viewer, request.GET)
        page, size = _page(request.GET)
    except BadRequest as exc:
        return _json({"error": str(exc)}, status=400)
    count = qs.count()
    offset = (page - 1) * size
    rows = list(qs.select_related("cell", "topic", "scoring_version")
                .prefetch_related(visible_materials_prefetch(viewer))
                .order_by("scheduled_at", "pk")[offset:offset + size])
    absolute = request.build_absolute_uri
    data = {"count": count, "results": [meeting_json(m, absolute) for m in rows]}
    if count > offset + size:
        data["next_page"] = page + 1
    return _json(data)
