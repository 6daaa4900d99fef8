"""The assessment rules of `indicators/rules/assessment.py`, evaluated by the database.

Lists filter, order and paginate by status, gap and days remaining, so these must be computed in SQL
rather than row by row in Python. The branches below follow `assessment._judge` in the same order;
`tests/indicators/test_parity.py` proves on generated cases that both give the same answers.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import connections, models, router, transaction
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Abs
from django_cte import CTE, with_cte
from django_cte.raw import raw_cte_sql

from indicators.conf import thresholds as configured_thresholds
from indicators.lineage import judging_outer_target
from indicators.rules.assessment import (
    NOT_MET_AT_EQUALITY,
    PROVISIONAL_QUALIFIERS,
    SEVERITY,
    Comparator,
    DeadlineStatus,
    Status,
    Thresholds,
)

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
    def assessed(self, as_of: date, thresholds: Thresholds | None = None):
        """Annotate latest_*, reference_*, met, gap, progress, status, deadline_status and days_remaining.

        Built in layers (common table expressions) so each fact is computed once: Django would otherwise repeat an
        annotation's whole SQL wherever a later annotation refers to it. The first layer lists the targets to assess
        (this queryset's filters); the SQL of the assessment layers after it does not depend on them, so it is
        compiled once per process, database vendor and thresholds (`_assessment_layers`), and only the assessment
        date in its parameters changes from one request to the next.
        """
        thresholds = thresholds or configured_thresholds()
        connection = connections[self.db]
        base = CTE(self.order_by().values("id"), name=BASE_CTE)
        layers = [
            CTE(raw_cte_sql(layer.sql, layer.bind(as_of), layer.refs), name=layer.name, materialized=True)
            for layer in _assessment_layers(connection, thresholds)
        ]
        assessment = layers[-1]
        columns = {name: getattr(assessment.col, name) for name in ASSESSMENT_COLUMNS}
        return with_cte(base, *layers, select=assessment.join(self.model, id=assessment.col.id).annotate(**columns))

    def with_stored(self, as_of: date):
        """The assessment stored for `as_of` (indicators/state.py) under the names `assessed()` gives them, for
        filtering, ordering and showing; only right when `state.stored_holds(as_of, …)`. The latest figure is the
        maintained one when it is dated on or before `as_of` (else NULL: the rows are judged from searched facts)."""
        holds = Q(known_latest_as_of__lte=as_of)

        def latest(name: str):
            return Case(When(holds, then=F(f"known_latest_{name}")), output_field=self.model._meta.get_field(
                f"known_latest_{name}"))  # fmt: skip

        return self.annotate(
            status=F("known_status"), deadline_status=F("known_deadline_status"), gap=F("known_gap"),
            status_rank=F("known_severity"), progress_key=F("known_progress"),
            days_remaining=DayNumber(F("deadline")) - Value(day_number(as_of)),
            latest_value=latest("value"), latest_qualifier=latest("qualifier"),
            latest_is_estimate=latest("is_estimate"), latest_as_of=latest("as_of"),
        )  # fmt: skip

    def _assessment_querysets(self, as_of: date, thresholds: Thresholds) -> list:
        """The assessment layers as querysets over the targets listed in the first CTE (see `assessed`)."""
        connection = connections[self.db]
        quote = connection.ops.quote_name
        targets = self.model.objects.filter(id__in=RawSQL(f"SELECT {quote('id')} FROM {quote(BASE_CTE)}", ()))
        # The layers carry no ORDER BY (the model's default ordering would sort every layer for nothing).
        facts = CTE(targets._facts(as_of).order_by(), name="assessment_facts", materialized=True)
        around = CTE(_milestones(facts.queryset(), as_of).order_by(), name="assessment_milestones", materialized=True)
        path = CTE(_path(around.queryset(), as_of).order_by(), name="assessment_path", materialized=True)
        judged = _judge(path.queryset(), as_of, thresholds, connection.vendor).values("id", *ASSESSMENT_COLUMNS)
        return [facts, around, path, CTE(judged.order_by(), name="assessment", materialized=True)]

    def measured(self, as_of: date, names=None) -> dict:
        """The judging measurements' facts as correlated subqueries (the slow, always-right path).

        The judging measurements of `indicators.lineage`; each fact is a CASE choosing the national or the provincial
        form of its subquery (`lineage.judging_outer_target`), so each runs as a few index searches.
        """
        facts = {}
        for national in (True, False):
            scoped = judging_outer_target(as_of, national=national)
            latest = scoped.order_by("-as_of", "-id")
            earliest = scoped.order_by("as_of", "-id")
            met_by_deadline = scoped.filter(as_of__lte=OuterRef("deadline")).annotate(
                _comparator=models.ExpressionWrapper(OuterRef("comparator"), output_field=models.CharField()),
                _target=models.ExpressionWrapper(OuterRef("value"), output_field=DECIMAL),
            )
            expressions = {
                "latest_id": Subquery(latest.values("id")[:1]),
                "latest_value": Subquery(latest.values("value")[:1]),
                "latest_qualifier": Subquery(latest.values("qualifier")[:1]),
                "latest_is_estimate": Subquery(latest.values("is_estimate")[:1]),
                "latest_as_of": Subquery(latest.values("as_of")[:1]),
                "latest_province_id": Subquery(latest.values("province")[:1]),
                "earliest_id": Subquery(earliest.values("id")[:1]),
                "earliest_value": Subquery(earliest.values("value")[:1]),
                "earliest_qualifier": Subquery(earliest.values("qualifier")[:1]),
                "earliest_as_of": Subquery(earliest.values("as_of")[:1]),
                "met_on_time": Exists(met_by_deadline.filter(met_condition("value", "qualifier", target=F("_target")))),
            }
            for name, expression in expressions.items():
                if names is None or name in names:
                    facts.setdefault(name, []).append(expression)
        field = {"latest_id": models.BigIntegerField(), "earliest_id": models.BigIntegerField()}
        return {
            name: Case(
                When(plan__province__isnull=True, then=national),
                default=provincial,
                output_field=field.get(name) or self.model._meta.get_field(f"known_{name}"),
            )
            for name, (national, provincial) in facts.items()
        }

    def refresh_known(self) -> int:
        """Recompute the maintained facts (Target.known_*) of these targets from their measurements; return how
        many targets were examined.

        Three subqueries a target (which measurement is the latest, which the earliest, and whether one met the
        target by the deadline); the rows of those measurements are then read by id, and only the targets whose
        facts changed are written, one plain UPDATE each (a batched CASE update costs the square of its size).
        Reads and writes go to the database that takes writes for targets.
        """
        Measurement = apps.get_model("indicators", "Measurement")
        db = self._db or router.db_for_write(self.model)
        connection = connections[db]
        wanted = ("latest_id", "earliest_id", "met_on_time")
        facts = self.using(db).annotate(**{f"_{name}": e for name, e in self.measured(date.max, wanted).items()})
        targets = list(facts)
        ids = sorted({i for t in targets for i in (t._latest_id, t._earliest_id) if i is not None})
        columns = ("id", "value", "qualifier", "is_estimate", "as_of", "province_id")
        chosen = {}
        for start in range(0, len(ids), 5000):
            rows = Measurement.objects.using(db).filter(id__in=ids[start : start + 5000]).values_list(*columns)
            chosen.update((row[0], dict(zip(columns, row, strict=True))) for row in rows)
        fields = [self.model._meta.get_field(f"known_{name}") for name in KNOWN]
        changed = []
        for target in targets:
            latest, earliest = chosen.get(target._latest_id, {}), chosen.get(target._earliest_id, {})
            new = {"met_on_time": bool(target._met_on_time)}
            for name in KNOWN[:-1]:
                source, column = (latest, name[7:]) if name.startswith("latest_") else (earliest, name[9:])
                new[name] = source.get(column, "" if column == "qualifier" else None)
            if any(getattr(target, f"known_{name}") != value for name, value in new.items()):
                changed.append([f.get_db_prep_save(new[name], connection) for f, name in zip(fields, KNOWN, strict=True)]
                               + [target.pk])  # fmt: skip
        if changed:
            quote = connection.ops.quote_name
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
            sql = f"UPDATE {quote(self.model._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
            with transaction.atomic(using=db, savepoint=False), connection.cursor() as cursor:
                cursor.executemany(sql, changed)
        return len(targets)

    def _facts(self, as_of: date):
        # The maintained facts hold once every judging measurement is dated on or before as_of.
        known_holds = Q(known_latest_as_of__isnull=True) | Q(known_latest_as_of__lte=as_of)
        facts = {
            name: Case(
                When(known_holds, then=F(f"known_{name}")),
                default=expression,
                output_field=self.model._meta.get_field(f"known_{name}"),
            )
            for name, expression in self.measured(as_of, KNOWN).items()
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


BASE_CTE = "assessment_targets"
# Stand-ins for the assessment date while the layers' SQL is compiled; `_assessment_layers` finds where they land.
SENTINELS = (date(1000, 1, 1), date(1001, 2, 3))
_LAYERS: dict[tuple, list] = {}


@dataclass(frozen=True)
class CompiledLayer:
    """One assessment layer's SQL, with the parameter slots that hold the assessment date (as a date, as its ISO
    string on SQLite, or as its day number)."""

    name: str
    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]
    refs: dict

    def bind(self, as_of: date) -> list:
        params = list(self.params)
        forms = _date_forms(as_of)
        for index, form in self.slots:
            # The same type as compiled: PostgreSQL's backend wraps integers (psycopg's Int4).
            params[index] = type(params[index])(forms[form]) if form == "day" else forms[form]
        return params


def _date_forms(day: date) -> dict:
    return {"date": day, "iso": day.isoformat(), "day": day_number(day)}


def _form_of(value, forms: dict) -> str | None:
    """Which form of an assessment date `value` is, if any."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return "date" if value == forms["date"] else None
    if isinstance(value, str):
        return "iso" if value == forms["iso"] else None
    if isinstance(value, int) and not isinstance(value, bool):
        return "day" if value == forms["day"] else None
    return None


def _assessment_layers(connection, thresholds: Thresholds) -> list[CompiledLayer]:
    """The assessment layers compiled for this database vendor, once per process.

    Compiled twice, with two stand-in dates: the SQL must come out the same, and the parameters may differ only
    where a stand-in's forms appear, which are then the slots `CompiledLayer.bind` fills with the real date.
    """
    key = (connection.vendor, thresholds)
    if key in _LAYERS:
        return _LAYERS[key]
    Target = apps.get_model("indicators", "Target")
    compiled = []
    for sentinel in SENTINELS:
        layers = Target.objects.using(connection.alias)._assessment_querysets(sentinel, thresholds)
        compiled.append([(cte.name, *cte.query.get_compiler(connection=connection).as_sql()) for cte in layers])
    result = []
    first_forms, second_forms = _date_forms(SENTINELS[0]), _date_forms(SENTINELS[1])
    for (name, sql, params), (_, sql_again, params_again) in zip(*compiled, strict=True):
        if sql != sql_again or len(params) != len(params_again):
            raise RuntimeError(f"{name}: the assessment SQL depends on the date beyond its parameters")
        slots = []
        for index, (first, second) in enumerate(zip(params, params_again, strict=True)):
            form = _form_of(first, first_forms)
            if form is None and first == second:
                continue
            if form is None or _form_of(second, second_forms) != form:
                raise RuntimeError(f"{name}: parameter {index} ({first!r}) is not a form of the assessment date")
            slots.append((index, form))
        refs = {}
        if name == layers[-1].name:
            refs = {column: layers[-1].query.resolve_ref(column).output_field for column in ("id", *ASSESSMENT_COLUMNS)}
        result.append(CompiledLayer(name, sql, tuple(params), tuple(slots), refs))
    _LAYERS[key] = result
    return result


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
TARGET_COLUMNS = ("comparator", "value", "deadline", "unit")  # what the layers after the first need of a target
MILESTONE_COLUMNS = ("_before_on", "_before_value", "_after_on", "_after_value")
PATH_COLUMNS = ("met", "reference_met", "has_reference", "p0_on", "p0_value", "p1_on", "p1_value", "needed", "moved")
JUDGE_COLUMNS = ("days_remaining", "status", "deadline_status", "gap", "status_rank", "provisional", "declining")
ASSESSMENT_COLUMNS = (*FACT_COLUMNS, *PATH_COLUMNS, *JUDGE_COLUMNS)


def _milestones(facts, as_of: date):
    """The milestones on either side of as_of on the path (see assessment.expected_segment).

    A layer of its own: `_path` refers to each of them several times, and Django would repeat a subquery's whole
    SQL, and the database run it, at every reference. Searched only while the deadline is ahead and a reference
    exists: otherwise the path does not use them (p0 is the deadline, and no milestone lies between as_of and a
    past deadline).
    """
    Milestone = apps.get_model("indicators", "Milestone")
    inner = Milestone.objects.filter(
        target=OuterRef("id"), on__gt=OuterRef("reference_date"), on__lt=OuterRef("deadline")
    )
    before = inner.filter(on__lte=as_of).order_by("-on")
    after = inner.filter(on__gt=as_of).order_by("on")
    searched = Q(deadline__gt=as_of, reference_date__isnull=False)

    def search(milestones, column: str):
        field = Milestone._meta.get_field(column)
        return Case(When(searched, then=Subquery(milestones.values(column)[:1])), output_field=field)

    return facts.annotate(
        _before_on=search(before, "on"),
        _before_value=search(before, "value"),
        _after_on=search(after, "on"),
        _after_value=search(after, "value"),
    ).values("id", *TARGET_COLUMNS, *FACT_COLUMNS, *MILESTONE_COLUMNS)


def _path(facts, as_of: date):
    """The path segment holding as_of (see assessment.expected_segment) and the pace products."""
    deadline_passed = Q(deadline__lte=as_of)
    has_before = Q(_before_on__isnull=False)
    facts = facts.annotate(
        _comparator=F("comparator"),
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
    ).values("id", *TARGET_COLUMNS, *FACT_COLUMNS, *PATH_COLUMNS)


def _judge(qs, as_of: date, thresholds: Thresholds, vendor: str):
    """Status, deadline status, gap and the rest, in the order of assessment._judge."""

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
