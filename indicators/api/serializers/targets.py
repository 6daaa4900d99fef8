"""Serializers of targets: the list's row with its assessment, the detail with its explanation and cascade, and
the input (milestones nested)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dtrack.api.inputs import StrictDecimalField, StrictInputMixin
from indicators.api.rendering import cascade_dict, flags_of, target_dict
from indicators.api.serializers.assessment import ExplanationSerializer
from indicators.api.serializers.briefs import IndicatorBriefSerializer, LatestMeasurementSerializer, PlanBriefSerializer
from indicators.api.serializers.common import DEADLINE_STATUSES, FLAG_CHOICES, SHOWN_DECIMAL, TARGET_STATUSES
from indicators.judging import judging_basis
from indicators.models import VALUE, Caveat, Indicator, Level, Milestone, Plan, Target, Unit
from indicators.models import Comparator as ComparatorChoice
from provinces.api.serializers import BlankAsNullChoiceField


class MilestoneSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["on", "value"]


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
        max_digits=21,
        decimal_places=4,
        read_only=True,
        allow_null=True,
        source="judged.assessment.gap",
        help_text="Still missing, in the indicator's unit, ≥ 0; null without data.",
    )
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
        read_only=True,
        source="judged.assessment.provisional",
        help_text="The latest figure is an estimate or approximate.",
    )
    declining = serializers.BooleanField(
        read_only=True,
        source="judged.assessment.declining",
        help_text="The value moved the wrong way from the reference.",
    )
    cohort = serializers.IntegerField(
        min_value=1,
        max_value=100,
        allow_null=True,
        read_only=True,
        help_text="For a rank target: how many units the rank is among (63 before the 2025 reform, 34 after).",
    )
    caveat = BlankAsNullChoiceField(
        choices=Caveat.choices,
        read_only=True,
        allow_null=True,
        help_text="awaiting_baseline: the target needs a baseline no source gives yet; likely_typo: kept as written, "
        "though the source very probably mistyped it (caveat_note says why). Null: none.",
    )
    explanation = serializers.SerializerMethodField()
    parent = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        source="parent_id",
        help_text="Id of the target this one derives from (the cascade: docs/assessment.md); null: none.",
    )
    flags = serializers.SerializerMethodField(
        help_text="looser_value: the value is on the worse side of the parent's (by the indicator's direction); "
        "later_deadline: due after the parent; competing: another plan promises something else for the same unit, "
        "indicator, level, responsible unit and deadline year. Empty: none.",
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "indicator",
            "level",
            "comparator",
            "value",
            "relative_change",
            "unit",
            "deadline",
            "baseline_value",
            "baseline_date",
            "milestones",
            "source_quote",
            "source_note",
            "cohort",
            "relative_form",
            "value_source",
            "caveat",
            "caveat_note",
            "continues",
            "parent",
            "responsible_unit",
            "flags",
            "latest",
            "gap",
            "progress",
            "status",
            "deadline_status",
            "days_remaining",
            "provisional",
            "declining",
            "explanation",
        ]
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
        return LATEST.to_representation(
            {
                "id": latest.ref,
                "as_of": latest.on,
                "value": latest.value,
                "qualifier": latest.qualifier,
                "is_estimate": latest.is_estimate,
                "province": row.judged.latest_province_key,
            }
        )

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
    value = StrictDecimalField(
        **VALUE,
        required=False,
        allow_null=True,
        help_text="Target value. Leave out for a relative target: it is resolved from relative_change and baseline.",
    )
    milestones = MilestoneSerializer(
        many=True, required=False, help_text="Interim values; on update they replace the existing ones."
    )
    cohort = serializers.IntegerField(
        min_value=1,
        max_value=100,
        allow_null=True,
        required=False,
        help_text="For a rank target: how many units the rank is among (63 before the 2025 reform, 34 after).",
    )
    caveat = serializers.ChoiceField(
        choices=Caveat.choices,
        allow_null=True,
        required=False,
        help_text="awaiting_baseline or likely_typo, with caveat_note saying why; null or absent: none.",
    )

    def validate_caveat(self, value):
        return value or ""  # stored blank when there is none

    class Meta:
        model = Target
        fields = [
            "plan",
            "indicator",
            "level",
            "comparator",
            "value",
            "relative_change",
            "deadline",
            "baseline_value",
            "baseline_date",
            "milestones",
            "source_quote",
            "source_note",
            "cohort",
            "relative_form",
            "value_source",
            "caveat",
            "caveat_note",
            "continues",
            "parent",
            "responsible_unit",
        ]
        extra_kwargs = {
            "parent": {
                "help_text": "Id of the target (same indicator, same comparator) this one derives from: a "
                "national programme's, a province plan's. Null: none. A cycle is refused."
            },
            "responsible_unit": {
                "help_text": "The sở, ngành or địa phương the target is assigned to; blank: the " "plan's whole unit."
            },
        }
        validators = []  # duplicates are a 409 from the service
