"""Serializers of measurements (figures): inside a report and on their own, output and input (a figure given as
structured fields or as a Vietnamese `value_text`)."""

from rest_framework import serializers

from dtrack.api.inputs import StrictInputMixin
from indicators.api.rendering import figure_cohort, report_measurement_dict
from indicators.api.serializers.briefs import (
    IndicatorBriefSerializer,
    ProgressReportBriefSerializer,
    ProvinceBriefSerializer,
)
from indicators.models import Indicator, Measurement, ProgressReport, Unit

MEASUREMENT_INPUT_FIELDS = [
    "indicator",
    "level",
    "as_of",
    "as_of_precision",
    "value",
    "qualifier",
    "is_estimate",
    "numerator",
    "denominator",
    "value_text",
    "note",
    "methodology",
]


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


class CohortField(serializers.IntegerField):
    """Among how many units a figure ranks (indicators/rules/dti.py): a rank's or a DTI figure's; else null."""

    def __init__(self, **kwargs):
        super().__init__(
            read_only=True,
            allow_null=True,
            source="*",
            help_text="How many units the figure ranks among: a rank's denominator, else 63 before 1 July 2025 and "
            "34 from then, for a rank or a figure of a ranked index (the DTI). Null for other figures.",
            **kwargs,
        )

    def to_representation(self, measurement):
        return figure_cohort(measurement)


class ReportMeasurementSerializer(serializers.ModelSerializer):
    """A measurement inside its report."""

    indicator = IndicatorBriefSerializer(read_only=True)
    cohort = CohortField()

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "level",
            "as_of",
            "as_of_precision",
            "value",
            "qualifier",
            "is_estimate",
            "numerator",
            "denominator",
            "value_text",
            "note",
            "methodology",
            "cohort",
        ]
        read_only_fields = fields

    def to_representation(self, measurement):
        return report_measurement_dict(measurement)

    def generic_representation(self, measurement):
        """DRF's own rendering from the declared fields: what `to_representation` must equal (tested)."""
        return super().to_representation(measurement)


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
            "id",
            "report",
            "province",
            "indicator",
            "level",
            "as_of",
            "as_of_precision",
            "value",
            "qualifier",
            "is_estimate",
            "numerator",
            "denominator",
            "value_text",
            "note",
            "methodology",
            "cohort",
            "unit",
            "is_active",
        ]
        read_only_fields = fields


class MeasurementWriteSerializer(ReportMeasurementWriteSerializer):
    report = serializers.PrimaryKeyRelatedField(
        queryset=ProgressReport.objects.active(), help_text="Id of the progress report (not deleted)."
    )

    class Meta(ReportMeasurementWriteSerializer.Meta):
        fields = ["report", *MEASUREMENT_INPUT_FIELDS]
