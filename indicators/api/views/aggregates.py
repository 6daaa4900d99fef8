"""Aggregate views: plan and province scorecards, a cross-province ranking, a target's series.

Read-only and computed on `?as_of=` (echoed in the body). The queries are the selectors of
`indicators/selectors/aggregates.py`; each view runs a fixed number of them whatever the size of the answer.
Serializers: `indicators/api/serializers/aggregates.py`. Docs: docs/aggregates.md.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from dtrack.api.base import ApiViewMixin
from indicators.api.params import AS_OF_PARAMETER, FIGURES_PARAMETER, as_of_from, figures_from
from indicators.api.serializers.aggregates import (
    PlanScorecardSerializer,
    ProvinceScorecardSerializer,
    RankingSerializer,
    TargetSeriesSerializer,
)
from indicators.models import Indicator, Level, Plan, Target
from indicators.selectors import aggregates
from provinces.api.views import KEY_PARAMETER
from provinces.models import Era, Province

__all__ = ["IndicatorRankingView", "PlanScorecardView", "ProvinceScorecardView", "TargetSeriesView"]


def id_parameter(what: str) -> OpenApiParameter:
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=f"Id of the {what}.")


class ScorecardParamsSerializer(serializers.Serializer):
    plan_status = serializers.ListField(child=serializers.ChoiceField(choices=Plan.Status.choices), required=False)


PLAN_STATUS_PARAMETER = OpenApiParameter(
    "plan_status",
    OpenApiTypes.STR,
    enum=Plan.Status.values,
    many=True,
    explode=True,
    description="Plan statuses to count; repeat for several (?plan_status=in_force&plan_status=draft). Default: "
    "in force only: draft and superseded plans are counted only when asked for.",
)


class RankingParamsSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, default=Level.OVERALL)
    era = serializers.ChoiceField(choices=Era.choices, required=False)


class PlanScorecardView(ApiViewMixin, APIView):
    query_parameters = {"as_of": False, "figures": False}

    @extend_schema(
        summary="Plan scorecard: every target assessed, counts per status",
        parameters=[id_parameter("plan"), AS_OF_PARAMETER, FIGURES_PARAMETER],
        responses=PlanScorecardSerializer,
    )
    def get(self, request, id, **kwargs):
        as_of = as_of_from(request)
        plan = get_object_or_404(Plan.objects.select_related("province"), pk=id)
        return Response(
            PlanScorecardSerializer(
                aggregates.plan_scorecard(plan, as_of=as_of, figures=figures_from(request)),
                context={"request": request},
            ).data
        )


class ProvinceScorecardView(ApiViewMixin, APIView):
    query_parameters = {"as_of": False, "figures": False, "plan_status": True}

    @extend_schema(
        summary="Province scorecard: the targets of its plans and its predecessors' plans",
        description="A 2025-era province includes the plans of the 2008-era provinces merged into it "
        "(e.g. 2025-44 Quảng Trị: 2008-45 Quảng Trị and 2008-44 Quảng Bình). Successors are not included.",
        parameters=[KEY_PARAMETER, AS_OF_PARAMETER, FIGURES_PARAMETER, PLAN_STATUS_PARAMETER],
        responses=ProvinceScorecardSerializer,
    )
    def get(self, request, key, **kwargs):
        as_of = as_of_from(request)
        params = ScorecardParamsSerializer(data={"plan_status": request.query_params.getlist("plan_status")})
        params.is_valid(raise_exception=True)
        statuses = params.validated_data["plan_status"] or [Plan.Status.IN_FORCE]
        province = get_object_or_404(Province, key=key)
        scorecard = aggregates.province_scorecard(
            province, as_of=as_of, figures=figures_from(request), plan_statuses=statuses
        )
        return Response(ProvinceScorecardSerializer(scorecard, context={"request": request}).data)


class IndicatorRankingView(ApiViewMixin, APIView):
    query_parameters = {"as_of": False, "level": False, "era": False, "figures": False}

    @extend_schema(
        summary="Provinces ranked by their latest figure for one indicator",
        description="Best first by the indicator's direction; ties share a rank (1, 2, 2, 4); provinces "
        "without a figure on or before as_of are last with rank null. A province's figure is the latest "
        "of its own and its predecessors' measurements.",
        parameters=[
            id_parameter("indicator"),
            AS_OF_PARAMETER,
            FIGURES_PARAMETER,
            OpenApiParameter("level", OpenApiTypes.STR, enum=Level.values, default=Level.OVERALL.value),
            OpenApiParameter(
                "era",
                OpenApiTypes.STR,
                enum=Era.values,
                description="Era of the division whose provinces are ranked. Default: the era in force on as_of.",
            ),
        ],
        responses=RankingSerializer,
    )
    def get(self, request, id, **kwargs):
        as_of = as_of_from(request)
        params = RankingParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        indicator = get_object_or_404(Indicator, pk=id)
        era = params.validated_data.get("era") or aggregates.era_on(as_of)
        ranking = aggregates.indicator_ranking(
            indicator, as_of=as_of, level=params.validated_data["level"], era=era, figures=figures_from(request)
        )
        return Response(RankingSerializer(ranking).data)


class TargetSeriesView(ApiViewMixin, APIView):
    query_parameters = {"as_of": False, "figures": False}

    @extend_schema(
        summary="A target's measurements and expected path",
        parameters=[id_parameter("target"), AS_OF_PARAMETER, FIGURES_PARAMETER],
        responses=TargetSeriesSerializer,
    )
    def get(self, request, id, **kwargs):
        as_of = as_of_from(request)
        figures = figures_from(request)
        try:
            target = aggregates.series_target(id, as_of=as_of, figures=figures)
        except Target.DoesNotExist:
            raise NotFound() from None
        return Response(TargetSeriesSerializer(aggregates.target_series(target, as_of=as_of, figures=figures)).data)
