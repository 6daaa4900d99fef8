"""The measurements endpoint: figures one at a time (docs/api.md)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from accounts import policy
from dtrack.api.schema import problem_responses
from dtrack.api.viewsets import ServiceModelViewSet, write_schema
from indicators import locking, services
from indicators.api import serializers as s
from indicators.api.views.reports import INCLUDE_DELETED
from indicators.filtersets import MeasurementFilterSet
from indicators.labels import QUALIFIER_LABELS
from indicators.models import Measurement


@extend_schema_view(
    list=extend_schema(summary="Measurements (figures of deleted reports only with include_deleted=true)"),
    retrieve=extend_schema(parameters=[INCLUDE_DELETED]),
    # 409: the figure's report is submitted or approved (locked, docs/reporting.md) or deleted.
    destroy=extend_schema(summary="Delete a figure of a draft report", responses={204: None, **problem_responses(409)}),
    **write_schema(s.MeasurementWriteSerializer, s.MeasurementSerializer, 409),
)
class MeasurementViewSet(ServiceModelViewSet):
    """Figures: an indicator's value at a level, as of a date, with its qualifier as reported."""

    export_name = "measurements"
    # Fields no model field names (or names without a label): their headers, translated.
    export_labels = {
        "province": _("tỉnh, thành phố"), "cohort": _("số đơn vị được xếp hạng"), "unit": _("đơn vị tính"),
        "is_active": _("còn hiệu lực"),
    }  # fmt: skip
    export_choices = {"qualifier": dict(QUALIFIER_LABELS)}

    queryset = Measurement.objects.all()
    serializer_class = s.MeasurementSerializer
    write_serializer_class = s.MeasurementWriteSerializer
    filterset_class = MeasurementFilterSet
    ordering_fields = {"as_of": "as_of", "id": "id"}
    ordering = ["-as_of", "-id"]
    required_role = policy.Role.REPORTER

    def query_parameters(self):
        return {"include_deleted": False} if self.action == "retrieve" else {}

    def get_queryset(self):
        return Measurement.objects.select_related("report", "indicator", "province")

    def province_after(self, data, instance):
        report = data.get("report") or instance.report
        return report.province_id

    def locked_for_write(self, instance, *, if_match_required: bool = True):
        # The lock order of indicators/locking.py: the figure's report (and the one the body moves it to) before
        # the figure's own row.
        data = self.request.data if self.request.method in ("PUT", "PATCH") else None
        moved_to = data.get("report") if isinstance(data, dict) else None
        reports = [instance.report_id]
        if isinstance(moved_to, int) and not isinstance(moved_to, bool) and 0 < moved_to < 2**63:
            reports.append(moved_to)
        locking.lock_reports(reports)
        return super().locked_for_write(instance, if_match_required=if_match_required)

    def perform_create(self, serializer):
        return services.measurement_create(**serializer.validated_data)

    def perform_update(self, serializer):
        return services.measurement_update(measurement=serializer.instance, data=serializer.validated_data)

    def perform_destroy(self, instance):
        services.measurement_delete(measurement=instance)
