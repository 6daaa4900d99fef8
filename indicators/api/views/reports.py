"""The progress reports endpoint: reports with their figures, soft delete and restore, and the workflow's steps
(submit, approve, return, reopen: reporting/workflow.py) as actions."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404

from accounts import policy
from dtrack.api.conditional import check_if_match
from dtrack.api.schema import problem_responses
from dtrack.api.viewsets import WRITE_ACTIONS, ServiceModelViewSet, province_id_after
from indicators import locking, services
from indicators.api import serializers as s
from indicators.filtersets import ProgressReportFilterSet
from indicators.models import Measurement, ProgressReport
from reporting import workflow

INCLUDE_DELETED = OpenApiParameter(
    "include_deleted", OpenApiTypes.BOOL, description="true: also find it when its report is deleted (else 404)."
)


TRANSITION_SCHEMA = {
    "description": "Recorded in the report's history with who, when and the reason. A step not allowed from the "
    "report's state is a 409 naming that state; a user without the role a 403. If-Match is optional.",
    "request": s.TransitionSerializer,
    "responses": {200: s.ProgressReportSerializer, **problem_responses(409, 412)},
}


# Returning and reopening undo someone's work: the reason is required.
REASONED_TRANSITION_SCHEMA = {**TRANSITION_SCHEMA, "request": s.ReasonedTransitionSerializer}


REASONED = {"return", "reopen"}


@extend_schema_view(
    list=extend_schema(summary="Progress reports (deleted ones only with include_deleted=true)"),
    retrieve=extend_schema(parameters=[INCLUDE_DELETED]),
    create=extend_schema(
        summary="Create a report with all its measurements, atomically",
        description="Each measurement gives its figure as structured fields or as `value_text` in Vietnamese "
        "(“ước đạt 71,4%”). If any item is invalid nothing is created, and every error points at its item "
        "(`#/measurements/3/value_text`). A report with the same province, document number and date as an "
        "active one is a 409 naming it.",
        request=s.ProgressReportWriteSerializer,
        responses={201: s.ProgressReportSerializer, **problem_responses(409)},
    ),
    update=extend_schema(
        request=s.ProgressReportUpdateSerializer,
        responses={200: s.ProgressReportSerializer, **problem_responses(409)},
    ),
    partial_update=extend_schema(
        request=s.ProgressReportUpdateSerializer,
        responses={200: s.ProgressReportSerializer, **problem_responses(409)},
    ),
    destroy=extend_schema(
        summary="Delete a report (soft: it and its figures are hidden, and can be restored)",
    ),
)
class ProgressReportViewSet(ServiceModelViewSet):
    """Documents bringing figures for one province (or the nation); measurements are created with them."""

    export_name = "progress-reports"

    queryset = ProgressReport.objects.all()
    serializer_class = s.ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    ordering_fields = {"reported_on": "reported_on", "id": "id"}
    ordering = ["-reported_on", "-id"]
    required_role = policy.Role.REPORTER
    optional_if_match_actions = ("restore",)

    def query_parameters(self):
        return {"include_deleted": False} if self.action == "retrieve" else {}

    def get_queryset(self):
        measurements = Measurement.objects.select_related("indicator").order_by("id")
        return ProgressReport.objects.select_related("province").prefetch_related(
            Prefetch("measurements", queryset=measurements)
        )

    def get_serializer_class(self):
        if self.action == "create":
            return s.ProgressReportWriteSerializer
        if self.action in WRITE_ACTIONS:
            return s.ProgressReportUpdateSerializer
        return self.serializer_class

    def province_after(self, data, instance):
        return province_id_after(data, instance, "province")

    def perform_create(self, serializer):
        data = serializer.validated_data
        province = data["province"].pk if data.get("province") else None
        if data.get("state") == "approved" and not policy.can_approve(self.request.user, province):
            self.permission_denied(self.request, message=_("Only approvers and staff may enter an approved report."))
        return services.progress_report_create(**data, entered_by=self.entered_by)

    def perform_update(self, serializer):
        return services.progress_report_update(report=serializer.instance, data=serializer.validated_data)

    def transition(self, request, action: str):
        body = s.ReasonedTransitionSerializer if action in REASONED else s.TransitionSerializer
        serializer = body(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = get_object_or_404(ProgressReport.objects.all(), pk=self.kwargs["pk"])
        reason = serializer.validated_data["reason"]

        def write():
            # The report's row first (indicators/locking.py); If-Match, when sent, is checked on it.
            locking.lock_reports([report.pk])
            check_if_match(request, self.etag(ProgressReport.objects.get(pk=report.pk)), required=False)
            return workflow.step(action, report=report, user=request.user, reason=reason)

        return self.respond(locking.retrying(write))

    @extend_schema(**TRANSITION_SCHEMA, summary="Submit a draft or returned report for approval (reporters)")
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        return self.transition(request, "submit")

    @extend_schema(**TRANSITION_SCHEMA, summary="Approve a submitted report: its figures count (approvers)")
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        return self.transition(request, "approve")

    @extend_schema(
        **REASONED_TRANSITION_SCHEMA, summary="Return a submitted report for correction, with a reason (approvers)"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, *args, **kwargs):
        return self.transition(request, "return")

    @extend_schema(
        **REASONED_TRANSITION_SCHEMA, summary="Reopen an approved report as a draft, with a reason (approvers)"
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        return self.transition(request, "reopen")

    def perform_destroy(self, instance):
        if instance.state == "approved" and not policy.can_approve(self.request.user, instance.province_id):
            self.permission_denied(self.request, message=_("Deleting an approved report needs an approver."))
        services.progress_report_delete(report=instance)

    @extend_schema(
        summary="Restore a deleted report and its figures",
        description="If-Match is optional here (restoring twice changes nothing); when sent, it is checked.",
        request=None,
        responses={200: s.ProgressReportSerializer, **problem_responses(409, 412)},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        # Deleted reports included (the list queryset's filters would hide them), with the same object check.
        report = get_object_or_404(ProgressReport.objects.all(), pk=kwargs["pk"])
        self.check_object_permissions(request, report)
        restored = locking.retrying(
            lambda: services.progress_report_restore(report=self.locked_for_write(report, if_match_required=False))
        )
        return self.respond(restored)
