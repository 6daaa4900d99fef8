"""Serializers of the aggregate views (output only): plan and province scorecards, a ranking, a target's series."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dtrack.api.rows import PlainRows
from indicators import cards
from indicators.api import rendering
from indicators.api.serializers.briefs import (
    IndicatorBriefSerializer,
    LatestMeasurementSerializer,
    NoClaimSerializer,
    PlanBriefSerializer,
    ProvinceBriefSerializer,
    ReferenceSerializer,
    UnitBriefSerializer,
)
from indicators.models import VALUE, Comparator, Level, Plan, QualifierChoice
from indicators.rules.assessment import Basis, DeadlineStatus, Status
from provinces.models import Era

SHARE = {"max_digits": 5, "decimal_places": 4}


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
        source="tally.share_achieved",
        allow_null=True,
        help_text="achieved / total (4 places); null: no targets.",
        **SHARE,
    )

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
        fields = [
            "as_of",
            "province",
            "included_provinces",
            "plan_statuses",
            "counts",
            "total",
            "share_achieved",
            "plans",
        ]


class RankedFigureSerializer(LatestMeasurementSerializer):
    id = serializers.IntegerField(allow_null=True, help_text="Id of the measurement; null for a combined figure.")
    cohort = serializers.IntegerField(
        allow_null=True,
        help_text="For a rank: how many units it was counted among (63 before the 2025 reform, 34 "
        "after); ranks of different cohorts are never compared. Null for other figures.",
    )
    basis = serializers.ChoiceField(
        choices=[b.value for b in Basis],
        help_text="own: the province's own figure; predecessor: inherited from its single predecessor; combined: "
        "added up from all its predecessors' figures of one date (counts, or shares from numerator/denominator).",
    )
    units = serializers.ListField(child=serializers.CharField(), help_text="Keys of the units the figure comes from.")


class RankingEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        help_text="Competition rank (ties share it: 1, 2, 2, 4); null: no figure, or a rank of another cohort.",
    )
    province = ProvinceBriefSerializer()
    latest = RankedFigureSerializer(allow_null=True, help_text="The figure ranked; null: no figure it can claim.")
    not_ranked = serializers.ChoiceField(
        choices=["other_cohort"],
        allow_null=True,
        help_text="other_cohort: the figure is a rank among another era's units, shown but not compared.",
    )
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

    class Meta:
        # A series may hold thousands of figures: rendered without DRF's per-row machinery, the same fields.
        list_serializer_class = PlainRows


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

    class Meta:
        list_serializer_class = PlainRows  # a figure for every date all predecessors reported


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
        many=True,
        help_text="Measurements judging the target, and the targets it continues, dated on or before "
        "as_of, by date.",
    )
    continues = ContinuedTargetSerializer(
        source="continued",
        many=True,
        help_text="The targets this one continues (of an earlier plan or unit), newest first: their figures are in "
        "the series too.",
    )
    combined = CombinedFigureSerializer(
        many=True,
        help_text="For a target of a merged unit: its predecessors' figures of one date combined (counts "
        "added, shares from numerators and denominators), by date; they judge it as its own figures do.",
    )
