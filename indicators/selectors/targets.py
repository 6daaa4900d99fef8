"""Target lists filtered or ordered by the assessment on a day that is not the stored one.

Today's assessment is stored on every target (indicators/state.py) and a list filters and orders on those columns
in SQL. For any other day (a back-dated `as_of`, or today before `manage.py refresh_assessments` ran) the database
gives facts only: each target's rule and its latest and earliest judging figures on that day
(`TargetQuerySet._facts`). The pure rules (indicators/rules/assessment.py) then judge every target, and the list is
filtered, ordered and paged here, in Python. Two queries whatever the number of targets: the facts, the milestones.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, IntegerField, QuerySet, Value, When

from indicators.judging import Judged, decimal_or_none, known_province_key, row_facts
from indicators.models import Milestone, Unit
from indicators.querysets import KNOWN
from indicators.rules import assessment
from indicators.rules.assessment import SEVERITY, Comparator, Thresholds

__all__ = ["AssessedRow", "assess_all", "keep", "order_rows", "with_statuses"]


@dataclass(frozen=True)
class AssessedRow:
    """One target of a list, assessed: what the filters and the orderings read."""

    id: int
    deadline: date
    value: object
    judged: Judged

    @property
    def assessment(self) -> assessment.Assessment:
        return self.judged.assessment


def assess_all(targets: QuerySet, as_of: date, thresholds: Thresholds) -> list[AssessedRow]:
    """Every target of the queryset assessed on `as_of` by the pure rules, by id. Two queries."""
    rules = ("baseline_value", "baseline_date")
    rows = list(
        targets.order_by()
        ._facts(as_of)
        .annotate(latest_province_key=known_province_key("latest_province_id"))
        .values("id", "comparator", "value", "deadline", "unit", *rules, *KNOWN, "latest_province_key")
    )
    milestones: dict[int, list] = {}
    points = (
        Milestone.objects.using(targets.db)
        .filter(target__in=targets.order_by().values("pk"))
        .order_by("target_id", "on")
        .values_list("target_id", "on", "value")
    )
    for target_id, on, value in points:
        milestones.setdefault(target_id, []).append(assessment.Milestone(on, value))
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
        result = assessment.judge(rule, row_facts(row.get), as_of, thresholds)
        judged = Judged(result, row["latest_province_key"])
        assessed.append(AssessedRow(row["id"], row["deadline"], rule.value, judged))
    return assessed


def keep(rows: Iterable[AssessedRow], status: Sequence[str], deadline_status: Sequence[str]) -> list[AssessedRow]:
    """The rows whose status is one of `status` and deadline status one of `deadline_status` (empty: any), as
    the list's repeatable parameters ask."""
    return [
        row
        for row in rows
        if (not status or row.assessment.status.value in status)
        and (not deadline_status or row.assessment.deadline_status.value in deadline_status)
    ]


# The list's orderings (indicators/api/views.py, TargetViewSet.ordering_fields) as keys of an assessed row.
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
