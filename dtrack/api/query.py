"""Strict query parameters, for every API view: what a client sends is used, or refused with a 400, never ignored.

- a name the operation does not take (`?deadline__gte=…`, `?fields=…`) is a 400 naming it;
- a single-valued parameter given twice (`?as_of=…&as_of=…`) is a 400: which one the client meant is unknown;
- an empty value (`?as_of=`, `?province=`) is a 400, except for free text (`q`), where empty means no filter.

What an operation takes is what its OpenAPI description declares, found from the same sources drf-spectacular
reads: on lists, the filterset's filters (multi-valued when the filter takes several values), `ordering` (multi-
valued) and the paginator's `limit`/`offset`; elsewhere the names a view declares in `query_parameters` (for its
`@extend_schema(parameters=…)`). tests/api/test_query_parameters.py checks both agree, operation by operation.
"""

import re

from django.utils.translation import gettext_lazy as _
from django_filters import MultipleChoiceFilter
from rest_framework.exceptions import ErrorDetail, ValidationError

__all__ = ["INT64", "StrictQueryParametersMixin", "integer_parameter", "query_parameters"]

# DRF's URL format override (`?format=json`, used by the browsable API's links) is accepted everywhere.
ALWAYS = {"format": False}
# Free text: empty means "no filter", as the schema (a string without minLength) allows.
EMPTY_ALLOWED = {"q", "cursor"}  # an empty cursor asks for the first page by cursor
PAGINATED_ACTIONS = ("list", "history")


# The range of an id, as the schema declares every integer parameter (dtrack.api.schema).
INT64 = (-(2**63), 2**63 - 1)


def integer_parameter(name: str, value: str) -> int:
    """`value` of query parameter `name` as an integer in the range of an id, or a 400."""
    number = int(value) if re.fullmatch(r"-?[0-9]+", value) else None
    if number is None or not INT64[0] <= number <= INT64[1]:
        raise ValidationError({name: [ErrorDetail(_("A whole number is required."), code="invalid")]})
    return number


def is_multi_valued(filter_) -> bool:
    return isinstance(filter_, MultipleChoiceFilter) or getattr(filter_, "multi_valued", False)


def query_parameters(view) -> dict[str, bool]:
    """{name: multi-valued?} of the query parameters `view` takes for its current action."""
    action = getattr(view, "action", None)
    params = dict(ALWAYS)
    declared = getattr(view, "query_parameters", {})
    if callable(declared):
        declared = declared()
    params.update(declared)
    if action == "list":
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            params.update({name: is_multi_valued(f) for name, f in filterset_class.base_filters.items()})
        for backend in getattr(view, "filter_backends", ()):
            ordering_param = getattr(backend, "ordering_param", None)
            if ordering_param and getattr(view, "ordering_fields", None):
                params[ordering_param] = True
    if action in PAGINATED_ACTIONS and getattr(view, "paginator", None) is not None:
        paginator = view.paginator
        names = ("limit_query_param", "offset_query_param", "cursor_query_param")
        for name in (getattr(paginator, attribute, None) for attribute in names):
            if name:
                params[name] = False
    return params


def check_query_parameters(view, request) -> None:
    allowed = query_parameters(view)
    errors = {}
    for name in request.query_params:
        values = request.query_params.getlist(name)
        if name not in allowed:
            errors[name] = [ErrorDetail(_("Unknown query parameter."), code="unknown_parameter")]
        elif len(values) > 1 and not allowed[name]:
            message = _("Give this parameter once; it takes a single value.")
            errors[name] = [ErrorDetail(message, code="repeated_parameter")]
        elif name not in EMPTY_ALLOWED and any(value == "" for value in values):
            message = _("This parameter must not be empty; leave it out for the default.")
            errors[name] = [ErrorDetail(message, code="blank")]
    if errors:
        raise ValidationError(errors)


class StrictQueryParametersMixin:
    """For APIViews and viewsets: the query string is checked once authentication and permissions have passed."""

    # {name: multi-valued?} beyond the filters, ordering and pagination; a method may depend on `self.action`.
    query_parameters: dict[str, bool] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A method the view does not offer is a 405 whatever its query string (DRF looks for the handler later).
        method = request.method.lower()
        if method in self.http_method_names and getattr(self, method, None) is not None:
            check_query_parameters(self, request)
            self.check_query_values()

    def check_query_values(self) -> None:
        """Where a view reads a parameter's value only after writing (an `as_of` for the body it answers with), it
        checks the value here, before anything is done: a bad value is a 400 whatever the write would have met."""
