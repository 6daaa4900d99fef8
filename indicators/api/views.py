"""Viewsets of the indicators API: indicators, plans, targets, progress reports, measurements.

Thin by design: each declares its queryset, serializers, filterset and ordering. Writes go through
`indicators/services.py`, and the answer is the object re-read through the list queryset, so a write returns
exactly what a later GET would (for a target: its assessment).

Over 400 lines because `ServiceModelViewSet` (the generic write plumbing: ETag/If-Match, idempotency, the policy
check) lives here with the five viewsets; it belongs in `dtrack/api/`, and the target list's choice of assessment
path in `indicators/selectors/`, when this module is next split.
"""

from functools import cached_property

from django.db import router
from django.db.models import F, Prefetch, Value
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from accounts import idempotency, policy
from accounts.permissions import ProvinceRolePermission, out_of_scope_message
from dtrack.api.base import ApiViewMixin
from dtrack.api.conditional import check_if_match, etag_of
from dtrack.api.exports import ExportMixin
from dtrack.api.history import HistoryEntrySerializer, HistoryPagination, history_page
from dtrack.api.pagination import KeysetPagination
from dtrack.api.schema import problem_responses
from indicators import cards, cascade, locking, services, snapshots
from indicators.api import serializers as s
from indicators.api.params import AS_OF_PARAMETER, FIGURES_PARAMETER, as_of_from, figures_from
from indicators.conf import thresholds
from indicators.filtersets import (
    IndicatorFilterSet,
    MeasurementFilterSet,
    OrderingFilter,
    PlanFilterSet,
    ProgressReportFilterSet,
    TargetFilterSet,
)
from indicators.judging import attach_milestones, judge_one, judge_targets, judging_annotations
from indicators.lineage import Figures, judging_measurements
from indicators.models import KNOWN_FIELDS, Indicator, Measurement, Plan, ProgressReport, Target
from indicators.outputs import target_export
from indicators.querysets import DayNumber, day_number
from indicators.selectors import targets as target_lists
from indicators.state import basis, stored_holds
from reporting import workflow

__all__ = ["IndicatorViewSet", "MeasurementViewSet", "PlanViewSet", "ProgressReportViewSet", "TargetViewSet"]

AS_OF_HEADER = "X-As-Of"
# Target orderings that need the assessment (the others are columns of the targets table).
ASSESSED_ORDERINGS = {"gap", "status", "progress"}
WRITE_ACTIONS = ("create", "update", "partial_update")
# Target actions assessing on `?as_of=` (a deletion answers nothing to assess).
ASSESSED_ACTIONS = ("list", "retrieve", *WRITE_ACTIONS)


class ServiceModelViewSet(ExportMixin, ApiViewMixin, viewsets.ModelViewSet):
    """A ModelViewSet whose writes call a service and answer with the output serializer.

    Subclasses set `serializer_class` (output), `write_serializer_class` (input) and implement `perform_create` /
    `perform_update` / `perform_destroy` by calling services; those return the saved instance.

    Around them, the rules of docs/security.md:
    - who: `required_role` (accounts.policy) for the object's province (ProvinceRolePermission) and for the province
      the body moves it to (`province_after`, checked once the body is valid);
    - concurrency: every detail answer has an `ETag` (dtrack/api/conditional.py); PUT, PATCH and DELETE need
      `If-Match`, checked on the row locked in the write's transaction;
    - retries: POST honours `Idempotency-Key` (accounts/idempotency.py); a write's transaction that meets a
      deadlock or serialization failure is run again whole (indicators/locking.py), then answered 503;
    - history: `GET {id}/history/` (dtrack/api/history.py).
    """

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    permission_classes = [ProvinceRolePermission]
    required_role = policy.STAFF
    write_serializer_class = None
    # Stored fields left out of the ETag: what the server maintains itself and a client never writes.
    etag_exclude: tuple[str, ...] = ()

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS and self.write_serializer_class is not None:
            return self.write_serializer_class
        return self.serializer_class

    # -- reading

    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object(), fresh=True)

    def respond(self, instance, status=status.HTTP_200_OK, headers=None, *, fresh=False):
        """The instance as the list and detail endpoints show it (re-read through `get_queryset()` unless `fresh`),
        with its ETag."""
        if not fresh:
            instance = self.get_queryset().get(pk=instance.pk)
        response = Response(self.represent(instance), status=status, headers=headers)
        response["ETag"] = self.etag(instance)
        return response

    def represent(self, instance):
        return self.serializer_class(instance, context=self.get_serializer_context()).data

    def etag(self, instance) -> str:
        return etag_of(instance, exclude=self.etag_exclude, extra=self.etag_extra(instance))

    def etag_extra(self, instance) -> tuple:
        """Related rows written together with the instance (a target's milestones)."""
        return ()

    # -- writing

    def create(self, request, *args, **kwargs):
        return idempotency.run(self, request, lambda: locking.retrying(lambda: self._create(request)))

    def _create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.check_province(self.province_after(serializer.validated_data, None))
        instance = self.perform_create(serializer)
        headers = {"Location": self.reverse_action("detail", kwargs={"pk": instance.pk})}
        return self.respond(instance, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)

        def write():
            instance = self.locked_for_write(self.get_object())
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.check_province(self.province_after(serializer.validated_data, instance))
            return self.perform_update(serializer)

        return self.respond(locking.retrying(write))

    def destroy(self, request, *args, **kwargs):
        locking.retrying(lambda: self.perform_destroy(self.locked_for_write(self.get_object())))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def locked_for_write(self, instance, *, if_match_required: bool = True):
        """`instance` re-read and locked (SELECT … FOR UPDATE) in the current transaction; the object permission is
        checked again on it (it may have moved since it was read) and If-Match against it: 428 without If-Match, 412
        when stale. Call inside `transaction.atomic()`."""
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        self.check_object_permissions(self.request, locked)
        check_if_match(self.request, self.etag(locked), required=if_match_required)
        return locked

    def province_after(self, data, instance):
        """The province id the object belongs to after the write (None: national); override per resource."""
        return None

    def check_province(self, province_id) -> None:
        if self.required_role != policy.STAFF and not policy.can_write(
            self.request.user, province_id, self.required_role
        ):
            self.permission_denied(self.request, message=out_of_scope_message(self.required_role, province_id))

    @property
    def entered_by(self):
        return self.request.user if self.request.user.is_authenticated else None

    # -- history

    @extend_schema(
        summary="History of changes (who, when, what: newest first)",
        responses=HistoryEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=HistoryPagination, filter_backends=[])
    def history(self, request, *args, **kwargs):
        return history_page(self, self.queryset.model, kwargs["pk"])


def province_id_after(data, instance, field: str) -> int | None:
    """The province id after a write that may set `field` (a Province or None); unchanged when not given."""
    if field in data:
        return data[field].pk if data[field] is not None else None
    return getattr(instance, f"{field}_id") if instance is not None else None


def _on(milestone):
    return milestone.on


def write_schema(write, read, *conflicts: int, **extra):
    """Schema of create / update / partial_update: the input serializer in, the output serializer out."""
    problems = problem_responses(*conflicts) if conflicts else {}
    return {
        "create": extend_schema(request=write, responses={201: read, **problems}, **extra),
        "update": extend_schema(request=write, responses={200: read, **problems}, **extra),
        "partial_update": extend_schema(request=write, responses={200: read, **problems}, **extra),
    }


# ---------------------------------------------------------------------------------------------------------------
# Indicators and plans


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


# ---------------------------------------------------------------------------------------------------------------
# Targets


class AssessedPagination(KeysetPagination):
    """The project's envelope led by the assessment date: {as_of, count, next, previous, results}."""

    def paginate_queryset(self, queryset, request, view=None):
        self.as_of = view.as_of
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {"as_of": self.as_of.isoformat(), **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        as_of = {"type": "string", "format": "date", "description": "The assessment date of every row."}
        envelope["properties"] = {"as_of": as_of, **envelope["properties"]}
        envelope["required"] = ["as_of", *envelope["required"]]
        return envelope


AS_OF_RESPONSE_HEADER = OpenApiParameter(
    AS_OF_HEADER,
    OpenApiTypes.DATE,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The assessment date used (the as_of parameter, or today in Asia/Ho_Chi_Minh).",
)
ASSESSED = {"parameters": [AS_OF_PARAMETER, FIGURES_PARAMETER, AS_OF_RESPONSE_HEADER]}
INCLUDE_DELETED = OpenApiParameter(
    "include_deleted", OpenApiTypes.BOOL, description="true: also find it when its report is deleted (else 404)."
)


@extend_schema_view(
    list=extend_schema(
        summary="Targets with their assessment on as_of",
        description="Filter and order by the computed fields: `?status=off_track&status=at_risk&ordering=-gap`.",
        **ASSESSED,
    ),
    retrieve=extend_schema(
        summary="A target, its assessment on as_of and the explanation from the assessment rules",
        responses=s.TargetDetailSerializer,
        **ASSESSED,
    ),
    destroy=extend_schema(summary="Delete a target (and its milestones)"),
    **write_schema(s.TargetWriteSerializer, s.TargetDetailSerializer, 409, **ASSESSED),
)
class TargetViewSet(ServiceModelViewSet):
    """Promises (plan × indicator × level → comparator, value, deadline), assessed on `?as_of=` (default today)."""

    queryset = Target.objects.all()
    serializer_class = s.TargetSerializer
    write_serializer_class = s.TargetWriteSerializer
    filterset_class = TargetFilterSet
    pagination_class = AssessedPagination
    ordering_fields = {
        "deadline": "deadline", "gap": "gap", "days_remaining": "days_remaining", "status": "status_rank",
        "progress": "progress_key", "value": "value", "id": "id",
    }  # fmt: skip
    ordering = ["deadline"]
    required_role = policy.Role.PLANNER
    etag_exclude = tuple(KNOWN_FIELDS)  # maintained by the server from the measurements (indicators/state.py)

    def query_parameters(self):
        return {"as_of": False, "figures": False} if self.action in ASSESSED_ACTIONS else {}

    @cached_property
    def as_of(self):
        return as_of_from(self.request)

    @cached_property
    def thresholds(self):
        return thresholds()

    @cached_property
    def stored(self) -> bool:
        """Whether every target holds the stored assessment for this `as_of` and these thresholds (one query)."""
        return stored_holds(self.as_of, self.thresholds, using=router.db_for_read(Target))

    @cached_property
    def snapshot(self) -> bool:
        """Whether every target has a snapshot of its assessment for this `as_of` and these thresholds
        (indicators/snapshots.py; one query, asked only on a day the stored assessment is not for)."""
        return snapshots.holds(self.as_of, self.thresholds, using=router.db_for_read(Target))

    @cached_property
    def judged_in_python(self) -> bool:
        """A list filtered or ordered by the assessment on a day that is neither the stored one nor a snapshot's."""
        return (
            self.action == "list" and self.orders_or_filters_by_assessment() and not self.stored and not self.snapshot
        )

    @cached_property
    def figures(self):
        return figures_from(self.request)

    def get_queryset(self):
        """Targets with what their filters and orderings need, by the cheapest way that is right for `as_of`:

        - nothing assessed unless the list is filtered or ordered by the assessment;
        - filtered or ordered by it: the assessment stored for today (indicators/state.py) when every target holds
          it for this `as_of` and these thresholds, else the day's snapshot when every target has one (a past
          reporting period's end, indicators/snapshots.py), else every target judged by the pure rules from facts
          the database searches (`filter_queryset`, indicators/selectors/targets.py).

        A list pages on ids, then reads the page's rows and judges each by the pure rules from its maintained facts
        (`paginate_queryset`); a single target is read with what its detail body needs.
        """
        days_remaining = DayNumber(F("deadline")) - Value(day_number(self.as_of))
        if self.action != "list":
            return (
                self.page_rows(Target.objects.all())
                .prefetch_related("milestones")
                .annotate(days_remaining=days_remaining)
            )
        if self.figures != Figures.APPROVED and self.orders_or_filters_by_assessment():
            # Each parameter is valid alone; the pair is refused (422, dtrack.api.exceptions.STATE_CODES).
            message = _("Filtering or ordering by the assessment counts approved figures only.")
            raise ValidationError({"figures": [ErrorDetail(message, code="conflicting_parameters")]})
        if self.judged_in_python:
            return Target.objects.all()
        if self.orders_or_filters_by_assessment():
            if self.stored:
                return Target.objects.with_stored(self.as_of)
            return snapshots.annotate(Target.objects.all(), self.as_of, self.thresholds)
        return Target.objects.alias(days_remaining=days_remaining)

    def filter_queryset(self, queryset):
        """With `judged_in_python`: the filters other than the assessment's in SQL, then every target left judged
        by the pure rules, kept by status and deadline status and ordered in Python; the ids, in order. The same
        parameters are refused with the same 400s as on the SQL path."""
        if not self.judged_in_python:
            return super().filter_queryset(queryset)
        filterset = TargetFilterSet(self.request.query_params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        terms = OrderingFilter().get_ordering(self.request, queryset, self)
        wanted = {name: filterset.form.cleaned_data.get(name) or () for name in ("status", "deadline_status")}
        for name, value in filterset.form.cleaned_data.items():
            if name not in wanted:
                queryset = filterset.filters[name].filter(queryset, value)
        rows = target_lists.assess_all(queryset, self.as_of, self.thresholds)
        rows = target_lists.order_rows(target_lists.keep(rows, **wanted), terms, self.as_of)
        self.assessed_rows = {row.id: row for row in rows}
        self.assessed_queryset = queryset
        return [row.id for row in rows]

    @staticmethod
    def page_rows(targets):
        return targets.select_related("plan__province", "indicator").annotate(**judging_annotations())

    def orders_or_filters_by_assessment(self) -> bool:
        params = self.request.query_params
        ordering = {term.removeprefix("-") for term in OrderingFilter.terms(self.request)}
        return "status" in params or "deadline_status" in params or bool(ordering & ASSESSED_ORDERINGS)

    def list(self, request, *args, **kwargs):
        if self.exporting:
            return self.export()
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = self.get_serializer()
        return self.get_paginated_response(
            [
                cards.body(item, request) if isinstance(item, str) else serializer.to_representation(item)
                for item in page
            ]
        )

    export_name = "targets"

    def export_columns(self):
        return target_export.COLUMNS

    def export_rows(self):
        """The whole filtered, ordered list judged on as_of (indicators/outputs/target_export.py)."""
        targets = self.filter_queryset(self.get_queryset())
        if isinstance(targets, list):
            return target_export.judged_rows(self.assessed_queryset, targets, self.assessed_rows, self.figures)
        return target_export.streamed_rows(targets, self.as_of, self.thresholds, self.figures)

    def paginate_queryset(self, queryset):
        """Count and choose the page's ids with the filters and ordering alone (or take them, in order, from
        `filter_queryset` when it judged every target), then read their cards where one holds for as_of
        (indicators/cards.py: each body as the list shows it, one query by id); the targets without one are read
        with their plan, indicator and milestones and judged on as_of (indicators/judging.py) unless
        `filter_queryset` judged them already. Returns the page as cards (JSON text) and judged targets."""
        ids = super().paginate_queryset(
            queryset if isinstance(queryset, list) else queryset.values_list("pk", flat=True)
        )
        usable = self.figures == Figures.APPROVED and cards.in_card_language()
        ready = cards.bodies(ids, basis(self.as_of, self.thresholds)) if usable else {}
        missing = [pk for pk in ids if pk not in ready]
        rows = {}
        if missing:
            loaded = list(self.page_rows(Target.objects.filter(pk__in=missing)))
            if self.judged_in_python:  # judged already, with their milestones
                for row in loaded:
                    row.attached_milestones = self.assessed_rows[row.pk].milestones
                    row.judged = self.assessed_rows[row.pk].judged
            else:
                loaded = attach_milestones(loaded)
                judged = judge_targets(loaded, self.as_of, self.thresholds, self.figures)
                for row in loaded:
                    row.judged = judged[row.pk]
            rows = {row.pk: row for row in loaded}
        return [ready[pk] if pk in ready else rows[pk] for pk in ids]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": self.as_of, "thresholds": self.thresholds}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if "as_of" in self.__dict__ and response.status_code < 400:
            response[AS_OF_HEADER] = self.as_of.isoformat()
        return response

    def represent(self, instance):
        return self.detail_body(instance)

    def respond(self, instance, status=status.HTTP_200_OK, headers=None, *, fresh=False):
        # Set here as well as in finalize_response: an Idempotency-Key record keeps the headers of this answer,
        # and its replay must say which day the body was assessed on.
        return super().respond(instance, status, {**(headers or {}), AS_OF_HEADER: self.as_of.isoformat()},
                               fresh=fresh)  # fmt: skip

    def etag_extra(self, instance):
        # Milestones are written with their target (PUT/PATCH replace them): part of its version.
        return tuple((milestone.on, milestone.value) for milestone in sorted(instance.milestones.all(), key=_on))

    def province_after(self, data, instance):
        plan = data.get("plan") or instance.plan
        return plan.province_id

    def detail_body(self, target):
        """The detail body: the assessment by the pure rules from every judging measurement (one query more)."""
        measurements = list(judging_measurements(target, self.as_of, self.figures))
        target.judged = judge_one(target, measurements, self.as_of, self.thresholds, self.figures)
        # The cascade: the children judged on the same day and figures (constant queries), the rival targets.
        target.children_rows, target.children_by_status = cascade.children_of(
            target, self.as_of, self.thresholds, self.figures
        )
        target.competing_with = cascade.competitors(target) if target.flag_competing else []
        return s.TargetDetailSerializer(target, context=self.get_serializer_context()).data

    def perform_create(self, serializer):
        return services.target_create(**serializer.validated_data)

    def perform_update(self, serializer):
        return services.target_update(target=serializer.instance, data=serializer.validated_data)

    def perform_destroy(self, instance):
        services.target_delete(target=instance)


# ---------------------------------------------------------------------------------------------------------------
# Progress reports and measurements


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
