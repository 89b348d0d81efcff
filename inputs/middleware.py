"""Turn a :class:`~inputs.params.BadParam` raised by any view into HTTP 400 with its Vietnamese message:
JSON ``{"error": …, "status": 400}`` under ``/api/``, the plain "Yêu cầu không hợp lệ" page elsewhere.
Views can then parse their query string with :mod:`inputs.params` and never write the error handling."""
from django.http import JsonResponse
from django.shortcuts import render

from inputs.params import BadParam


def bad_request(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message, "status": 400}, status=400, json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"message": message}, status=400)


class BadParamMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadParam):
            return bad_request(request, str(exception))
        return None
