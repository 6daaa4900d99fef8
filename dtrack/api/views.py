"""Django-level error views: problem+json under /api/, Django's default pages elsewhere."""

from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from dtrack.api.exceptions import problem_json_response

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _not_found(request):
    return problem_json_response(request, 404, _("No API endpoint matches this URL."))


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Catch-all for unknown /api/ URLs; answers directly so DEBUG's HTML 404 page never shows up there."""
    return _not_found(request)


def bad_request(request, exception):
    # e.g. DisallowedHost and other SuspiciousOperation raised outside DRF.
    if is_api_request(request):
        return problem_json_response(request, 400, _("The request could not be handled."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_request(request):
        return problem_json_response(request, 403, _("You do not have permission to access this resource."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api_request(request):
        # The resolver's message lists the URL patterns tried: not for clients.
        return _not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        return problem_json_response(request, 500, _("The server failed to handle this request."))
    return defaults.server_error(request)
