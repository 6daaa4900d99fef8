"""Aggregate views: plan and province scorecards, a cross-province ranking, a target's series.

Read-only and computed on `?as_of=` (echoed in the body). The queries are in `indicators/selectors/aggregates.py`;
each view runs a fixed number of them whatever the size of the answer. Docs: docs/aggregates.md.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from dtrack.api.base import ApiViewMixin
from indicators import cards
from indicators.api import rendering
from indicators.api.params import AS_OF_PARAMETER, FIGURES_PARAMETER, as_of_from, figures_from
from indicators.models import (
    VALUE,
    Comparator,
    Direction,
    Indicator,
    Level,
    Plan,
    QualifierChoice,
    Target,
    Unit,
)
from indicators.rules.assessment import Basis, DeadlineStatus, NoCombination, Status
from indicators.selectors import aggregates
from provinces.api.views import KEY_PARAMETER
from provinces.models import Era, Province

__all__ = ["IndicatorRankingView", "PlanScorecardView", "ProvinceScorecardView", "TargetSeriesView"]

SHARE = {"max_digits": 5, "decimal_places": 4}


def id_parameter(what: str) -> OpenApiParameter:
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=f"Id of the {what}.")


# ---------------------------------------------------------------------------------------------------------------
# Serializers (output only)


class IndicatorBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)


class PlanBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document_type = serializers.ChoiceField(choices=Plan.DocumentType.choices)
    number = serializers.CharField()
    title = serializers.CharField()
    issuer = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Plan.Status.choices)
    province = serializers.CharField(
        source="province.key", allow_null=True, help_text="Key of the province; null for a national programme."
    )


class ProvinceBriefSerializer(serializers.Serializer):
    key = serializers.CharField()
    code = serializers.CharField()
    era = serializers.ChoiceField(choices=Era.choices)
    name = serializers.CharField()
    short_name = serializers.CharField()


class LatestMeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        allow_null=True, help_text="Id of the measurement; null for a merged unit's figure combined from its "
        "predecessors' (explanation.basis: combined).",
    )  # fmt: skip
    as_of = serializers.DateField(help_text="Date the figure is about.")
    value = serializers.DecimalField(**VALUE)
    qualifier = serializers.ChoiceField(choices=QualifierChoice.choices)
    is_estimate = serializers.BooleanField()
    province = serializers.CharField(
        allow_null=True,
        help_text="Key of the province whose report gave the figure (a predecessor or successor when the "
        "2025 reform split the history); null for a national figure, or a combined one.",
    )


class ScorecardTargetSerializer(serializers.Serializer):
    """One target assessed on as_of (the same rules and fields as the targets resource)."""

    id = serializers.IntegerField()
    indicator = IndicatorBriefSerializer()
    level = serializers.ChoiceField(choices=Level.choices)
    comparator = serializers.ChoiceField(choices=Comparator.choices)
    value = serializers.DecimalField(**VALUE)
    deadline = serializers.DateField()
    latest = LatestMeasurementSerializer(
        allow_null=True, help_text="The measurement the target is judged on; null when none on or before as_of."
    )
    gap = serializers.DecimalField(
        max_digits=21, decimal_places=4, allow_null=True, help_text="Still missing, in the indicator's unit; ≥ 0."
    )
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    deadline_status = serializers.ChoiceField(choices=[s.value for s in DeadlineStatus])
    days_remaining = serializers.IntegerField(help_text="Deadline − as_of in days; negative once passed.")
    provisional = serializers.BooleanField(help_text="The latest figure is an estimate or approximate.")
    declining = serializers.BooleanField(help_text="The latest value is worse than the reference.")

    def to_representation(self, row):
        if isinstance(row, cards.Ready):
            return cards.body(row.body, self.context.get("request"))
        return rendering.scorecard_target_dict(row)

    def generic_representation(self, row):
        """DRF's own rendering from the declared fields: what `to_representation` must equal (tested)."""
        return super().to_representation(row)


class StatusCountsSerializer(serializers.Serializer):
    """Targets per status; every status is present, zeros included."""

    def get_fields(self):
        return {status.value: serializers.IntegerField(min_value=0) for status in Status}


class TallyFieldsMixin(serializers.Serializer):
    """`counts`, `total` and `share_achieved`, placed where the subclass's `Meta.fields` says."""

    counts = StatusCountsSerializer(source="tally.counts")
    total = serializers.IntegerField(source="tally.total", min_value=0, help_text="Number of targets.")
    share_achieved = serializers.DecimalField(
        source="tally.share_achieved", allow_null=True, help_text="achieved / total (4 places); null: no targets.",
        **SHARE,
    )  # fmt: skip

    def get_fields(self):
        fields = super().get_fields()
        return {name: fields[name] for name in self.Meta.fields}


class PlanScorecardSerializer(TallyFieldsMixin):
    as_of = serializers.DateField()
    plan = PlanBriefSerializer()
    targets_note = serializers.CharField(
        source="plan.targets_note",
        help_text="Why the plan has no targets (or only some) here, e.g. no source states them; empty otherwise.",
    )
    targets = ScorecardTargetSerializer(many=True)

    class Meta:
        fields = ["as_of", "plan", "targets_note", "counts", "total", "share_achieved", "targets"]


class ScorecardPlanSerializer(TallyFieldsMixin):
    """One plan of a province scorecard, with its own counts."""

    plan = PlanBriefSerializer()
    targets_note = serializers.CharField(
        source="plan.targets_note", help_text="Why the plan has no targets (or only some) here; empty otherwise."
    )
    targets = ScorecardTargetSerializer(many=True)

    class Meta:
        fields = ["plan", "targets_note", "counts", "total", "share_achieved", "targets"]


class ProvinceScorecardSerializer(TallyFieldsMixin):
    as_of = serializers.DateField()
    province = ProvinceBriefSerializer()
    included_provinces = ProvinceBriefSerializer(
        source="included", many=True, help_text="Whose plans are counted: the province, then its predecessors."
    )
    plan_statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=Plan.Status.choices),
        help_text="The plan statuses counted (the `plan_status` parameter; default: in force only).",
    )
    plans = ScorecardPlanSerializer(many=True)

    class Meta:
        fields = ["as_of", "province", "included_provinces", "plan_statuses", "counts", "total", "share_achieved",
                  "plans"]  # fmt: skip


class RankedFigureSerializer(LatestMeasurementSerializer):
    id = serializers.IntegerField(allow_null=True, help_text="Id of the measurement; null for a combined figure.")
    cohort = serializers.IntegerField(
        allow_null=True, help_text="For a rank: how many units it was counted among (63 before the 2025 reform, 34 "
        "after); ranks of different cohorts are never compared. Null for other figures.",
    )  # fmt: skip
    basis = serializers.ChoiceField(
        choices=[b.value for b in Basis],
        help_text="own: the province's own figure; predecessor: inherited from its single predecessor; combined: "
        "added up from all its predecessors' figures of one date (counts, or shares from numerator/denominator).",
    )
    units = serializers.ListField(child=serializers.CharField(), help_text="Keys of the units the figure comes from.")


class UnitBriefSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class NoClaimSerializer(serializers.Serializer):
    why_not = serializers.ChoiceField(
        choices=[w.value for w in NoCombination],
        help_text="not_all_reported: some predecessor reported nothing on the newest date; does_not_combine: ranks, "
        "indexes and yes/no values of parts say nothing of the whole; share_without_counts: a share without "
        "numerator and denominator cannot be weighted.",
    )
    units = UnitBriefSerializer(many=True, help_text="The merged unit's predecessors.")
    missing = UnitBriefSerializer(many=True, help_text="The predecessors without a figure on that date.")


class RankingEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField(
        allow_null=True, min_value=1,
        help_text="Competition rank (ties share it: 1, 2, 2, 4); null: no figure, or a rank of another cohort.",
    )  # fmt: skip
    province = ProvinceBriefSerializer()
    latest = RankedFigureSerializer(allow_null=True, help_text="The figure ranked; null: no figure it can claim.")
    not_ranked = serializers.ChoiceField(
        choices=["other_cohort"], allow_null=True,
        help_text="other_cohort: the figure is a rank among another era's units, shown but not compared.",
    )  # fmt: skip
    no_figure = serializers.SerializerMethodField(
        help_text="For a merged unit without a figure: why its predecessors' figures gave none."
    )

    @extend_schema_field(NoClaimSerializer(allow_null=True))
    def get_no_figure(self, entry):
        claim = entry.claim
        if claim is None or claim.why_not is None:
            return None
        return NoClaimSerializer(claim.as_dict()).data


class RankingSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    indicator = IndicatorBriefSerializer()
    level = serializers.ChoiceField(choices=Level.choices)
    era = serializers.ChoiceField(choices=Era.choices)
    ranked = serializers.IntegerField(min_value=0, help_text="Provinces with a figure (the rest are listed last).")
    results = RankingEntrySerializer(source="entries", many=True)


class ReferenceSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(**VALUE)
    source = serializers.ChoiceField(choices=["baseline", "earliest_measurement"])


class PathPointSerializer(serializers.Serializer):
    date = serializers.DateField(source="on")
    value = serializers.DecimalField(**VALUE)
    kind = serializers.ChoiceField(choices=["reference", "milestone", "target"])


class SeriesMeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    report = serializers.IntegerField(source="report_id", help_text="Id of the progress report.")
    as_of = serializers.DateField()
    value = serializers.DecimalField(**VALUE)
    qualifier = serializers.ChoiceField(choices=QualifierChoice.choices)
    is_estimate = serializers.BooleanField()
    value_text = serializers.CharField(help_text="The figure as written in the report; may be empty.")
    province = serializers.CharField(
        source="province.key", allow_null=True, help_text="Key of the province reporting it; null: national."
    )


class ContinuedTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = PlanBriefSerializer()
    level = serializers.ChoiceField(choices=Level.choices)
    value = serializers.DecimalField(**VALUE)
    deadline = serializers.DateField()


class CombinedFigureSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    value = serializers.DecimalField(**VALUE)
    qualifier = serializers.ChoiceField(choices=QualifierChoice.choices)
    is_estimate = serializers.BooleanField()
    units = UnitBriefSerializer(many=True, help_text="The predecessors whose figures of that date it combines.")


class TargetSeriesSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    plan = PlanBriefSerializer(source="target.plan")
    target = ScorecardTargetSerializer()
    reference = ReferenceSerializer(
        allow_null=True, help_text="Start of the expected path: the baseline, else the earliest measurement."
    )
    path = PathPointSerializer(many=True, help_text="Expected path: reference, milestones, target (by date).")
    expected_value = serializers.DecimalField(
        **VALUE, allow_null=True, help_text="Value expected on as_of along the path; null: no reference."
    )
    measurements = SeriesMeasurementSerializer(
        many=True, help_text="Measurements judging the target, and the targets it continues, dated on or before "
        "as_of, by date.",
    )  # fmt: skip
    continues = ContinuedTargetSerializer(
        source="continued", many=True,
        help_text="The targets this one continues (of an earlier plan or unit), newest first: their figures are in "
        "the series too.",
    )  # fmt: skip
    combined = CombinedFigureSerializer(
        many=True, help_text="For a target of a merged unit: its predecessors' figures of one date combined (counts "
        "added, shares from numerators and denominators), by date; they judge it as its own figures do.",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# Views


class ScorecardParamsSerializer(serializers.Serializer):
    plan_status = serializers.ListField(child=serializers.ChoiceField(choices=Plan.Status.choices), required=False)


PLAN_STATUS_PARAMETER = OpenApiParameter(
    "plan_status", OpenApiTypes.STR, enum=Plan.Status.values, many=True, explode=True,
    description="Plan statuses to count; repeat for several (?plan_status=in_force&plan_status=draft). Default: "
    "in force only: draft and superseded plans are counted only when asked for.",
)  # fmt: skip


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
