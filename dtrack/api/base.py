"""What every dtrack API view adds to DRF's: strict query parameters (dtrack/api/query.py) and conditional GETs
(ETag on every answer, If-None-Match → 304; dtrack/api/conditional.py)."""

from dtrack.api.conditional import ConditionalGetMixin
from dtrack.api.query import StrictQueryParametersMixin

__all__ = ["ApiViewMixin"]


class ApiViewMixin(StrictQueryParametersMixin, ConditionalGetMixin):
    pass
