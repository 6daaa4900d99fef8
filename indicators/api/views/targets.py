"""The targets endpoint: targets assessed on `?as_of=` (default today; docs/api.md, docs/assessment.md).

A list filtered or ordered by the assessment reads the assessment stored for today (indicators/state.py) when it
holds for `as_of`, else judges every target by the pure rules (indicators/selectors/targets.py); a page's rows are
judged from their maintained facts (indicators/judging.py). Writes go through `indicators.services` and answer with
the target re-read as a later GET shows it.
"""

from functools import cached_property

from django.db import router
from django.db.models import F, Value
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ErrorDetail, ValidationError

from accounts import policy
from dtrack.api.pagination import KeysetPagination
from dtrack.api.schema import problem_responses
from dtrack.api.viewsets import WRITE_ACTIONS, ServiceModelViewSet, write_schema
from indicators import cards, cascade, services, snapshots
from indicators.api import serializers as s
from indicators.api.params import AS_OF_PARAMETER, FIGURES_PARAMETER, as_of_from, figures_from
from indicators.conf import thresholds
from indicators.filtersets import OrderingFilter, TargetFilterSet
from indicators.judging import attach_milestones, judge_one, judge_targets, judging_annotations
from indicators.lineage import Figures, judging_measurements
from indicators.models import KNOWN_FIELDS, Target
from indicators.outputs import target_export
from indicators.querysets import DayNumber, day_number
from indicators.selectors import targets as target_lists
from indicators.state import basis, stored_holds

AS_OF_HEADER = "X-As-Of"


# Target orderings that need the assessment (the others are columns of the targets table).
ASSESSED_ORDERINGS = {"gap", "status", "progress"}


# Target actions assessing on `?as_of=` (a deletion answers nothing to assess).
ASSESSED_ACTIONS = ("list", "retrieve", *WRITE_ACTIONS)


def _on(milestone):
    return milestone.on


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
    destroy=extend_schema(
        summary="Delete a target (and its milestones) that no other target derives from",
        responses={204: None, **problem_responses(409)},
    ),
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
        "deadline": "deadline",
        "gap": "gap",
        "days_remaining": "days_remaining",
        "status": "status_rank",
        "progress": "progress_key",
        "value": "value",
        "id": "id",
    }
    ordering = ["deadline"]
    required_role = policy.Role.PLANNER
    etag_exclude = tuple(KNOWN_FIELDS)  # maintained by the server from the measurements (indicators/state.py)

    def query_parameters(self):
        return {"as_of": False, "figures": False} if self.action in ASSESSED_ACTIONS else {}

    @cached_property
    def as_of(self):
        return as_of_from(self.request)

    def check_query_values(self) -> None:
        if self.action in ASSESSED_ACTIONS:
            self.as_of, self.figures  # noqa: B018  parsed now: a write answers with the assessment on as_of

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
        queryset = filterset.plans_in_force_by_default(queryset)
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
        ready = self.ready_bodies(ids)
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

    def ready_bodies(self, ids) -> dict:
        """The page's bodies rendered already for as_of and the thresholds, by id (one query): the cards of the
        stored assessment's day (indicators/cards.py) and a past period end's snapshots (indicators/snapshots.py).
        Only for approved figures and in the language they were rendered in."""
        if not ids or self.figures != Figures.APPROVED or not cards.in_card_language():
            return {}
        key = basis(self.as_of, self.thresholds)
        return dict(cards.ready(ids, key).union(snapshots.ready(ids, key), all=True))

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
        return super().respond(instance, status, {**(headers or {}), AS_OF_HEADER: self.as_of.isoformat()}, fresh=fresh)

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
