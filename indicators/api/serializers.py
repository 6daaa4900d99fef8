"""Serializers of the indicators API: `<Model>Serializer` for output, `<Model>WriteSerializer` for input.

Output nests related objects briefly (the brief serializers are shared with the aggregate views, so each is one
OpenAPI component); input takes them by id, provinces by key. Serializers check shape and format only: the domain
rules are in `indicators/services.py`. A target's assessment (status, gap…) is read from the annotations of
`Target.objects.assessed()`, never computed here from the database.
"""

from datetime import date
from decimal import Decimal, localcontext

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators import assessment
from indicators.api.aggregates import (
    IndicatorBriefSerializer,
    LatestMeasurementSerializer,
    PlanBriefSerializer,
    ProvinceBriefSerializer,
    ReferenceSerializer,
)
from indicators.assessment import SHOWN, Comparator, DeadlineStatus, Status, Thresholds
from indicators.models import (
    VALUE,
    Indicator,
    Measurement,
    Milestone,
    Plan,
    ProgressReport,
    QualifierChoice,
    Target,
    Unit,
)
from indicators.models import Comparator as ComparatorChoice
from provinces.models import Province

__all__ = [
    "DEADLINE_STATUSES",
    "REFERENCE_SOURCES",
    "TARGET_STATUSES",
    "ExplanationSerializer",
    "IndicatorSerializer",
    "MeasurementSerializer",
    "MeasurementWriteSerializer",
    "PlanSerializer",
    "PlanWriteSerializer",
    "ProgressReportSerializer",
    "ProgressReportUpdateSerializer",
    "ProgressReportWriteSerializer",
    "TargetDetailSerializer",
    "TargetSerializer",
    "TargetWriteSerializer",
    "explanation_from_row",
]

# Choice lists of the StrEnums as (value, value) pairs, which is what a ChoiceField over them holds.
# ENUM_NAME_OVERRIDES points here: given the Enum class, drf-spectacular would hash (value, NAME) pairs instead
# and the names would not apply.
TARGET_STATUSES = [s.value for s in Status]
DEADLINE_STATUSES = [s.value for s in DeadlineStatus]
REFERENCE_SOURCES = ["baseline", "earliest_measurement"]
SHOWN_DECIMAL = {"max_digits": None, "decimal_places": 4}


def as_decimal(number) -> Decimal | None:
    """Annotations read back from SQLite may be floats or ints; the rules want Decimals."""
    if number is None or isinstance(number, Decimal):
        return number
    return Decimal(str(number))


@extend_schema_field(
    {"type": "string", "maxLength": 500, "description": "Address of the source document (http, https, ftp), or empty."}
)
class SourceURLField(serializers.CharField):
    """A URL that may be empty. A URLField would be declared `format: uri`, which "" (no source) is not: found by
    schemathesis (ST108, response violates schema). The URL is checked here instead, with Django's validator."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        if not kwargs.get("read_only"):
            kwargs.setdefault("allow_blank", True)
            kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value:
            try:
                URLValidator()(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages, code="invalid") from None
        return value


# ---------------------------------------------------------------------------------------------------------------
# Indicators and plans


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_en", "unit", "direction", "pillar", "definition", "source"]
        extra_kwargs = {"direction": {"help_text": "Default: lower for a rank, higher otherwise."}}


class PlanSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True, allow_null=True, help_text="Null for a national programme.")
    superseded_by = PlanBriefSerializer(read_only=True, allow_null=True)
    source_url = SourceURLField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "document_type", "number", "title", "issuer", "issued_on", "period_start", "period_end", "status",
            "superseded_by", "province", "source_url", "source_note",
        ]  # fmt: skip


class PlanWriteSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(
        slug_field="key", queryset=Province.objects.all(), allow_null=True, required=False,
        help_text="Province key (2025-44); null or absent for a national programme.",
    )  # fmt: skip
    superseded_by = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.all(), allow_null=True, required=False, help_text="Id of the plan that replaces it."
    )
    source_url = SourceURLField()

    class Meta:
        model = Plan
        fields = [
            "document_type", "number", "title", "issuer", "issued_on", "period_start", "period_end", "status",
            "superseded_by", "province", "source_url", "source_note",
        ]  # fmt: skip
        validators = []  # duplicates are a 409 from the service, not a 400 from here


# ---------------------------------------------------------------------------------------------------------------
# Targets and their assessment


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["on", "value"]


class ExplanationPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(**SHOWN_DECIMAL)


class ExpectedValueSerializer(serializers.Serializer):
    """The value expected on as_of, on the straight line between two points of the expected path."""

    def get_fields(self):
        return {
            "value": serializers.DecimalField(**SHOWN_DECIMAL, help_text="Expected value on as_of (4 places)."),
            "from": ExplanationPointSerializer(help_text="Path point on or before as_of."),
            "to": ExplanationPointSerializer(
                allow_null=True, help_text="Next path point after as_of; null once the deadline is reached."
            ),
        }


class ThresholdsSerializer(serializers.Serializer):
    on_track = serializers.DecimalField(**SHOWN_DECIMAL, help_text="Pace ratio at or above which: on_track.")
    at_risk = serializers.DecimalField(**SHOWN_DECIMAL, help_text="Pace ratio at or above which: at_risk.")
    due_soon_days = serializers.IntegerField(help_text="Days left at or below which: due_soon.")


class ExplanationReadingSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(**VALUE)
    qualifier = serializers.ChoiceField(choices=QualifierChoice.choices)
    is_estimate = serializers.BooleanField()
    ref = serializers.IntegerField(help_text="Id of the measurement.")


class ExplanationSerializer(serializers.Serializer):
    """The inputs of an assessment, so a person can check the status by hand (docs/assessment.md)."""

    as_of = serializers.DateField()
    comparator = serializers.ChoiceField(choices=ComparatorChoice.choices)
    target = serializers.DecimalField(**VALUE)
    deadline = serializers.DateField()
    thresholds = ThresholdsSerializer()
    latest = ExplanationReadingSerializer(allow_null=True, help_text="Null: no measurement on or before as_of.")
    reference = ReferenceSerializer(allow_null=True, help_text="Start of the expected path; null without data.")
    expected = ExpectedValueSerializer(allow_null=True, help_text="Only when the status comes from the pace.")
    ratio = serializers.DecimalField(
        **SHOWN_DECIMAL, allow_null=True, help_text="Pace ratio (v − b) / (e − b); null when no progress is expected."
    )
    rule = serializers.CharField(help_text="Which rule decided the status, in words.")


def explanation_from_row(row: Target, as_of: date, thresholds: Thresholds) -> dict:
    """`assessment.assess(...).explanation`, rebuilt from the annotations of `Target.objects.assessed()`.

    Lists use this so that a page costs no query per row; the detail endpoint runs the pure rules instead, and a
    test checks that both agree.
    """
    explanation: dict = {
        "as_of": as_of,
        "comparator": row.comparator,
        "target": row.value,
        "deadline": row.deadline,
        "thresholds": {
            "on_track": thresholds.on_track,
            "at_risk": thresholds.at_risk,
            "due_soon_days": thresholds.due_soon_days,
        },
    }
    if row.latest_id is None:
        explanation["rule"] = "no measurement on or before as_of"
        return explanation
    latest_value, reference_value = as_decimal(row.latest_value), as_decimal(row.reference_value)
    explanation["latest"] = {
        "date": row.latest_as_of, "value": latest_value, "qualifier": row.latest_qualifier,
        "is_estimate": bool(row.latest_is_estimate), "ref": row.latest_id,
    }  # fmt: skip
    explanation["reference"] = {
        "source": "baseline" if row.reference_is_baseline else "earliest_measurement",
        "date": row.reference_date,
        "value": reference_value,
    }
    status = Status(row.status)
    if status is Status.ACHIEVED:
        explanation["rule"] = "the latest measurement meets the target"
    elif status is Status.MISSED:
        explanation["rule"] = "the deadline has passed and the latest measurement does not meet the target"
    elif row.unit == "boolean":
        explanation["rule"] = (
            "boolean milestone not done, more than due_soon_days left"
            if status is Status.ON_TRACK
            else "boolean milestone not done, due_soon_days or fewer left"
        )
    elif status is Status.INSUFFICIENT_DATA:
        explanation["rule"] = "no baseline and fewer than two measurements on different dates"
    elif row.reference_met:
        explanation["rule"] = "the reference already met the target and the latest does not"
    else:
        _explain_pace(explanation, row, as_of, status, latest_value, reference_value)
    return explanation


def _explain_pace(explanation: dict, row, as_of: date, status: Status, latest_value, reference_value) -> None:
    """The expected value and pace ratio, as `assessment._assess` computes them, from the path annotations."""
    rule = assessment.TargetRule(comparator=Comparator(row.comparator), value=row.value, deadline=row.deadline)
    p0_value, p1_value = as_decimal(row.p0_value), as_decimal(row.p1_value)
    has_end = row.reference_date <= as_of < row.deadline
    with localcontext() as ctx:
        ctx.prec = 60
        n = (row.p1_on - row.p0_on).days if has_end else 1
        k = (as_of - row.p0_on).days if has_end else 0
        d_start = assessment.improvement(rule, reference_value, p0_value)
        d_end = assessment.improvement(rule, reference_value, p1_value) if has_end else d_start
        needed = n * d_start + k * (d_end - d_start)
        moved = n * assessment.improvement(rule, reference_value, latest_value)
        expected = reference_value + (needed / n if rule.comparator is Comparator.AT_LEAST else -needed / n)
        explanation["expected"] = {
            "value": expected.quantize(SHOWN),
            "from": {"date": row.p0_on, "value": p0_value},
            "to": {"date": row.p1_on, "value": p1_value} if has_end else None,
        }
        if needed <= 0:
            explanation["ratio"] = None
            explanation["rule"] = (
                "no progress expected yet and the value is no worse than the reference"
                if status is Status.ON_TRACK
                else "no progress expected yet and the value is worse than the reference"
            )
            return
        explanation["ratio"] = (moved / needed).quantize(SHOWN)
    explanation["rule"] = {
        Status.ON_TRACK: "pace ratio at or above on_track",
        Status.AT_RISK: "pace ratio at or above at_risk, below on_track",
    }.get(status, "pace ratio below at_risk")


def progress_of(row: Target) -> Decimal | None:
    """(v − b) / (T − b) from the annotations, 4 places; null without a reference or when b equals T."""
    if row.latest_id is None or not row.has_reference:
        return None
    rule = assessment.TargetRule(comparator=Comparator(row.comparator), value=row.value, deadline=row.deadline)
    reference = as_decimal(row.reference_value)
    with localcontext() as ctx:
        ctx.prec = 60
        span = assessment.improvement(rule, reference, row.value)
        if not span:
            return None
        return (assessment.improvement(rule, reference, as_decimal(row.latest_value)) / span).quantize(SHOWN)


class TargetSerializer(serializers.ModelSerializer):
    """A target and its assessment on as_of (read-only fields from `latest` on)."""

    plan = PlanBriefSerializer(read_only=True)
    indicator = IndicatorBriefSerializer(read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    unit = serializers.ChoiceField(choices=Unit.choices, read_only=True, help_text="The indicator's unit.")
    latest = serializers.SerializerMethodField(help_text="The measurement the target is judged on; null: none yet.")
    gap = serializers.DecimalField(
        max_digits=21, decimal_places=4, read_only=True, allow_null=True,
        help_text="Still missing, in the indicator's unit, ≥ 0; null without data.",
    )  # fmt: skip
    progress = serializers.SerializerMethodField(
        help_text="(latest − reference) / (target − reference), 4 places; null without a reference."
    )
    status = serializers.ChoiceField(choices=TARGET_STATUSES, read_only=True)
    deadline_status = serializers.ChoiceField(choices=DEADLINE_STATUSES, read_only=True)
    days_remaining = serializers.IntegerField(read_only=True, help_text="Deadline − as_of in days; negative once past.")
    provisional = serializers.BooleanField(read_only=True, help_text="The latest figure is an estimate or approximate.")
    declining = serializers.BooleanField(read_only=True, help_text="The value moved the wrong way from the reference.")
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id", "plan", "indicator", "level", "comparator", "value", "relative_change", "unit", "deadline",
            "baseline_value", "baseline_date", "milestones", "source_quote", "source_note",
            "latest", "gap", "progress", "status", "deadline_status", "days_remaining", "provisional", "declining",
            "explanation",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {"value": {"help_text": "Target value; for a relative target, resolved from the baseline."}}

    @extend_schema_field(LatestMeasurementSerializer(allow_null=True))
    def get_latest(self, row):
        if row.latest_id is None:
            return None
        return LatestMeasurementSerializer({
            "id": row.latest_id, "as_of": row.latest_as_of, "value": as_decimal(row.latest_value),
            "qualifier": row.latest_qualifier, "is_estimate": bool(row.latest_is_estimate),
            "province": row.latest_province_key,
        }).data  # fmt: skip

    @extend_schema_field(serializers.DecimalField(**SHOWN_DECIMAL, allow_null=True))
    def get_progress(self, row):
        progress = progress_of(row)
        return None if progress is None else serializers.DecimalField(**SHOWN_DECIMAL).to_representation(progress)

    @extend_schema_field(ExplanationSerializer)
    def get_explanation(self, row):
        explanation = getattr(row, "explanation", None)
        if explanation is None:
            explanation = explanation_from_row(row, self.context["as_of"], self.context["thresholds"])
        return ExplanationSerializer(explanation).data


class TargetDetailSerializer(TargetSerializer):
    as_of = serializers.SerializerMethodField(help_text="The assessment date (the `as_of` parameter, or today).")

    class Meta(TargetSerializer.Meta):
        fields = ["as_of", *TargetSerializer.Meta.fields]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, row):
        return self.context["as_of"].isoformat()


class TargetWriteSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), help_text="Id of the plan.")
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), help_text="Id of the indicator.")
    value = serializers.DecimalField(
        **VALUE, required=False, allow_null=True,
        help_text="Target value. Leave out for a relative target: it is resolved from relative_change and baseline.",
    )  # fmt: skip
    milestones = MilestoneSerializer(
        many=True, required=False, help_text="Interim values; on update they replace the existing ones."
    )

    class Meta:
        model = Target
        fields = [
            "plan", "indicator", "level", "comparator", "value", "relative_change", "deadline", "baseline_value",
            "baseline_date", "milestones", "source_quote", "source_note",
        ]  # fmt: skip
        validators = []  # duplicates are a 409 from the service


# ---------------------------------------------------------------------------------------------------------------
# Progress reports and measurements

MEASUREMENT_INPUT_FIELDS = [
    "indicator", "level", "as_of", "value", "qualifier", "is_estimate", "numerator", "denominator", "value_text",
    "note",
]  # fmt: skip
MEASUREMENT_INPUT_KWARGS = {
    "as_of": {"required": False, "help_text": "Date the figure is about. Default: the report's reported_on."},
    "value": {
        "required": False,
        "allow_null": True,
        "help_text": "The number. Give it, or the figure as written in value_text.",
    },
    "value_text": {
        "help_text": "The figure as a Vietnamese report writes it: “trên 99%”, “ước đạt 71,4%”, “1.223/1.712”, "
        "“thứ 3/63”. Read into value, qualifier, is_estimate, numerator and denominator; those given as well "
        "must agree with it."
    },
}


class ProgressReportBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "document_number", "title", "reported_on"]
        read_only_fields = fields


class ReportMeasurementSerializer(serializers.ModelSerializer):
    """A measurement inside its report."""

    indicator = IndicatorBriefSerializer(read_only=True)

    class Meta:
        model = Measurement
        fields = [
            "id", "indicator", "level", "as_of", "value", "qualifier", "is_estimate", "numerator", "denominator",
            "value_text", "note",
        ]  # fmt: skip
        read_only_fields = fields


class ProgressReportSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True, allow_null=True, help_text="Null for a national report.")
    source_url = SourceURLField(read_only=True)
    measurements = ReportMeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id", "province", "title", "document_number", "reported_on", "period_start", "period_end", "source_url",
            "source_note", "created_at", "deleted_at", "measurements",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {"deleted_at": {"help_text": "Set when the report is deleted; null otherwise."}}


class ReportMeasurementWriteSerializer(serializers.ModelSerializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), help_text="Id of the indicator.")

    class Meta:
        model = Measurement
        fields = MEASUREMENT_INPUT_FIELDS
        extra_kwargs = MEASUREMENT_INPUT_KWARGS


class ProgressReportUpdateSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(
        slug_field="key", queryset=Province.objects.all(), allow_null=True, required=False,
        help_text="Province key (2025-44); null or absent for a national report.",
    )  # fmt: skip
    source_url = SourceURLField()

    class Meta:
        model = ProgressReport
        fields = [
            "province", "title", "document_number", "reported_on", "period_start", "period_end", "source_url",
            "source_note",
        ]  # fmt: skip
        validators = []  # duplicates are a 409 from the service


class ProgressReportWriteSerializer(ProgressReportUpdateSerializer):
    """A new report with all its measurements, created together or not at all."""

    measurements = ReportMeasurementWriteSerializer(many=True, required=False)

    class Meta(ProgressReportUpdateSerializer.Meta):
        fields = [*ProgressReportUpdateSerializer.Meta.fields, "measurements"]


class MeasurementSerializer(serializers.ModelSerializer):
    report = ProgressReportBriefSerializer(read_only=True)
    province = ProvinceBriefSerializer(read_only=True, allow_null=True, help_text="The report's; null: national.")
    indicator = IndicatorBriefSerializer(read_only=True)
    unit = serializers.ChoiceField(choices=Unit.choices, read_only=True, help_text="The indicator's unit.")
    is_active = serializers.BooleanField(read_only=True, help_text="False once its report is deleted.")

    class Meta:
        model = Measurement
        fields = [
            "id", "report", "province", "indicator", "level", "as_of", "value", "qualifier", "is_estimate",
            "numerator", "denominator", "value_text", "note", "unit", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class MeasurementWriteSerializer(ReportMeasurementWriteSerializer):
    report = serializers.PrimaryKeyRelatedField(
        queryset=ProgressReport.objects.active(), help_text="Id of the progress report (not deleted)."
    )

    class Meta(ReportMeasurementWriteSerializer.Meta):
        fields = ["report", *MEASUREMENT_INPUT_FIELDS]
