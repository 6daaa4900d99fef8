"""Target lists filtered or ordered by the assessment on a day that is not the stored one.

Today's assessment is stored on every target (indicators/state.py) and a list filters and orders on those columns
in SQL. For any other day (a back-dated `as_of`, or today before `manage.py refresh_assessments` ran) every target
is judged here by the pure rules (indicators/rules/assessment.py), and the list is filtered, ordered and paged in
Python. The database gives facts only, set-wise rather than per target:

- the targets' rules and maintained facts, which hold for every target whose newest figure is on or before the day;
- for the others, the newest and the oldest active figure on or before the day of each series (indicator, level,
  province) they are judged by (on PostgreSQL two index searches a series, from either end, so the cost follows
  the series and not the figures; elsewhere one aggregate over the figures; then those figures by id), combined
  per target over its province's lineage (indicators/lineage.py) as `assessment.latest_of` / `earliest_of` would.

Nine queries at most whatever the number of targets: the targets, their milestones, the successions, the series'
ends and their figures (these two only when a target has a figure dated after the day), and for the targets of a
merged unit its predecessors, the stored combinations and the figures of the series they do not answer for,
combined by the rules (indicators/merged.py; only when there is such a target).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import Case, CharField, F, IntegerField, Max, Min, QuerySet, Value, When

from indicators.judging import Judged, decimal_or_none, judging_annotations, met_on_time_on
from indicators.lineage import counting, lineage_map, lineage_of
from indicators.merged import Series, combinations
from indicators.models import Measurement, Milestone, Unit
from indicators.querysets import DayNumber
from indicators.rules import assessment
from indicators.rules.assessment import SEVERITY, Comparator, Facts, Reading, Thresholds
from indicators.rules.figures import Qualifier

__all__ = ["AssessedRow", "assess_all", "keep", "order_rows", "with_statuses"]


@dataclass(frozen=True)
class AssessedRow:
    """One target of a list, assessed: what the filters and the orderings read."""

    id: int
    deadline: date
    value: object
    judged: Judged
    milestones: tuple[assessment.Milestone, ...]  # as `judging.attach_milestones` attaches them

    @property
    def assessment(self) -> assessment.Assessment:
        return self.judged.assessment


def assess_all(
    targets: QuerySet, as_of: date, thresholds: Thresholds, *, keep_combinations: bool = False
) -> list[AssessedRow]:
    """Every target of the queryset assessed on `as_of` by the pure rules. Three to nine queries (module docstring).
    `keep_combinations`: the caller locked the targets; the merged units' combinations it computes are stored
    (`merged.combinations`)."""
    db = targets.db
    rows = list(
        targets.order_by().annotate(**judging_annotations()).values(*RULE_FIELDS, *KNOWN_READ, "plan_predecessors")
    )
    milestones: dict[int, list[assessment.Milestone]] = {}
    points = (
        Milestone.objects.using(db)
        .filter(target__in=targets.order_by().values("pk"))
        .order_by("target_id", "on")
        .values_list("target_id", "on", "value")
    )
    for target_id, on, value in points:
        milestones.setdefault(target_id, []).append(assessment.Milestone(on, value))
    linked = lineage_map(db, judging=True)  # a merged unit is never judged on one predecessor's figure
    searched = [row for row in rows if row["known_latest_as_of"] is not None and row["known_latest_as_of"] > as_of]
    needed = {(row["indicator_id"], row["level"], p) for row in searched
              for p in lineage_of(row["plan__province_id"], linked)}  # fmt: skip
    ends = _series_ends(searched, needed, as_of, db) if searched else {}
    # A merged unit's targets: its predecessors' figures count only combined (indicators/merged.py).
    merged = [
        Series(row["id"], row["plan__province_id"], row["indicator_id"], row["level"], row["unit"])
        for row in rows
        if (row["plan_predecessors"] or 0) > 1
    ]
    combined = combinations(merged, as_of, db, keep=keep_combinations)
    assessed = []
    for row in rows:
        rule = assessment.TargetRule(
            comparator=Comparator(row["comparator"]),
            value=decimal_or_none(row["value"]),
            deadline=row["deadline"],
            baseline_value=decimal_or_none(row["baseline_value"]),
            baseline_date=row["baseline_date"],
            milestones=tuple(milestones.get(row["id"], ())),
            is_boolean=row["unit"] == Unit.BOOLEAN,
        )
        if row["known_latest_as_of"] is None or row["known_latest_as_of"] <= as_of:
            facts, key, name = _known(row), row["known_latest_province_key"], row["known_latest_province_name"]
        else:
            series = [(row["indicator_id"], row["level"], p) for p in lineage_of(row["plan__province_id"], linked)]
            facts, key, name = _combined(rule, [ends[s] for s in series if s in ends], row["known_met_on_time"],
                                         as_of)  # fmt: skip
        combination = combined.get(row["id"])
        if combination is not None:
            facts = assessment.with_readings(rule, facts, combination.readings)
        judged = Judged(assessment.judge(rule, facts, as_of, thresholds), key, name, combination)
        assessed.append(AssessedRow(row["id"], row["deadline"], rule.value, judged, rule.milestones))
    return assessed


RULE_FIELDS = ("id", "comparator", "value", "deadline", "unit", "baseline_value", "baseline_date", "indicator_id",
               "level", "plan__province_id")  # fmt: skip
KNOWN_READ = (
    "known_latest_id", "known_latest_value", "known_latest_qualifier", "known_latest_is_estimate",
    "known_latest_as_of", "known_latest_province_key", "known_latest_province_name", "known_earliest_value", "known_earliest_qualifier",
    "known_earliest_as_of", "known_met_on_time",
)  # fmt: skip


def _known(row: dict) -> Facts:
    """The maintained facts of a target row (they hold: no figure is dated after the day)."""
    if row["known_latest_id"] is None:
        return Facts()
    latest = Reading(
        on=row["known_latest_as_of"], value=decimal_or_none(row["known_latest_value"]),
        qualifier=Qualifier(row["known_latest_qualifier"]), is_estimate=bool(row["known_latest_is_estimate"]),
        seq=row["known_latest_id"], ref=row["known_latest_id"],
    )  # fmt: skip
    earliest = Reading(
        on=row["known_earliest_as_of"], value=decimal_or_none(row["known_earliest_value"]),
        qualifier=Qualifier(row["known_earliest_qualifier"]),
    )  # fmt: skip
    return Facts(latest=latest, earliest=earliest, met_on_time=bool(row["known_met_on_time"]))


@dataclass(frozen=True)
class _Ends:
    """The newest and the oldest active figure of one series on or before the day, and the newest one's province."""

    latest: Reading
    earliest: Reading
    latest_province_key: str | None
    latest_province_name: str | None


def _combined(rule: assessment.TargetRule, ends: list[_Ends], met_by_deadline: bool, as_of: date):
    """A target's facts on `as_of` from the ends of the series that judge it, and the latest figure's province."""
    if not ends:
        return Facts(), None, None
    newest = max(ends, key=lambda e: (e.latest.on, e.latest.seq))
    latest = newest.latest
    earliest = assessment.earliest_of(e.earliest for e in ends)
    met = met_on_time_on(rule, latest, met_by_deadline, as_of)
    return (
        Facts(latest=latest, earliest=earliest, met_on_time=met),
        newest.latest_province_key,
        newest.latest_province_name,
    )


# A figure's place in time as one integer, so that one MAX (MIN) over a series finds its newest (oldest) figure:
# the day, then the entry order (the id) among figures of the same day. Ids stay below SPAN.
SPAN = 10**10


def _series_ends(rows: list[dict], needed: set[tuple], as_of: date, db: str) -> dict[tuple, _Ends]:
    """The ends on `as_of` of the series (indicator, level, province) the targets `rows` are judged by (`needed`),
    then the chosen figures by id: two queries."""
    postgres = connections[db].vendor == "postgresql"
    pairs = _probed(needed, as_of, db) if postgres else _aggregated(rows, as_of, db)
    figures = (
        Measurement.objects.using(db)
        .filter(id__any_of=sorted({pk for pair in pairs for pk in pair}))
        .values_list("id", "indicator_id", "level", "province_id", "as_of", "value", "qualifier", "is_estimate",
                     "province__key", "province__name")
    )  # fmt: skip
    by_id = {}
    for pk, indicator_id, level, province_id, on, value, qualifier, is_estimate, key, name in figures:
        reading = Reading(
            on=on, value=decimal_or_none(value), qualifier=Qualifier(qualifier), is_estimate=bool(is_estimate),
            seq=pk, ref=pk,
        )  # fmt: skip
        by_id[pk] = ((indicator_id, level, province_id), reading, key, name)
    result = {}
    for newest, oldest in pairs:
        series, latest, key, name = by_id[newest]
        result[series] = _Ends(latest, by_id[oldest][1], key, name)
    return result


def _aggregated(rows: list[dict], as_of: date, db: str) -> list[tuple[int, int]]:
    """(newest id, oldest id) of every series of the indicators and levels of `rows` on `as_of`: one aggregate over
    the figures (a hash aggregate: no sort, no window). It reads every figure up to the day."""
    active = Measurement.objects.using(db).filter(
        counting(),  # approved figures only, as every judging query (a submitted or deleted report's never)
        as_of__lte=as_of,
        indicator_id__in=sorted({row["indicator_id"] for row in rows}),
        level__in=sorted({row["level"] for row in rows}),
    )
    day = DayNumber(F("as_of")) * Value(SPAN)
    ends = (
        active.order_by()
        .values("indicator_id", "level", "province_id")
        # Latest: the last day, then the highest id; earliest: the first day, then (as `earliest_of`) the highest id.
        .annotate(newest=Max(day + F("id")), oldest=Min(day + Value(SPAN - 1) - F("id")))
        .values_list("newest", "oldest")
    )
    return [(newest % SPAN, SPAN - 1 - oldest % SPAN) for newest, oldest in ends]


def _probed(needed: set[tuple], as_of: date, db: str) -> list[tuple[int, int]]:
    """(newest id, oldest id) of each series of `needed` that has a figure on or before `as_of`, on PostgreSQL: two
    index searches a series (measurement_lookup, from either end), so the cost follows the number of series and
    not the number of figures. The series come as arrays, one a column; national series (no province) apart."""
    connection = connections[db]
    quote = connection.ops.quote_name
    table = quote(Measurement._meta.db_table)
    query = Measurement.objects.using(db).filter(counting()).query
    counts, counts_params = query.where.as_sql(query.get_compiler(using=db), connection)

    def probe(province: str, order: str) -> str:
        # Latest: the last day, then the highest id; earliest: the first day, then (as `earliest_of`) the highest id.
        return (
            f"(SELECT {table}.id FROM {table} WHERE {table}.indicator_id = s.i AND {table}.level = s.l AND {province} "
            f"AND {table}.as_of <= %s AND {counts} ORDER BY {table}.as_of {order}, {table}.id DESC LIMIT 1)"
        )

    each = [as_of, *counts_params]
    local = sorted(s for s in needed if s[2] is not None)
    national = sorted((s[0], s[1]) for s in needed if s[2] is None)
    sql = (
        f"SELECT {probe(f'{table}.province_id = s.p', 'DESC')}, {probe(f'{table}.province_id = s.p', 'ASC')} "
        "FROM unnest(%s::bigint[], %s::text[], %s::bigint[]) AS s(i, l, p) UNION ALL "
        f"SELECT {probe(f'{table}.province_id IS NULL', 'DESC')}, {probe(f'{table}.province_id IS NULL', 'ASC')} "
        "FROM unnest(%s::bigint[], %s::text[]) AS s(i, l)"
    )
    params = [*each, *each, [s[0] for s in local], [s[1] for s in local], [s[2] for s in local],
              *each, *each, [s[0] for s in national], [s[1] for s in national]]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(newest, oldest) for newest, oldest in cursor.fetchall() if newest is not None]


def keep(rows: Iterable[AssessedRow], status: Sequence[str], deadline_status: Sequence[str]) -> list[AssessedRow]:
    """The rows whose status is one of `status` and deadline status one of `deadline_status` (empty: any), as
    the list's repeatable parameters ask."""
    return [
        row
        for row in rows
        if (not status or row.assessment.status.value in status)
        and (not deadline_status or row.assessment.deadline_status.value in deadline_status)
    ]


# The list's orderings (indicators/api/views/targets.py, TargetViewSet.ordering_fields) as keys of an assessed row.
SORT_KEYS: dict[str, Callable[[AssessedRow, date], object]] = {
    "deadline": lambda row, as_of: row.deadline,
    "gap": lambda row, as_of: row.assessment.gap,
    "days_remaining": lambda row, as_of: (row.deadline - as_of).days,
    "status": lambda row, as_of: SEVERITY[row.assessment.status],
    "progress": lambda row, as_of: row.assessment.progress,
    "value": lambda row, as_of: row.value,
    "id": lambda row, as_of: row.id,
}


def order_rows(rows: Iterable[AssessedRow], terms: Sequence[str], as_of: date) -> list[AssessedRow]:
    """`rows` ordered by `terms` as the SQL ordering does it (indicators/filtersets.py, OrderingFilter): `-` for
    descending, NULLs last either way, ties broken by id."""
    ordered = sorted(rows, key=lambda row: row.id)
    for term in reversed(terms):
        key = SORT_KEYS[term.removeprefix("-")]
        present = [row for row in ordered if key(row, as_of) is not None]
        absent = [row for row in ordered if key(row, as_of) is None]
        # Python's sort is stable, also reversed: rows equal on this key keep the order of the keys after it.
        present.sort(key=lambda row: key(row, as_of), reverse=term.startswith("-"))
        ordered = present + absent
    return ordered


def with_statuses(targets: QuerySet, rows: Iterable[AssessedRow]) -> QuerySet:
    """`targets` annotated with the `status`, `status_rank` and `deadline_status` of assessed `rows` (the names
    `TargetQuerySet.with_stored` gives the stored ones), for the admin's list on a day the stored assessment does
    not hold. One CASE over the ids of each status: the values come from the rules, the database only sorts."""
    by_status: dict[assessment.Status, list[int]] = {}
    by_deadline: dict[assessment.DeadlineStatus, list[int]] = {}
    for row in rows:
        by_status.setdefault(row.assessment.status, []).append(row.id)
        by_deadline.setdefault(row.assessment.deadline_status, []).append(row.id)

    def case(groups: dict, value, field):
        whens = [When(pk__in=ids, then=Value(value(key))) for key, ids in groups.items()]
        return Case(*whens, default=Value(None), output_field=field)

    return targets.annotate(
        status=case(by_status, lambda s: s.value, CharField()),
        status_rank=case(by_status, lambda s: SEVERITY[s], IntegerField()),
        deadline_status=case(by_deadline, lambda s: s.value, CharField()),
    )
