"""Serializer of indicators (the same for input and output)."""

from rest_framework import serializers

from dtrack.api.inputs import StrictInputMixin
from indicators.models import Indicator


class IndicatorSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "unit",
            "direction",
            "pillar",
            "definition",
            "source",
            "index_family",
        ]
        extra_kwargs = {
            "direction": {"help_text": "Default: lower for a rank, higher otherwise."},
            "index_family": {
                "help_text": "dti: a figure of the provincial DTI carries its methodology and cohort "
                "(docs/data.md); blank: none."
            },
        }
