"""Query parameters shared by every endpoint that assesses targets."""

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from indicators.conf import today

AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Assessment date (YYYY-MM-DD). Default: today in Asia/Ho_Chi_Minh. Echoed in the response.",
)


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])  # not 20250101 nor 2025-W01


def as_of_from(request) -> date:
    """The `as_of` query parameter, validated; a bad date is a 400 naming `as_of`, never a 500."""
    params = AsOfSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data.get("as_of") or today()
