"""Serializers of a target's assessment as the API explains it: the reading, the expected value, the thresholds and
the rule that decided (indicators/rules/assessment.py computes it; nothing is computed here)."""

from rest_framework import serializers

from indicators.api.serializers.briefs import NoClaimSerializer, ReferenceSerializer, UnitBriefSerializer
from indicators.api.serializers.common import SHOWN_DECIMAL
from indicators.models import VALUE, QualifierChoice
from indicators.models import Comparator as ComparatorChoice
from indicators.rule_texts import rule_text


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
        choices=["own", "successor", "predecessor", "combined"],
        allow_null=True,
        help_text="Which unit's figure judges the target (the 2025 reform): own: its own unit; successor: the unit "
        "it became part of (a larger area); predecessor: the single unit it continues (unchanged borders); "
        "combined: a merged unit's predecessors' figures of one date combined (counts added, shares from their "
        "numerators and denominators). Null: a national figure, or none. A merged unit is never judged on one "
        "predecessor's figure.",
    )
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
