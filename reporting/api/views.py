"""The reporting cycle's API: regimes, periods, obligations with their compliance, rates, reminders, evidence."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from dtrack.api.base import ApiViewMixin
from dtrack.api.exports import CHUNK, ExportMixin
from dtrack.api.pagination import LimitOffsetPagination
from dtrack.api.query import INT64, integer_parameter
from dtrack.api.schema import problem_responses
from indicators.api.params import AS_OF_PARAMETER, as_of_from
from indicators.models import ProgressReport
from indicators.rules.cycle import Compliance
from provinces.models import Province
from reporting import compliance, evidence, workflow
from reporting.api import serializers as s
from reporting.models import Evidence, Obligation, Reminder, ReportingPeriod, ReportingRegime

ORDERINGS = {
    "due_on": lambda j: (j.obligation.period.due_on, j.obligation.province.key),
    "province": lambda j: (j.obligation.province.key, j.obligation.period.due_on),
    "status": lambda j: (j.status.value, j.obligation.period.due_on),
}


class ReadOrMember(BasePermission):
    """Reads per DTRACK_PUBLIC_READ; the POST actions check their own rules in the services."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return policy.can_read(request.user)
        return bool(request.user and request.user.is_authenticated)


class RegimeViewSet(ExportMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Reporting regimes (chế độ báo cáo): frequency, cut-off, deadline, indicators, units."""

    export_name = "reporting-regimes"
    export_prefetched = ("indicators", "units")

    filter_backends: list = []  # no ordering or filterset: the schema declares none

    queryset = ReportingRegime.objects.prefetch_related("indicators", "units").order_by("id")
    serializer_class = s.RegimeSerializer
    permission_classes = [ReadOrMember]


class PeriodFilters(serializers.Serializer):
    regime = serializers.IntegerField(required=False, min_value=INT64[0], max_value=INT64[1])
    year = serializers.IntegerField(required=False, min_value=INT64[0], max_value=INT64[1])


@extend_schema_view(
    list=extend_schema(
        summary="Reporting periods (newest first), optionally of one regime or year",
        parameters=[OpenApiParameter("regime", OpenApiTypes.INT), OpenApiParameter("year", OpenApiTypes.INT)],
    ),
    retrieve=extend_schema(summary="Read one reporting period"),
)
class PeriodViewSet(ExportMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Periods of the regimes: label, data window, due date."""

    export_name = "reporting-periods"

    filter_backends: list = []  # no ordering or filterset: the schema declares none

    serializer_class = s.PeriodSerializer
    permission_classes = [ReadOrMember]

    def query_parameters(self):
        return {"regime": False, "year": False} if self.action == "list" else {}

    def get_queryset(self):
        params = PeriodFilters(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = {name: value for name, value in params.validated_data.items()}
        return ReportingPeriod.objects.filter(**filters).order_by("-window_end", "regime_id", "id")


class ObligationFilters(serializers.Serializer):
    province = serializers.CharField(required=False, help_text="Province key.")
    regime = serializers.IntegerField(required=False, min_value=INT64[0], max_value=INT64[1])
    period = serializers.IntegerField(required=False, min_value=INT64[0], max_value=INT64[1])
    status = serializers.MultipleChoiceField(choices=[c.value for c in Compliance], required=False)
    ordering = serializers.ChoiceField(choices=[*ORDERINGS, *(f"-{o}" for o in ORDERINGS)], default="due_on")


OBLIGATION_PARAMETERS = [
    AS_OF_PARAMETER,
    OpenApiParameter("province", OpenApiTypes.STR, description="Province key (2025-44)."),
    OpenApiParameter("regime", OpenApiTypes.INT),
    OpenApiParameter("period", OpenApiTypes.INT),
    OpenApiParameter("status", OpenApiTypes.STR, many=True, enum=[c.value for c in Compliance]),
    OpenApiParameter("ordering", OpenApiTypes.STR, enum=[*ORDERINGS, *(f"-{o}" for o in ORDERINGS)]),
]


# {name: multi-valued?} of OBLIGATION_PARAMETERS[:5], for the strict query-string check (dtrack/api/query.py).
OBLIGATION_FILTERS = {"as_of": False, "province": False, "regime": False, "period": False, "status": True}


def judged_obligations(request) -> list:
    """The obligations the query asks for, judged on as_of, filtered and ordered (two queries)."""
    as_of = as_of_from(request)
    params = ObligationFilters(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    rows = Obligation.objects.all()
    if "province" in data:
        rows = rows.filter(province__key=data["province"])
    if "regime" in data:
        rows = rows.filter(period__regime_id=data["regime"])
    if "period" in data:
        rows = rows.filter(period_id=data["period"])
    judged = compliance.judge(rows, as_of)
    if data.get("status"):
        judged = [j for j in judged if j.status.value in data["status"]]
    ordering = data["ordering"]
    judged.sort(key=ORDERINGS[ordering.removeprefix("-")], reverse=ordering.startswith("-"))
    return judged


class ObligationViewSet(ExportMixin, ApiViewMixin, viewsets.GenericViewSet):
    """Obligations (a unit owes a report for a period) with their compliance on `as_of`."""

    export_name = "obligations"
    export_labels = {
        "id": "ID",
        "province": _("đơn vị"),
        "period": _("kỳ báo cáo"),
        "status": _("tình trạng"),
        "timeliness": _("đúng hạn"),
        "report": _("báo cáo"),
        "closed_at": _("khóa kỳ lúc"),
    }
    export_models = {"province": Province, "period": ReportingPeriod, "report": ProgressReport}

    def query_parameters(self):
        if self.action == "list":
            return {**OBLIGATION_FILTERS, "ordering": False}
        return {"as_of": False}

    queryset = Obligation.objects.all()
    permission_classes = [ReadOrMember]
    serializer_class = s.ObligationSerializer
    pagination_class = LimitOffsetPagination

    @extend_schema(summary="Obligations and their compliance on as_of", parameters=OBLIGATION_PARAMETERS)
    def list(self, request, *args, **kwargs):
        if self.exporting:
            return self.export(judged_obligations(request))
        page = self.paginate_queryset(judged_obligations(request))
        return self.get_paginated_response(s.ObligationSerializer(page, many=True).data)

    def _act(self, request, function, body=s.ReasonSerializer):
        reason = body(data=request.data)
        reason.is_valid(raise_exception=True)
        obligation = get_object_or_404(Obligation, pk=self.kwargs["pk"])
        done = function(obligation=obligation, user=request.user, reason=reason.validated_data["reason"])
        return Response(
            s.ObligationSerializer(compliance.judge(Obligation.objects.filter(pk=done.pk), as_of_from(request))[0]).data
        )

    @extend_schema(
        summary="Close the period for this unit (approvers, staff): its reports are locked",
        request=s.ReasonSerializer,
        responses={200: s.ObligationSerializer, **problem_responses(409)},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._act(request, workflow.close)

    @extend_schema(
        summary="Unlock a closed period for this unit (staff only, with a reason; recorded)",
        request=s.RequiredReasonSerializer,
        responses={200: s.ObligationSerializer, **problem_responses(409)},
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request, *args, **kwargs):
        return self._act(request, workflow.unlock, s.RequiredReasonSerializer)


class RatesParams(serializers.Serializer):
    by = serializers.ChoiceField(choices=list(compliance.GROUPS), default="unit")


class RatesView(ApiViewMixin, APIView):
    permission_classes = [ReadOrMember]
    query_parameters = {**OBLIGATION_FILTERS, "by": False}

    @extend_schema(
        summary="Reporting rates on as_of: on time, late, missing, per unit, regime or period",
        parameters=[*OBLIGATION_PARAMETERS[:4], OpenApiParameter("by", OpenApiTypes.STR, enum=list(compliance.GROUPS))],
        responses=s.RatesReportSerializer,
    )
    def get(self, request, **kwargs):
        params = RatesParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        by = params.validated_data["by"]
        groups = compliance.rates_by(judged_obligations(request), by)
        results = [{"key": key, "name": name, **rates.__dict__} for key, name, rates in groups]
        return Response(s.RatesReportSerializer({"as_of": as_of_from(request), "by": by, "results": results}).data)


class ReminderViewSet(ExportMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Reminders sent by `manage.py send_reminders`."""

    export_name = "reminders"

    filter_backends: list = []  # no ordering or filterset: the schema declares none

    queryset = Reminder.objects.order_by("-sent_at", "-id")
    serializer_class = s.ReminderSerializer
    permission_classes = [ReadOrMember]


class EvidenceViewSet(ExportMixin, ApiViewMixin, viewsets.GenericViewSet):
    """Evidence (minh chứng) of reports and figures: files and narratives."""

    export_name = "evidence"
    export_labels = {"id": "ID", "file": _("tệp")}

    filter_backends: list = []  # no ordering or filterset: the schema declares none

    def query_parameters(self):
        return {"report": False} if self.action == "list" else {}

    queryset = Evidence.objects.order_by("id")
    serializer_class = s.EvidenceSerializer
    permission_classes = [ReadOrMember]
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = LimitOffsetPagination

    @extend_schema(
        summary="Evidence, optionally of one report", parameters=[OpenApiParameter("report", OpenApiTypes.INT)]
    )
    def list(self, request, *args, **kwargs):
        rows = self.get_queryset()
        report = request.query_params.get("report")
        if report is not None:
            rows = rows.filter(report_id=integer_parameter("report", report))
        if self.exporting:
            return self.export(rows.iterator(chunk_size=CHUNK))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.EvidenceSerializer(page, many=True).data)

    @extend_schema(
        summary="Upload evidence (multipart): a file (PDF, image, office document) and/or a narrative",
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer, **problem_responses(409)},
    )
    def create(self, request, *args, **kwargs):
        data = s.EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = evidence.attach(user=request.user, **data.validated_data)
        return Response(s.EvidenceSerializer(created).data, status=status.HTTP_201_CREATED)
