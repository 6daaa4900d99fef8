"""The plans endpoint: the documents that set targets (docs/api.md)."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from accounts import policy
from dtrack.api.schema import problem_responses
from dtrack.api.viewsets import ServiceModelViewSet, province_id_after, write_schema
from indicators import services
from indicators.api import serializers as s
from indicators.filtersets import PlanFilterSet
from indicators.models import Plan


@extend_schema_view(
    list=extend_schema(summary="Plans (the documents that set targets)"),
    destroy=extend_schema(summary="Delete a plan without targets", responses={204: None, **problem_responses(409)}),
    **write_schema(s.PlanWriteSerializer, s.PlanSerializer, 409),
)
class PlanViewSet(ServiceModelViewSet):
    """Quyết định, Nghị quyết, Kế hoạch… that set targets; national when province is null."""

    export_name = "plans"

    queryset = Plan.objects.all()
    serializer_class = s.PlanSerializer
    write_serializer_class = s.PlanWriteSerializer
    filterset_class = PlanFilterSet
    ordering_fields = {"issued_on": "issued_on", "number": "number", "id": "id"}
    ordering = ["-issued_on"]
    required_role = policy.Role.PLANNER

    def get_queryset(self):
        return Plan.objects.select_related("province", "superseded_by__province")

    def province_after(self, data, instance):
        return province_id_after(data, instance, "province")

    def perform_create(self, serializer):
        return services.plan_create(**serializer.validated_data)

    def perform_update(self, serializer):
        return services.plan_update(plan=serializer.instance, data=serializer.validated_data)

    def perform_destroy(self, instance):
        services.plan_delete(plan=instance)
