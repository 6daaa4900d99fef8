"""Serializers of the indicators API: `<Model>Serializer` for output, `<Model>WriteSerializer` for input.

Output nests related objects briefly (the brief serializers are shared with the aggregate views, so each is one
OpenAPI component); input takes them by id, provinces by key. Serializers check shape and format only: the domain
rules are in `indicators/services.py`. A target's assessment (status, gap…) comes from the pure rules
(`row.judged`, indicators/judging.py), never computed here.

Over 400 lines because it holds the five resources' serializers side by side; split by resource
(`indicators/api/serializers/<resource>.py`) when one of them grows.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dtrack.api.inputs import StrictCharField, StrictInputMixin
from indicators.api.aggregates import (
    IndicatorBriefSerializer,
    LatestMeasurementSerializer,
    NoClaimSerializer,
    PlanBriefSerializer,
    ProvinceBriefSerializer,
    ReferenceSerializer,
    UnitBriefSerializer,
)
from indicators.api.rendering import cascade_dict, figure_cohort, flags_of, report_measurement_dict, target_dict
from indicators.judging import judging_basis
from indicators.models import (
    VALUE,
    Caveat,
    Indicator,
    Level,
    Measurement,
    Milestone,
    Plan,
    ProgressReport,
    QualifierChoice,
    Target,
    Unit,
    source_url_validator,
)
from indicators.models import Comparator as ComparatorChoice
from indicators.rule_texts import rule_text
from indicators.rules.assessment import DeadlineStatus, Status
from indicators.rules.cascade import Flag
from indicators.rules.inputs import SOURCE_URL_PATTERN
from provinces.api.serializers import BlankAsNullChoiceField
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
    "ReasonedTransitionSerializer",
    "TargetDetailSerializer",
    "TargetSerializer",
    "TargetWriteSerializer",
]

# Choice lists of the StrEnums as (value, value) pairs, which is what a ChoiceField over them holds.
# ENUM_NAME_OVERRIDES points here: given the Enum class, drf-spectacular would hash (value, NAME) pairs instead
# and the names would not apply.
TARGET_STATUSES = [s.value for s in Status]
DEADLINE_STATUSES = [s.value for s in DeadlineStatus]
FLAG_CHOICES = [f.value for f in Flag]
REFERENCE_SOURCES = ["baseline", "earliest_measurement"]
SHOWN_DECIMAL = {"max_digits": None, "decimal_places": 4}


@extend_schema_field(
    {"type": "string", "maxLength": 500, "pattern": SOURCE_URL_PATTERN,
     "description": "Address of the source document (http or https, with a host name), or empty."}
)  # fmt: skip
class SourceURLField(StrictCharField):
    """A URL that may be empty. A URLField would be declared `format: uri`, which "" (no source) is not: found by
    schemathesis (ST108, response violates schema). The URL is checked here instead, by the models' validator
    (indicators/rules/inputs.py SOURCE_URL_PATTERN, which the schema states)."""

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
                source_url_validator(value)
                URLValidator()(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages, code="invalid") from None
        return value


# ---------------------------------------------------------------------------------------------------------------
# Indicators and plans


class IndicatorSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_en", "unit", "direction", "pillar", "definition", "source",
                  "index_family"]  # fmt: skip
        extra_kwargs = {
            "direction": {"help_text": "Default: lower for a rank, higher otherwise."},
            "index_family": {"help_text": "dti: a figure of the provincial DTI carries its methodology and cohort "
                             "(docs/data.md); blank: none."},
        }  # fmt: skip


class PlanSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True, allow_null=True, help_text="Null for a national programme.")
    superseded_by = PlanBriefSerializer(read_only=True, allow_null=True)
    source_url = SourceURLField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "document_type", "number", "title", "issuer", "issued_on", "period_start", "period_end", "status",
            "superseded_by", "province", "source_url", "source_note", "targets_note",
        ]  # fmt: skip
        extra_kwargs = {"status": {"help_text": "draft (dự thảo), in_force, superseded. Lists, scorecards and "
                                                "rankings count plans in force unless asked (plan_status)."}}  # fmt: skip


class PlanWriteSerializer(StrictInputMixin, serializers.ModelSerializer):
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
            "superseded_by", "province", "source_url", "source_note", "targets_note",
        ]  # fmt: skip
        validators = []  # duplicates are a 409 from the service, not a 400 from here


# ---------------------------------------------------------------------------------------------------------------
# Targets and their assessment


class MilestoneSerializer(StrictInputMixin, serializers.ModelSerializer):
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
    ref = serializers.IntegerField(allow_null=True, help_text="Id of the measurement; null for a combined figure.")


class RuleTextField(serializers.CharField):
    def to_representation(self, value):
        return rule_text(value)


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
    rule = RuleTextField(help_text="Which rule decided the status, in words, in the language of the answer.")
    basis = serializers.ChoiceField(
        choices=["own", "successor", "predecessor", "combined"], allow_null=True,
        help_text="Which unit's figure judges the target (the 2025 reform): own: its own unit; successor: the unit "
        "it became part of (a larger area); predecessor: the single unit it continues (unchanged borders); "
        "combined: a merged unit's predecessors' figures of one date combined (counts added, shares from their "
        "numerators and denominators). Null: a national figure, or none. A merged unit is never judged on one "
        "predecessor's figure.",
    )  # fmt: skip
    unit = serializers.CharField(
        allow_null=True, help_text="Key of the unit whose figure judges the target; null for a combined figure."
    )
    units = UnitBriefSerializer(many=True, help_text="The units the figure comes from: one, or the predecessors.")
    no_figure = NoClaimSerializer(
        allow_null=True, help_text="For a merged unit's target without a figure: why its predecessors' gave none."
    )
    basis_text = serializers.CharField(
        allow_null=True, help_text="The basis, or why there is no figure, in words in the language of the answer."
    )
    level_abolished = serializers.BooleanField(
        help_text="A district-level target due on or after 2025-07-01, when the district level was abolished: only "
        "figures dated before then judge it."
    )


# One instance each, reused for every row: building a serializer per row costs more than the row itself.
LATEST = LatestMeasurementSerializer()
EXPLANATION = ExplanationSerializer()


PROGRESS = serializers.DecimalField(**SHOWN_DECIMAL, allow_null=True)


class TargetSerializer(serializers.ModelSerializer):
    """A target and its assessment on as_of (read-only fields from `latest` on)."""

    # The assessment is `row.judged` (indicators/judging.py: the pure rules, set by the view), never computed here.

    plan = PlanBriefSerializer(read_only=True)
    indicator = IndicatorBriefSerializer(read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    unit = serializers.ChoiceField(choices=Unit.choices, read_only=True, help_text="The indicator's unit.")
    latest = serializers.SerializerMethodField(help_text="The measurement the target is judged on; null: none yet.")
    gap = serializers.DecimalField(
        max_digits=21, decimal_places=4, read_only=True, allow_null=True, source="judged.assessment.gap",
        help_text="Still missing, in the indicator's unit, ≥ 0; null without data.",
    )  # fmt: skip
    progress = serializers.SerializerMethodField(
        help_text="(latest − reference) / (target − reference), 4 places; null without a reference."
    )
    status = serializers.ChoiceField(choices=TARGET_STATUSES, read_only=True, source="judged.assessment.status")
    deadline_status = serializers.ChoiceField(
        choices=DEADLINE_STATUSES, read_only=True, source="judged.assessment.deadline_status"
    )
    days_remaining = serializers.IntegerField(
        read_only=True,
        source="judged.assessment.days_remaining",
        help_text="Deadline − as_of in days; negative once past.",
    )
    provisional = serializers.BooleanField(
        read_only=True, source="judged.assessment.provisional",
        help_text="The latest figure is an estimate or approximate.",
    )  # fmt: skip
    declining = serializers.BooleanField(
        read_only=True, source="judged.assessment.declining",
        help_text="The value moved the wrong way from the reference.",
    )  # fmt: skip
    cohort = serializers.IntegerField(
        min_value=1, max_value=100, allow_null=True, read_only=True,
        help_text="For a rank target: how many units the rank is among (63 before the 2025 reform, 34 after).",
    )  # fmt: skip
    caveat = BlankAsNullChoiceField(
        choices=Caveat.choices, read_only=True, allow_null=True,
        help_text="awaiting_baseline: the target needs a baseline no source gives yet; likely_typo: kept as written, "
        "though the source very probably mistyped it (caveat_note says why). Null: none.",
    )  # fmt: skip
    explanation = serializers.SerializerMethodField()
    parent = serializers.IntegerField(
        read_only=True, allow_null=True, source="parent_id",
        help_text="Id of the target this one derives from (the cascade: docs/assessment.md); null: none.",
    )  # fmt: skip
    flags = serializers.SerializerMethodField(
        help_text="looser_value: the value is on the worse side of the parent's (by the indicator's direction); "
        "later_deadline: due after the parent; competing: another plan promises something else for the same unit, "
        "indicator, level, responsible unit and deadline year. Empty: none.",
    )  # fmt: skip

    class Meta:
        model = Target
        fields = [
            "id", "plan", "indicator", "level", "comparator", "value", "relative_change", "unit", "deadline",
            "baseline_value", "baseline_date", "milestones", "source_quote", "source_note", "cohort", "relative_form",
            "value_source", "caveat", "caveat_note", "continues", "parent", "responsible_unit", "flags",
            "latest", "gap", "progress", "status", "deadline_status", "days_remaining", "provisional", "declining",
            "explanation",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {"value": {"help_text": "Target value; for a relative target, resolved from the baseline."}}

    def to_representation(self, row):
        return target_dict(row)

    def generic_representation(self, row):
        """DRF's own rendering from the declared fields: what `to_representation` must equal (tested)."""
        return super().to_representation(row)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=FLAG_CHOICES)))
    def get_flags(self, row):
        return flags_of(row)

    @extend_schema_field(LatestMeasurementSerializer(allow_null=True))
    def get_latest(self, row):
        latest = row.judged.assessment.latest
        if latest is None:
            return None
        return LATEST.to_representation({
            "id": latest.ref, "as_of": latest.on, "value": latest.value, "qualifier": latest.qualifier,
            "is_estimate": latest.is_estimate, "province": row.judged.latest_province_key,
        })  # fmt: skip

    @extend_schema_field(serializers.DecimalField(**SHOWN_DECIMAL, allow_null=True))
    def get_progress(self, row):
        progress = row.judged.assessment.progress
        return None if progress is None else PROGRESS.to_representation(progress)

    @extend_schema_field(ExplanationSerializer)
    def get_explanation(self, row):
        explanation = row.judged.assessment.explanation | judging_basis(row, row.judged)
        return EXPLANATION.to_representation(explanation)


class ChildTargetSerializer(serializers.Serializer):
    """A target deriving from the one shown, with its status on the same as_of."""

    id = serializers.IntegerField()
    plan = PlanBriefSerializer()
    level = serializers.ChoiceField(choices=Level.choices)
    responsible_unit = serializers.CharField()
    comparator = serializers.ChoiceField(choices=ComparatorChoice.choices)
    value = serializers.DecimalField(**VALUE)
    deadline = serializers.DateField()
    status = serializers.ChoiceField(choices=TARGET_STATUSES)
    deadline_status = serializers.ChoiceField(choices=DEADLINE_STATUSES)
    flags = serializers.ListField(child=serializers.ChoiceField(choices=FLAG_CHOICES))


class ChildrenSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many targets derive directly from this one.")
    by_status = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="How many of them have each status on as_of (every status, zeros included).",
    )
    targets = ChildTargetSerializer(many=True, help_text="By province, responsible unit, level and deadline.")


class TargetDetailSerializer(TargetSerializer):
    as_of = serializers.SerializerMethodField(help_text="The assessment date (the `as_of` parameter, or today).")
    children = serializers.SerializerMethodField()
    competing_with = serializers.SerializerMethodField(
        help_text="Ids of the targets this one competes with (the `competing` flag); empty: none."
    )

    class Meta(TargetSerializer.Meta):
        fields = ["as_of", *TargetSerializer.Meta.fields, "children", "competing_with"]
        read_only_fields = fields

    def to_representation(self, row):
        return {"as_of": self.context["as_of"].isoformat(), **target_dict(row), **cascade_dict(row)}

    @extend_schema_field(ChildrenSerializer)
    def get_children(self, row):
        return cascade_dict(row)["children"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_competing_with(self, row):
        return row.competing_with

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, row):
        return self.context["as_of"].isoformat()


class TargetWriteSerializer(StrictInputMixin, serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), help_text="Id of the plan.")
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), help_text="Id of the indicator.")
    value = serializers.DecimalField(
        **VALUE, required=False, allow_null=True,
        help_text="Target value. Leave out for a relative target: it is resolved from relative_change and baseline.",
    )  # fmt: skip
    milestones = MilestoneSerializer(
        many=True, required=False, help_text="Interim values; on update they replace the existing ones."
    )
    cohort = serializers.IntegerField(
        min_value=1, max_value=100, allow_null=True, required=False,
        help_text="For a rank target: how many units the rank is among (63 before the 2025 reform, 34 after).",
    )  # fmt: skip
    caveat = serializers.ChoiceField(
        choices=Caveat.choices, allow_null=True, required=False,
        help_text="awaiting_baseline or likely_typo, with caveat_note saying why; null or absent: none.",
    )  # fmt: skip

    def validate_caveat(self, value):
        return value or ""  # stored blank when there is none

    class Meta:
        model = Target
        fields = [
            "plan", "indicator", "level", "comparator", "value", "relative_change", "deadline", "baseline_value",
            "baseline_date", "milestones", "source_quote", "source_note", "cohort", "relative_form", "value_source",
            "caveat", "caveat_note", "continues", "parent", "responsible_unit",
        ]  # fmt: skip
        extra_kwargs = {
            "parent": {"help_text": "Id of the target (same indicator, same comparator) this one derives from: a "
                       "national programme's, a province plan's. Null: none. A cycle is refused."},
            "responsible_unit": {"help_text": "The sở, ngành or địa phương the target is assigned to; blank: the "
                                 "plan's whole unit."},
        }  # fmt: skip
        validators = []  # duplicates are a 409 from the service


# ---------------------------------------------------------------------------------------------------------------
# Progress reports and measurements

MEASUREMENT_INPUT_FIELDS = [
    "indicator", "level", "as_of", "as_of_precision", "value", "qualifier", "is_estimate", "numerator",
    "denominator", "value_text", "note", "methodology",
]  # fmt: skip
MEASUREMENT_INPUT_KWARGS = {
    "methodology": {
        "help_text": "The document whose method produced the figure. A DTI figure without it gets its year's "
        "(922/QĐ-BTTTT for 2022–2024, 405/QĐ-BKHCN from 2025; docs/data.md)."
    },
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


class CohortField(serializers.IntegerField):
    """Among how many units a figure ranks (indicators/rules/dti.py): a rank's or a DTI figure's; else null."""

    def __init__(self, **kwargs):
        super().__init__(
            read_only=True, allow_null=True, source="*",
            help_text="How many units the figure ranks among: a rank's denominator, else 63 before 1 July 2025 and "
            "34 from then, for a rank or a figure of a ranked index (the DTI). Null for other figures.", **kwargs,
        )  # fmt: skip

    def to_representation(self, measurement):
        return figure_cohort(measurement)


class ReportMeasurementSerializer(serializers.ModelSerializer):
    """A measurement inside its report."""

    indicator = IndicatorBriefSerializer(read_only=True)
    cohort = CohortField()

    class Meta:
        model = Measurement
        fields = [
            "id", "indicator", "level", "as_of", "as_of_precision", "value", "qualifier", "is_estimate", "numerator",
            "denominator", "value_text", "note", "methodology", "cohort",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, measurement):
        return report_measurement_dict(measurement)

    def generic_representation(self, measurement):
        """DRF's own rendering from the declared fields: what `to_representation` must equal (tested)."""
        return super().to_representation(measurement)


class ProgressReportSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True, allow_null=True, help_text="Null for a national report.")
    source_url = SourceURLField(read_only=True)
    measurements = ReportMeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id", "province", "title", "document_number", "reported_on", "period_start", "period_end", "source_url",
            "source_note", "period", "state", "submitted_at", "created_at", "deleted_at", "measurements",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            "deleted_at": {"help_text": "Set when the report is deleted; null otherwise."},
            "period": {"help_text": "Id of the reporting period it covers; null: none."},
            "state": {"help_text": "draft → submitted → approved, or returned; only approved figures count."},
            "submitted_at": {"help_text": "When it was last submitted (or created approved)."},
        }


class IndicatorIdField(serializers.PrimaryKeyRelatedField):
    """An indicator by id, all indicators read once per request (a report brings hundreds of figures)."""

    def to_internal_value(self, data):
        if isinstance(data, bool | float):  # int(1.5) would quietly be indicator 1
            self.fail("incorrect_type", data_type=type(data).__name__)
        cache = self.root.__dict__.get("_indicators")
        if cache is None:
            cache = self.root.__dict__["_indicators"] = {i.pk: i for i in self.get_queryset()}
        try:
            return cache[int(data)]
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        except KeyError:
            self.fail("does_not_exist", pk_value=data)


class ReportMeasurementWriteSerializer(StrictInputMixin, serializers.ModelSerializer):
    indicator = IndicatorIdField(queryset=Indicator.objects.all(), help_text="Id of the indicator.")

    class Meta:
        model = Measurement
        fields = MEASUREMENT_INPUT_FIELDS
        extra_kwargs = MEASUREMENT_INPUT_KWARGS


class ProgressReportUpdateSerializer(StrictInputMixin, serializers.ModelSerializer):
    province = serializers.SlugRelatedField(
        slug_field="key", queryset=Province.objects.all(), allow_null=True, required=False,
        help_text="Province key (2025-44); null or absent for a national report.",
    )  # fmt: skip
    source_url = SourceURLField()

    class Meta:
        model = ProgressReport
        fields = [
            "province", "title", "document_number", "reported_on", "period_start", "period_end", "source_url",
            "source_note", "period",
        ]  # fmt: skip
        validators = []  # duplicates are a 409 from the service
        extra_kwargs = {"period": {"help_text": "Id of the reporting period it covers (its data window)."}}


class ProgressReportWriteSerializer(ProgressReportUpdateSerializer):
    """A new report with all its measurements, created together or not at all."""

    measurements = ReportMeasurementWriteSerializer(many=True, required=False)
    state = serializers.ChoiceField(
        choices=["draft", "approved"], default="draft",
        help_text="draft (the default), or approved for a copy of a published document (approvers and staff only).",
    )  # fmt: skip

    class Meta(ProgressReportUpdateSerializer.Meta):
        fields = [*ProgressReportUpdateSerializer.Meta.fields, "state", "measurements"]


class TransitionSerializer(StrictInputMixin, serializers.Serializer):
    reason = StrictCharField(
        required=False, allow_blank=True, default="", max_length=1000, help_text="Why; kept in the report's history."
    )


class ReasonedTransitionSerializer(StrictInputMixin, serializers.Serializer):
    reason = StrictCharField(max_length=1000, help_text="Why (required); kept in the report's history.")


class MeasurementSerializer(serializers.ModelSerializer):
    report = ProgressReportBriefSerializer(read_only=True)
    province = ProvinceBriefSerializer(read_only=True, allow_null=True, help_text="The report's; null: national.")
    indicator = IndicatorBriefSerializer(read_only=True)
    unit = serializers.ChoiceField(choices=Unit.choices, read_only=True, help_text="The indicator's unit.")
    is_active = serializers.BooleanField(read_only=True, help_text="False once its report is deleted.")
    cohort = CohortField()

    class Meta:
        model = Measurement
        fields = [
            "id", "report", "province", "indicator", "level", "as_of", "as_of_precision", "value", "qualifier",
            "is_estimate", "numerator", "denominator", "value_text", "note", "methodology", "cohort", "unit",
            "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class MeasurementWriteSerializer(ReportMeasurementWriteSerializer):
    report = serializers.PrimaryKeyRelatedField(
        queryset=ProgressReport.objects.active(), help_text="Id of the progress report (not deleted)."
    )

    class Meta(ReportMeasurementWriteSerializer.Meta):
        fields = ["report", *MEASUREMENT_INPUT_FIELDS]
