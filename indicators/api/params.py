"""Query parameters shared by every endpoint that assesses targets."""

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from indicators.conf import today
from indicators.querysets import Figures

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


FIGURES_PARAMETER = OpenApiParameter(
    "figures",
    OpenApiTypes.STR,
    enum=["approved", "submitted"],
    default="approved",
    description="Which figures count: those of approved reports (default), or submitted ones too — then every "
    "assessment is provisional (`provisional: true`). Figures of drafts never count.",
)


class FiguresSerializer(serializers.Serializer):
    figures = serializers.ChoiceField(choices=Figures.values, required=False)


def figures_from(request) -> str:
    """The `figures` query parameter, validated (a 400 naming it otherwise)."""
    params = FiguresSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data.get("figures") or Figures.APPROVED
