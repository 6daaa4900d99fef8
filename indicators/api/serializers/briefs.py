"""The brief forms of related objects nested in answers (an indicator, a plan, a province, a figure...), shared by
the resources' serializers, the aggregate views and the reporting API, so each is one OpenAPI component."""

from rest_framework import serializers

from dtrack.api.rows import PlainRows
from indicators.models import VALUE, Direction, Plan, ProgressReport, QualifierChoice, Unit
from indicators.rules.assessment import NoCombination
from provinces.models import Era


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
        allow_null=True,
        help_text="Id of the measurement; null for a merged unit's figure combined from its "
        "predecessors' (explanation.basis: combined).",
    )
    as_of = serializers.DateField(help_text="Date the figure is about.")
    value = serializers.DecimalField(**VALUE)
    qualifier = serializers.ChoiceField(choices=QualifierChoice.choices)
    is_estimate = serializers.BooleanField()
    province = serializers.CharField(
        allow_null=True,
        help_text="Key of the province whose report gave the figure (a predecessor or successor when the "
        "2025 reform split the history); null for a national figure, or a combined one.",
    )


class UnitBriefSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        list_serializer_class = PlainRows  # one list per combined figure of a series


class NoClaimSerializer(serializers.Serializer):
    why_not = serializers.ChoiceField(
        choices=[w.value for w in NoCombination],
        help_text="not_all_reported: some predecessor reported nothing on the newest date; does_not_combine: ranks, "
        "indexes and yes/no values of parts say nothing of the whole; share_without_counts: a share without "
        "numerator and denominator cannot be weighted.",
    )
    units = UnitBriefSerializer(many=True, help_text="The merged unit's predecessors.")
    missing = UnitBriefSerializer(many=True, help_text="The predecessors without a figure on that date.")


class ReferenceSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(**VALUE)
    source = serializers.ChoiceField(choices=["baseline", "earliest_measurement"])


class ProgressReportBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "document_number", "title", "reported_on"]
        read_only_fields = fields
