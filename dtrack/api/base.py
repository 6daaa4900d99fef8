"""What every dtrack API view adds to DRF's: strict query parameters (dtrack/api/query.py), conditional GETs
(ETag on every answer, If-None-Match → 304; dtrack/api/conditional.py) and a 400 for a `?format=` the endpoint does
not offer (dtrack/api/exports.py)."""

from dtrack.api.conditional import ConditionalGetMixin
from dtrack.api.exports import ContentNegotiation
from dtrack.api.query import StrictQueryParametersMixin

__all__ = ["ApiViewMixin"]


class ApiViewMixin(StrictQueryParametersMixin, ConditionalGetMixin):
    content_negotiation_class = ContentNegotiation
