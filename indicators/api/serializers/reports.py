"""Serializers of progress reports: output with their figures, input (created with its figures, updated without),
and the workflow's transitions."""

from rest_framework import serializers

from dtrack.api.inputs import StrictCharField, StrictInputMixin, StrictSlugRelatedField
from indicators.api.serializers.briefs import ProvinceBriefSerializer
from indicators.api.serializers.common import SourceURLField
from indicators.api.serializers.measurements import ReportMeasurementSerializer, ReportMeasurementWriteSerializer
from indicators.models import ProgressReport
from provinces.models import Province


class ProgressReportSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True, allow_null=True, help_text="Null for a national report.")
    source_url = SourceURLField(read_only=True)
    measurements = ReportMeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "province",
            "title",
            "document_number",
            "reported_on",
            "period_start",
            "period_end",
            "source_url",
            "source_note",
            "period",
            "state",
            "submitted_at",
            "created_at",
            "deleted_at",
            "measurements",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "deleted_at": {"help_text": "Set when the report is deleted; null otherwise."},
            "period": {"help_text": "Id of the reporting period it covers; null: none."},
            "state": {"help_text": "draft → submitted → approved, or returned; only approved figures count."},
            "submitted_at": {"help_text": "When it was last submitted (or created approved)."},
        }


class ProgressReportUpdateSerializer(StrictInputMixin, serializers.ModelSerializer):
    province = StrictSlugRelatedField(
        slug_field="key",
        queryset=Province.objects.all(),
        allow_null=True,
        required=False,
        help_text="Province key (2025-44); null or absent for a national report.",
    )
    source_url = SourceURLField()

    class Meta:
        model = ProgressReport
        fields = [
            "province",
            "title",
            "document_number",
            "reported_on",
            "period_start",
            "period_end",
            "source_url",
            "source_note",
            "period",
        ]
        validators = []  # duplicates are a 409 from the service
        extra_kwargs = {"period": {"help_text": "Id of the reporting period it covers (its data window)."}}


class ProgressReportWriteSerializer(ProgressReportUpdateSerializer):
    """A new report with all its measurements, created together or not at all."""

    measurements = ReportMeasurementWriteSerializer(many=True, required=False)
    state = serializers.ChoiceField(
        choices=["draft", "approved"],
        default="draft",
        help_text="draft (the default), or approved for a copy of a published document (approvers and staff only).",
    )

    class Meta(ProgressReportUpdateSerializer.Meta):
        fields = [*ProgressReportUpdateSerializer.Meta.fields, "state", "measurements"]


class TransitionSerializer(StrictInputMixin, serializers.Serializer):
    reason = StrictCharField(
        required=False, allow_blank=True, default="", max_length=1000, help_text="Why; kept in the report's history."
    )


class ReasonedTransitionSerializer(StrictInputMixin, serializers.Serializer):
    reason = StrictCharField(max_length=1000, help_text="Why (required); kept in the report's history.")
