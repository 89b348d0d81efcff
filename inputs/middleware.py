"""Input hygiene for every request, before any view runs.

* NUL characters are removed from query strings and form fields: no page needs them, and PostgreSQL refuses
  them in any text value (``DataError`` → a 500 wherever a parameter reaches a query).
* A :class:`~inputs.params.BadParam` raised by any view becomes HTTP 400 with its Vietnamese message: JSON
  ``{"error": …, "status": 400}`` under ``/api/``, the plain "Yêu cầu không hợp lệ" page elsewhere. Views can
  then parse their query string with :mod:`inputs.params` and never write the error handling.
"""
from django.http import JsonResponse, QueryDict
from django.shortcuts import render

from inputs.params import BadParam


def without_nul(data: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, values in data.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


def bad_request(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message, "status": 400}, status=400, json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"message": message}, status=400)


class BadParamMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.META.get("QUERY_STRING", ""):
            request.GET = without_nul(request.GET)
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                                   "multipart/form-data"):
            if any("\x00" in v for values in request.POST.lists() for v in values[1]):
                request.POST = without_nul(request.POST)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadParam):
            return bad_request(request, str(exception))
        return None
