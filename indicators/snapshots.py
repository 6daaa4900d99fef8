"""Period-end snapshots: every target's assessment on a past day, stored, for back-dated lists.

A list filtered or ordered by the assessment on a day that is not the stored one (`?as_of=2025-06-30&status=…`)
otherwise judges every target by the pure rules from facts searched in the measurements
(indicators/selectors/targets.py): seconds at national scale. The days people ask about are mostly the ends of
reporting periods, so `store` judges every target on such a day the same way (`assess_all`, the rules of
indicators/rules/assessment.py; nothing is computed in SQL) and keeps the result in `AssessmentSnapshot`; a list on
that day then filters, orders and counts by the snapshot's columns, as it does by the stored assessment for today.

Never stale: a snapshot is derived data, deleted by every write that changes what judged its target on its day
(indicators/state.py: `refresh`, the path of every edit of a target, plan, report or figure, deletes all of a
target's snapshots; `add_figures` those on or after the new figures' earliest date). A list uses a day's snapshots
only when every target has one (`holds`, one query); else it judges every target as before. `manage.py
refresh_assessments` stores them again for the ends of the last reporting periods (`period_ends`).
"""

from datetime import date

from django.db import router, transaction
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, Value

from indicators.conf import thresholds as configured_thresholds
from indicators.models import AssessmentSnapshot, Target
from indicators.querysets import DayNumber, day_number
from indicators.rules.assessment import SEVERITY, Thresholds

__all__ = ["annotate", "forget", "forget_from", "holds", "period_ends", "ready", "store", "with_body"]

BATCH = 2000
# How many of the latest reporting periods' ends `manage.py refresh_assessments` snapshots.
PERIODS = 8


def _basis(on: date, thresholds: Thresholds) -> str:
    from indicators.state import basis  # state imports this module

    return basis(on, thresholds)


def store(on: date, thresholds: Thresholds | None = None, using: str | None = None) -> int:
    """Judge every target on `on` by the pure rules and store the result as that day's snapshot (replacing any),
    with the target's list body as the rules rendered it for that day (`indicators/cards.py`); return how many.
    The targets are locked meanwhile (indicators/locking.py), so no figure can arrive between the judging and the
    writing."""
    from indicators.cards import rendered
    from indicators.selectors.targets import assess_all
    from indicators.state import lock

    db = using or router.db_for_write(Target)
    thresholds = thresholds or configured_thresholds()
    key = _basis(on, thresholds)
    targets = Target.objects.using(db)
    with transaction.atomic(using=db):
        lock(targets)
        rows = {row.id: row for row in assess_all(targets.all(), on, thresholds, keep_combinations=True)}
        AssessmentSnapshot.objects.using(db).filter(basis=key).delete()
        judged = {pk: row.judged for pk, row in rows.items()}
        milestones = {pk: list(row.milestones) for pk, row in rows.items()}
        for batch in rendered(db, rows, on, thresholds, judged, milestones):
            AssessmentSnapshot.objects.using(db).bulk_create(
                [_snapshot(rows[pk], key, body) for pk, body, _ in batch], batch_size=BATCH
            )
    return len(rows)


def _snapshot(row, key: str, body: str) -> AssessmentSnapshot:
    a = row.assessment
    return AssessmentSnapshot(
        target_id=row.id, basis=key, status=a.status.value, severity=SEVERITY[a.status],
        deadline_status=a.deadline_status.value, gap=a.gap, progress=a.progress, body=body,
    )  # fmt: skip


def holds(on: date, thresholds: Thresholds, using: str | None = None) -> bool:
    """True when every target has a snapshot for `on` and `thresholds` (one query)."""
    key = _basis(on, thresholds)
    snapshot = AssessmentSnapshot.objects.filter(target=OuterRef("pk"), basis=key)
    targets = Target.objects.using(using) if using else Target.objects
    return not targets.filter(~Exists(snapshot)).exists()


def ready(ids, key: str):
    """The list bodies of the targets `ids` snapshotted for `key`, as a query of (target id, body) by primary key:
    what a back-dated page shows without judging its rows (a snapshot stored before bodies were kept has none)."""
    return (
        AssessmentSnapshot.objects.filter(target_id__in=ids, basis=key)
        .exclude(body="")
        .values_list("target_id", "body")
    )


def with_body(targets, key: str):
    """`targets` with `snapshot_body`: the list body snapshotted for `key`, or None or "" where there is none."""
    day = FilteredRelation("snapshots", condition=Q(snapshots__basis=key))
    return targets.annotate(day_snapshot=day).annotate(snapshot_body=F("day_snapshot__body"))


def annotate(targets, on: date, thresholds: Thresholds):
    """`targets` with the snapshot's assessment on `on` under the names lists filter and order by (those of
    `TargetQuerySet.with_stored`); only right when `holds(on, thresholds)`."""
    key = _basis(on, thresholds)
    return targets.annotate(snapshot=FilteredRelation("snapshots", condition=Q(snapshots__basis=key))).annotate(
        status=F("snapshot__status"), deadline_status=F("snapshot__deadline_status"), gap=F("snapshot__gap"),
        status_rank=F("snapshot__severity"), progress_key=F("snapshot__progress"),
        days_remaining=DayNumber(F("deadline")) - Value(day_number(on)),
    )  # fmt: skip


def forget(targets, using: str) -> None:
    """Delete every snapshot of the targets of a queryset (something that judged them changed). One query."""
    AssessmentSnapshot.objects.using(using).filter(target__in=targets.order_by().values("pk")).delete()


def forget_from(target_ids, day: date, using: str) -> None:
    """Delete the snapshots of `target_ids` for `day` and later days: a figure dated `day` judges those only."""
    if target_ids:
        # The basis starts with the day's ISO date, so its text orders as the days do.
        AssessmentSnapshot.objects.using(using).filter(
            target_id__in=sorted(target_ids), basis__gte=day.isoformat()
        ).delete()


def period_ends(before: date, using: str | None = None, limit: int = PERIODS) -> list[date]:
    """The ends of the last `limit` reporting periods' data windows before `before` (reporting/models.py)."""
    from reporting.models import ReportingPeriod

    periods = ReportingPeriod.objects.using(using) if using else ReportingPeriod.objects
    ends = periods.filter(window_end__lt=before).order_by("-window_end").values_list("window_end", flat=True)
    return sorted(set(ends.distinct()[:limit]))
