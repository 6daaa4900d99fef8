"""Query strings the API cannot take, answered 400 before any view runs (a NUL in a filter value reached
PostgreSQL, which refuses NUL in text: a 500)."""

from django.utils.translation import gettext as _

from dtrack.api.exceptions import problem_json_response

__all__ = ["RejectNulMiddleware"]


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return problem_json_response(request, 400, _("A query parameter contains a NUL character."))
        return self.get_response(request)
