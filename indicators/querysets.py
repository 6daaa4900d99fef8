"""The assessment rules of `indicators/assessment.py`, evaluated by the database.

Lists filter, order and paginate by status, gap and days remaining, so these must be computed in SQL
rather than row by row in Python. The branches below follow `assessment._assess` in the same order;
`tests/indicators/test_parity.py` proves on generated cases that both give the same answers.
"""

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import connections, models
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Abs, Coalesce
from django_cte import CTE, with_cte

from indicators.assessment import (
    NOT_MET_AT_EQUALITY,
    PROVISIONAL_QUALIFIERS,
    SEVERITY,
    Comparator,
    DeadlineStatus,
    Status,
    Thresholds,
)
from indicators.conf import thresholds as configured_thresholds

DECIMAL = models.DecimalField(max_digits=40, decimal_places=10)
# SQLite computes with doubles; differences this small relative to the operands count as equality,
# so that a pace ratio of exactly 0.95 is on track there as it is in exact arithmetic (PostgreSQL, Python).
SQLITE_TOLERANCE = Decimal("1e-12")


class DayNumber(Func):
    """Days since 1970-01-01 of a date, as an integer, so date differences are plain subtraction."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} - DATE '1970-01-01')", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(julianday({sql}) - 2440587.5 AS INTEGER)", params


def day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def met_condition(value: str, qualifier: str, target=None) -> Q:
    """`assessment.is_met` as a condition; the comparator must be annotated as `_comparator`."""
    target = F("value") if target is None else target
    conditions = Q()
    for comparator, beats in ((Comparator.AT_LEAST, "gt"), (Comparator.AT_MOST, "lt")):
        unproven = sorted(NOT_MET_AT_EQUALITY[comparator])
        met = Q(**{f"{value}__{beats}": target}) | (Q(**{value: target}) & ~Q(**{f"{qualifier}__in": unproven}))
        conditions |= Q(_comparator=comparator.value) & met
    return conditions


class TargetQuerySet(models.QuerySet):
    def scoped_measurements(self, as_of: date):
        """Measurements that judge the outer target: same indicator and level, its province and the
        province's predecessors and successors (the nation for a national plan), dated on or before as_of."""
        Measurement = apps.get_model("indicators", "Measurement")
        Succession = apps.get_model("provinces", "Succession")
        outer_province = OuterRef("plan__province")
        linked = Q(
            province__in=Succession.objects.filter(predecessor=OuterRef(outer_province)).values("successor")
        ) | Q(province__in=Succession.objects.filter(successor=OuterRef(outer_province)).values("predecessor"))
        return (
            Measurement.objects.filter(
                indicator=OuterRef("indicator"), level=OuterRef("level"), as_of__lte=as_of, is_active=True
            )
            .annotate(_scope=Coalesce("province", Value(0)), _outer_scope=Coalesce(outer_province, Value(0)))
            .filter(Q(_scope=F("_outer_scope")) | linked)
        )

    def assessed(self, as_of: date, thresholds: Thresholds | None = None):
        """Annotate latest_*, reference_*, met, gap, progress, status, deadline_status and days_remaining.

        Built in three layers (common table expressions) so each fact is computed once: Django would
        otherwise repeat an annotation's whole SQL wherever a later annotation refers to it.
        """
        thresholds = thresholds or configured_thresholds()
        facts = CTE(self._facts(as_of), name="assessment_facts", materialized=True)
        path = CTE(_path(facts.queryset(), as_of), name="assessment_path", materialized=True)
        columns = {name: getattr(path.col, name) for name in (*FACT_COLUMNS, *PATH_COLUMNS)}
        select = path.join(self.model, id=path.col.id).annotate(**columns)
        return with_cte(facts, path, select=_judge(select, as_of, thresholds, connections[self.db].vendor))

    def measured(self, as_of: date) -> dict:
        """The judging measurements' facts as correlated subqueries (the slow, always-right path)."""
        scoped = self.scoped_measurements(as_of)
        latest = scoped.order_by("-as_of", "-id")
        earliest = scoped.order_by("as_of", "-id")
        met_by_deadline = scoped.filter(as_of__lte=OuterRef("deadline")).annotate(
            _comparator=models.ExpressionWrapper(OuterRef("comparator"), output_field=models.CharField()),
            _target=models.ExpressionWrapper(OuterRef("value"), output_field=DECIMAL),
        )
        return {
            "latest_id": Subquery(latest.values("id")[:1]),
            "latest_value": Subquery(latest.values("value")[:1]),
            "latest_qualifier": Subquery(latest.values("qualifier")[:1]),
            "latest_is_estimate": Subquery(latest.values("is_estimate")[:1]),
            "latest_as_of": Subquery(latest.values("as_of")[:1]),
            "latest_province_id": Subquery(latest.values("province")[:1]),
            "earliest_value": Subquery(earliest.values("value")[:1]),
            "earliest_qualifier": Subquery(earliest.values("qualifier")[:1]),
            "earliest_as_of": Subquery(earliest.values("as_of")[:1]),
            "met_on_time": Exists(met_by_deadline.filter(met_condition("value", "qualifier", target=F("_target")))),
        }

    def refresh_known(self) -> int:
        """Recompute the maintained facts (Target.known_*) of these targets from their measurements."""
        facts = self.annotate(**{f"_{name}": expression for name, expression in self.measured(date.max).items()})
        rows = []
        for target in facts:
            for name in KNOWN:
                value = getattr(target, f"_{name}")
                setattr(target, f"known_{name}", "" if value is None and name.endswith("qualifier") else value)
            rows.append(target)
        return self.model.objects.bulk_update(rows, [f"known_{name}" for name in KNOWN], batch_size=500)

    def _facts(self, as_of: date):
        # The maintained facts hold once every judging measurement is dated on or before as_of.
        known_holds = Q(known_latest_as_of__isnull=True) | Q(known_latest_as_of__lte=as_of)
        facts = {
            name: Case(
                When(known_holds, then=F(f"known_{name}")),
                default=expression,
                output_field=self.model._meta.get_field(f"known_{name}"),
            )
            for name, expression in self.measured(as_of).items()
        }
        has_baseline = Q(baseline_value__isnull=False, baseline_date__isnull=False)
        return (
            self.annotate(**facts)
            .annotate(
                reference_value=Case(When(has_baseline, then=F("baseline_value")), default=F("earliest_value")),
                reference_date=Case(When(has_baseline, then=F("baseline_date")), default=F("earliest_as_of")),
                reference_qualifier=Case(When(has_baseline, then=Value("exact")), default=F("earliest_qualifier")),
                reference_is_baseline=Case(
                    When(has_baseline, then=Value(True)), default=Value(False), output_field=models.BooleanField()
                ),
            )
            .values("id", "comparator", "value", "deadline", "unit", *FACT_COLUMNS)
        )


KNOWN = (
    "latest_id",
    "latest_value",
    "latest_qualifier",
    "latest_is_estimate",
    "latest_as_of",
    "latest_province_id",
    "earliest_value",
    "earliest_qualifier",
    "earliest_as_of",
    "met_on_time",
)

FACT_COLUMNS = (
    "latest_id",
    "latest_value",
    "latest_qualifier",
    "latest_is_estimate",
    "latest_as_of",
    "latest_province_id",
    "earliest_as_of",
    "met_on_time",
    "reference_value",
    "reference_date",
    "reference_qualifier",
    "reference_is_baseline",
)
PATH_COLUMNS = ("met", "reference_met", "has_reference", "p0_on", "p0_value", "p1_on", "p1_value", "needed", "moved")


def _path(facts, as_of: date):
    """The path segment holding as_of (see assessment.expected_segment) and the pace products."""
    Milestone = apps.get_model("indicators", "Milestone")
    inner = Milestone.objects.filter(
        target=OuterRef("id"), on__gt=OuterRef("reference_date"), on__lt=OuterRef("deadline")
    )
    before = inner.filter(on__lte=as_of).order_by("-on")
    after = inner.filter(on__gt=as_of).order_by("on")
    deadline_passed = Q(deadline__lte=as_of)
    has_before = Q(_before_on__isnull=False)
    facts = facts.annotate(
        _comparator=F("comparator"),
        _before_on=Subquery(before.values("on")[:1]),
        _before_value=Subquery(before.values("value")[:1]),
        _after_on=Subquery(after.values("on")[:1]),
        _after_value=Subquery(after.values("value")[:1]),
    ).annotate(
        met=_flag(met_condition("latest_value", "latest_qualifier")),
        reference_met=_flag(met_condition("reference_value", "reference_qualifier")),
        has_reference=_flag(Q(reference_is_baseline=True) | ~Q(latest_as_of=F("earliest_as_of"))),
        p0_on=Case(
            When(deadline_passed, then=F("deadline")),
            When(has_before, then=F("_before_on")),
            default=F("reference_date"),
        ),
        p0_value=Case(
            When(deadline_passed, then=F("value")),
            When(has_before, then=F("_before_value")),
            default=F("reference_value"),
        ),
        # No end point: as_of is before the reference (nothing expected yet) or on the deadline.
        _has_end=_flag(Q(reference_date__lte=as_of) & Q(deadline__gt=as_of)),
        p1_on=Case(When(_after_on__isnull=False, then=F("_after_on")), default=F("deadline")),
        p1_value=Case(When(_after_on__isnull=False, then=F("_after_value")), default=F("value")),
    )
    n = Case(When(_has_end=True, then=DayNumber(F("p1_on")) - DayNumber(F("p0_on"))), default=Value(1))
    k = Case(When(_has_end=True, then=Value(day_number(as_of)) - DayNumber(F("p0_on"))), default=Value(0))
    d_start = _improvement("p0_value")
    d_end = Case(When(_has_end=True, then=_improvement("p1_value")), default=_improvement("p0_value"))
    return facts.annotate(
        needed=models.ExpressionWrapper(n * d_start + k * (d_end - d_start), output_field=DECIMAL),
        moved=models.ExpressionWrapper(n * _improvement("latest_value"), output_field=DECIMAL),
    ).values("id", *FACT_COLUMNS, *PATH_COLUMNS)


def _judge(qs, as_of: date, thresholds: Thresholds, vendor: str):
    """Status, deadline status, gap and the rest, in the order of assessment._assess."""

    def pace_at_least(share: Decimal) -> Q:
        bar = Value(share, output_field=DECIMAL) * F("needed")
        if vendor == "sqlite":
            slack = Value(SQLITE_TOLERANCE, output_field=DECIMAL) * (Abs(F("moved")) + Abs(bar))
            return Q(moved__gte=bar - slack)
        return Q(moved__gte=bar)

    is_boolean = Q(unit="boolean")
    qs = qs.annotate(days_remaining=DayNumber(F("deadline")) - Value(day_number(as_of)))
    status = Case(
        When(latest_id__isnull=True, then=Value(Status.NO_DATA.value)),
        When(met=True, then=Value(Status.ACHIEVED.value)),
        When(deadline__lt=as_of, then=Value(Status.MISSED.value)),
        When(is_boolean & Q(days_remaining__gt=thresholds.due_soon_days), then=Value(Status.ON_TRACK.value)),
        When(is_boolean, then=Value(Status.AT_RISK.value)),
        When(has_reference=False, then=Value(Status.INSUFFICIENT_DATA.value)),
        When(reference_met=True, then=Value(Status.OFF_TRACK.value)),
        When(Q(needed__lte=0) & Q(moved__gte=0), then=Value(Status.ON_TRACK.value)),
        When(needed__lte=0, then=Value(Status.OFF_TRACK.value)),
        When(pace_at_least(thresholds.on_track), then=Value(Status.ON_TRACK.value)),
        When(pace_at_least(thresholds.at_risk), then=Value(Status.AT_RISK.value)),
        default=Value(Status.OFF_TRACK.value),
        output_field=models.CharField(),
    )
    deadline_status = Case(
        When(Q(status=Status.ACHIEVED.value) & Q(met_on_time=True), then=Value(DeadlineStatus.MET.value)),
        When(status=Status.ACHIEVED.value, then=Value(DeadlineStatus.MET_LATE.value)),
        When(days_remaining__lt=0, then=Value(DeadlineStatus.OVERDUE.value)),
        When(days_remaining__lte=thresholds.due_soon_days, then=Value(DeadlineStatus.DUE_SOON.value)),
        default=Value(DeadlineStatus.OPEN.value),
        output_field=models.CharField(),
    )
    gap = Case(
        When(latest_id__isnull=True, then=Value(None)),
        When(Q(comparator=Comparator.AT_LEAST.value) & Q(latest_value__lt=F("value")),
             then=F("value") - F("latest_value")),
        When(Q(comparator=Comparator.AT_MOST.value) & Q(latest_value__gt=F("value")),
             then=F("latest_value") - F("value")),
        default=Value(Decimal(0)),
        output_field=models.DecimalField(max_digits=21, decimal_places=4),
    )  # fmt: skip
    pace_statuses = [Status.ON_TRACK.value, Status.AT_RISK.value, Status.OFF_TRACK.value]
    return qs.annotate(status=status).annotate(
        deadline_status=deadline_status,
        gap=gap,
        status_rank=Case(
            *[When(status=s.value, then=Value(rank)) for s, rank in SEVERITY.items()], output_field=IntegerField()
        ),
        provisional=_flag(Q(latest_is_estimate=True) | Q(latest_qualifier__in=sorted(PROVISIONAL_QUALIFIERS))),
        declining=_flag(
            Q(status__in=pace_statuses) & ~is_boolean & Q(has_reference=True) & (Q(reference_met=True) | Q(moved__lt=0))
        ),
    )


def _flag(condition: Q):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=models.BooleanField())


def _improvement(name: str):
    """How far the named value moved from the reference in the good direction."""
    return Case(
        When(comparator=Comparator.AT_LEAST.value, then=F(name) - F("reference_value")),
        default=F("reference_value") - F(name),
        output_field=DECIMAL,
    )
