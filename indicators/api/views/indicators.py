"""The indicators endpoint: what is measured (docs/api.md)."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from accounts import policy
from dtrack.api.schema import problem_responses
from dtrack.api.viewsets import ServiceModelViewSet, write_schema
from indicators import services
from indicators.api import serializers as s
from indicators.filtersets import IndicatorFilterSet
from indicators.models import Indicator


@extend_schema_view(
    list=extend_schema(summary="Indicators"),
    destroy=extend_schema(
        summary="Delete an indicator without targets or measurements", responses={204: None, **problem_responses(409)}
    ),
    **write_schema(s.IndicatorSerializer, s.IndicatorSerializer, 409),
)
class IndicatorViewSet(ServiceModelViewSet):
    """What is measured: name, unit, which direction is better, pillar."""

    export_name = "indicators"

    queryset = Indicator.objects.all()
    serializer_class = s.IndicatorSerializer
    filterset_class = IndicatorFilterSet
    ordering_fields = {"code": "code", "name": "name", "id": "id"}
    ordering = ["code"]
    required_role = policy.STAFF

    def perform_create(self, serializer):
        return services.indicator_create(**serializer.validated_data)

    def perform_update(self, serializer):
        return services.indicator_update(indicator=serializer.instance, data=serializer.validated_data)

    def perform_destroy(self, instance):
        services.indicator_delete(indicator=instance)
