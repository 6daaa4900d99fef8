"""Facts about targets computed by the database: which measurements judge them, the latest and the earliest, and
whether one met the target by its deadline; and today's stored assessment under the names lists order by.

The database computes facts only, never statuses: the assessment is the pure rules of
`indicators/rules/assessment.py`, applied in Python to these facts (indicators/judging.py,
indicators/selectors/targets.py). Which measurements judge a target is `indicators/lineage.py`.
"""

from datetime import date

from django.apps import apps
from django.db import connections, models, router, transaction
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When

from indicators import maintained
from indicators.lineage import Figures, judging_outer_target
from indicators.rules.assessment import NOT_MET_AT_EQUALITY, Comparator

DECIMAL = models.DecimalField(max_digits=40, decimal_places=10)


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
    """`assessment.is_met` as a condition, to find the figures that met a target (a fact: `met_on_time`); the
    comparator must be annotated as `_comparator`."""
    target = F("value") if target is None else target
    conditions = Q()
    for comparator, beats in ((Comparator.AT_LEAST, "gt"), (Comparator.AT_MOST, "lt")):
        unproven = sorted(NOT_MET_AT_EQUALITY[comparator])
        met = Q(**{f"{value}__{beats}": target}) | (Q(**{value: target}) & ~Q(**{f"{qualifier}__in": unproven}))
        conditions |= Q(_comparator=comparator.value) & met
    return conditions


class TargetQuerySet(models.QuerySet):
    def with_stored(self, as_of: date):
        """The assessment stored for `as_of` (indicators/state.py) under the names lists filter and order by
        (the same as `selectors.targets.with_statuses`); only right when `state.stored_holds(as_of, …)`. The latest figure is the
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

    def measured(self, as_of: date, names=None, figures: str = Figures.APPROVED) -> dict:
        """The judging measurements' facts as correlated subqueries (the slow, always-right path).

        The judging measurements of `indicators.lineage`; each fact is a CASE choosing the national or the provincial
        form of its subquery (`lineage.judging_outer_target`), so each runs as a few index searches.
        """
        facts = {}
        for national in (True, False):
            scoped = judging_outer_target(as_of, national=national, figures=figures)
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

    def _facts(self, as_of: date, figures: str = Figures.APPROVED):
        # The maintained facts hold once every judging measurement is dated on or before as_of; they are of the
        # approved figures only, so with submitted ones too every fact is searched.
        known_holds = Q(known_latest_as_of__isnull=True) | Q(known_latest_as_of__lte=as_of)
        measured = self.measured(as_of, KNOWN, figures)
        facts = {
            name: Case(
                When(known_holds, then=F(f"known_{name}")),
                default=expression,
                output_field=self.model._meta.get_field(f"known_{name}"),
            )
            for name, expression in measured.items()
        }
        if figures == Figures.SUBMITTED:
            facts = measured
        return self.annotate(**facts).values("id", *KNOWN)


KNOWN = maintained.FACTS
