"""The periodic report from the API, as an XLSX file (docs/outputs.md):

- `GET /api/v1/plans/{id}/report.xlsx?as_of=YYYY-MM-DD` — a plan's targets on a date (default today);
- `GET /api/v1/reporting-periods/{id}/report.xlsx?province=2025-51` — a unit's targets for a period, on its cut-off.

Both answer the XLSX media type only (an `Accept` without it is a 406); errors are problem+json.
"""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.views import APIView

from dtrack.api.base import ApiViewMixin
from dtrack.api.exports import XLSX_MEDIA_TYPE, XLSXRenderer
from dtrack.api.schema import problem_responses
from indicators.api.params import AS_OF_PARAMETER, as_of_from
from indicators.models import Plan
from indicators.outputs.report import period_report, plan_report
from indicators.outputs.report_xlsx import period_file_name, plan_file_name, workbook_bytes
from provinces.models import Province
from reporting.models import ReportingPeriod

__all__ = ["PeriodReportView", "PlanReportView", "xlsx_response"]

# A binary answer has no example in openapi.yaml: the description says what the file is.
XLSX_WORKBOOK = OpenApiResponse(
    OpenApiTypes.BINARY,
    description="An Excel workbook (.xlsx), sent as an attachment (Content-Disposition names the file); the "
    "X-As-Of header gives the date of the assessment.",
)
XLSX_RESPONSE = {(200, XLSX_MEDIA_TYPE): XLSX_WORKBOOK, **problem_responses(400, 404, 406, 422)}


def xlsx_response(report, name: str):
    response = HttpResponse(workbook_bytes(report), content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    response["X-As-Of"] = report.as_of.isoformat()
    return response


class ReportView(ApiViewMixin, APIView):
    renderer_classes = [XLSXRenderer]


class PlanReportView(ReportView):
    query_parameters = {"as_of": False}

    @extend_schema(
        operation_id="plans_report_xlsx",
        summary="The plan's periodic report (XLSX): its targets, results and assessment on as_of",
        description="Columns: STT, chỉ tiêu, cấp, mục tiêu, thời hạn, kết quả (as written), đạt % kế hoạch, đánh "
        "giá, ghi chú/nguồn; a header names the unit, the plan and the date. Labels in the request language.",
        parameters=[AS_OF_PARAMETER],
        responses=XLSX_RESPONSE,
    )
    def get(self, request, pk: int, **kwargs):
        as_of = as_of_from(request)
        plan = Plan.objects.select_related("province").filter(pk=pk).first()
        if plan is None:
            raise NotFound(_("No plan with id %(id)s.") % {"id": pk})
        name = plan_file_name(plan, as_of)
        return xlsx_response(plan_report(plan, as_of), name)


class PlanStatuses(serializers.Serializer):
    plan_status = serializers.MultipleChoiceField(choices=Plan.Status.choices, required=False)


class PeriodReportView(ReportView):
    query_parameters = {"province": False, "plan_status": True}

    @extend_schema(
        operation_id="reporting_periods_report_xlsx",
        summary="A unit's periodic report for a reporting period (XLSX), assessed on the period's cut-off",
        description="The targets of the unit's plans in force that the period's regime asks for. A period that "
        "does not exist is a 404; a unit that does not report in it, a 400 naming both.",
        parameters=[
            OpenApiParameter("province", OpenApiTypes.STR, required=True, description="Unit key (2025-51)."),
            OpenApiParameter(
                "plan_status",
                OpenApiTypes.STR,
                many=True,
                enum=Plan.Status.values,
                description="Plans of these statuses; repeat for several. Default: plans in force only.",
            ),
        ],
        responses=XLSX_RESPONSE,
    )
    def get(self, request, pk: int, **kwargs):
        key = request.query_params.get("province")
        if key is None:
            raise ValidationError({"province": [_("Name the unit: ?province=<key>, such as 2025-51.")]})
        period = ReportingPeriod.objects.select_related("regime").filter(pk=pk).first()
        if period is None:
            raise NotFound(_("No reporting period with id %(id)s.") % {"id": pk})
        unit = Province.objects.filter(key=key).first()
        if unit is None:
            message = _("No unit with the key “%(key)s”.") % {"key": key}
            raise ValidationError({"province": [ErrorDetail(message, code="does_not_exist")]})
        statuses = PlanStatuses(data=request.query_params)
        statuses.is_valid(raise_exception=True)
        chosen = statuses.validated_data.get("plan_status") or {Plan.Status.IN_FORCE}
        name = period_file_name(unit, period)
        return xlsx_response(period_report(period, unit, sorted(chosen)), name)
