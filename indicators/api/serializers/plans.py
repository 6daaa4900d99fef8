"""Serializers of plans: output, and input (the province by key)."""

from rest_framework import serializers

from dtrack.api.inputs import StrictInputMixin, StrictSlugRelatedField
from indicators.api.serializers.briefs import PlanBriefSerializer, ProvinceBriefSerializer
from indicators.api.serializers.common import SourceURLField
from indicators.models import Plan
from provinces.models import Province


class PlanSerializer(serializers.ModelSerializer):
    province = ProvinceBriefSerializer(read_only=True, allow_null=True, help_text="Null for a national programme.")
    superseded_by = PlanBriefSerializer(read_only=True, allow_null=True)
    source_url = SourceURLField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "document_type",
            "number",
            "title",
            "issuer",
            "issued_on",
            "period_start",
            "period_end",
            "status",
            "superseded_by",
            "province",
            "source_url",
            "source_note",
            "targets_note",
        ]
        extra_kwargs = {
            "status": {
                "help_text": "draft (dự thảo), in_force, superseded. Lists, scorecards and "
                "rankings count plans in force unless asked (plan_status)."
            }
        }


class PlanWriteSerializer(StrictInputMixin, serializers.ModelSerializer):
    province = StrictSlugRelatedField(
        slug_field="key",
        queryset=Province.objects.all(),
        allow_null=True,
        required=False,
        help_text="Province key (2025-44); null or absent for a national programme.",
    )
    superseded_by = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.all(), allow_null=True, required=False, help_text="Id of the plan that replaces it."
    )
    source_url = SourceURLField()

    class Meta:
        model = Plan
        fields = [
            "document_type",
            "number",
            "title",
            "issuer",
            "issued_on",
            "period_start",
            "period_end",
            "status",
            "superseded_by",
            "province",
            "source_url",
            "source_note",
            "targets_note",
        ]
        validators = []  # duplicates are a 409 from the service, not a 400 from here
