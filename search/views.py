"""The search page (/tim-kiem/) and the JSON API (/api/search/), both thin shells around search.service."""
from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organizations.access import Viewer
from search import service
from search.forms import SearchForm


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@require_GET
def search_api(request):
    """``GET /api/search/?q=&kind=&issuer=&year=&topic=&cell=&validity=&page=`` → count, backend, results, facets."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _json({"error": form.first_error(), "count": 0, "results": [], "facets": {}}, status=400)
    q = form.cleaned_data["q"]
    filters = form.filters()
    if not q and not filters:
        return _json({"error": _("Hãy nhập từ khóa hoặc số hiệu văn bản cần tìm."), "count": 0, "results": [],
                      "facets": {}}, status=400)
    result = service.search(Viewer.for_request(request), q, filters, form.cleaned_data.get("page") or 1)
    return _json(result.as_json())


def _page_links(request, result):
    """Query strings for facet links and pagination, keeping the other parameters."""
    base = request.GET.copy()
    base.pop("page", None)

    def with_(**changes):
        params = base.copy()
        for key, value in changes.items():
            if value in (None, ""):
                params.pop(key, None)
            else:
                params[key] = value
        return "?" + params.urlencode()

    return with_


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    context = {"form": form, "error": "", "result": None}
    status = 200
    if not form.is_valid():
        context["error"] = form.first_error()
        status = 400
    else:
        q = form.cleaned_data["q"]
        filters = form.filters()
        context["q"] = q
        if q or filters:
            result = service.search(Viewer.for_request(request), q, filters, form.cleaned_data.get("page") or 1)
            link = _page_links(request, result)
            context["result"] = result
            context["filters"] = filters
            context["facet_groups"] = [
                (name, label, filters.as_dict().get(name),
                 [(f, link(**{name: f.value})) for f in result.facets.get(name, [])], link(**{name: ""}))
                for name, label in (("kind", _("Loại")), ("issuer", _("Cơ quan ban hành")),
                                    ("year", _("Năm")), ("topic", _("Chủ đề")), ("validity", _("Hiệu lực")))]
            context["start_index"] = (result.page - 1) * result.per_page + 1
            pages = result.num_pages
            context["prev_url"] = link(page=result.page - 1) if result.page > 1 else ""
            context["next_url"] = link(page=result.page + 1) if result.page < pages else ""
            context["suggestion_url"] = ("?" + _suggest_qs(request, result.suggestion)) if result.suggestion else ""
    return render(request, "search/search_page.html", context, status=status)


def _suggest_qs(request, suggestion):
    params = request.GET.copy()
    params.pop("page", None)
    params["q"] = suggestion
    return params.urlencode()
