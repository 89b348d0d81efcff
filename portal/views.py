"""Site-wide views: home, health check, robots.txt, 400 and 404."""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from inputs.middleware import bad_request as inputs_bad_request
from organizations.access import Viewer
from search.service import backend_health
from study.selectors import secretary_todo
from topics.models import Meeting, MeetingStatus, Topic


def home(request):
    viewer = Viewer.for_request(request)
    latest = viewer.library_items().with_listing_data()[:8]
    upcoming = []
    if viewer.is_authenticated and viewer.cell_ids:
        upcoming = (Meeting.objects.filter(cell_id__in=viewer.cell_ids, scheduled_at__gte=timezone.now())
                    .exclude(status__in=[MeetingStatus.CANCELLED]).select_related("cell", "topic")
                    .order_by("scheduled_at")[:5])
    topics = viewer.visible_topics(Topic.objects.all()).order_by("name")[:30]
    return render(request, "portal/home.html", {"latest": latest, "upcoming": upcoming, "topics": topics,
                                                "todo": secretary_todo(viewer)})


@never_cache
def healthz(request):
    """JSON health: database reachable, search backend state (elasticsearch / database / degraded)."""
    status = {"status": "ok"}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        status["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # pragma: no cover - reported, never raised
        status["database"] = {"ok": False, "error": str(exc)[:200]}
        status["status"] = "error"
    status["search"] = backend_health()
    if status["status"] == "ok" and not status["search"].get("ok", True):
        status["status"] = "degraded"
    code = 200 if status["database"]["ok"] else 503
    return JsonResponse(status, status=code, json_dumps_params={"ensure_ascii": False})


OPENAPI_SPEC = settings.BASE_DIR / "portal" / "openapi.yaml"


def openapi_spec(request):
    """The OpenAPI description of the JSON API (portal/openapi.yaml), as kept next to the code."""
    return HttpResponse(OPENAPI_SPEC.read_bytes(), content_type="application/yaml; charset=utf-8")


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /tai-khoan/", "Disallow: /api/",
             f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None):
    """Django's 400 (a SuspiciousOperation: too many fields, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a bad
    Host…) as the site's own 400: JSON under /api/, the page elsewhere. Django's default renders 400.html
    without the request, which base.html cannot do: every such request was a 500."""
    message = ""
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig)):
        message = _("Yêu cầu quá lớn hoặc có quá nhiều tham số.")
        request.GET = QueryDict()  # the page must not parse the query string that was refused
    return inputs_bad_request(request, message or _("Địa chỉ hoặc tham số không hợp lệ."))


def page_not_found(request, exception=None):
    """The 404 page; under /api/ a JSON error like the API's own (clients parse JSON whatever the path)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": _("Không có địa chỉ API này."), "status": 404}, status=404,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "404.html", status=404)
