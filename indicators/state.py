"""Keeping Target.known_* current: every write that changes what judges a target refreshes it.

Two kinds of maintained fields, both refreshed in the writing transaction by `refresh`:
- the facts of the judging measurements (latest, earliest, met on time), which hold for any assessment date on or
  after the newest figure; lists, scorecards and the admin judge targets from them instead of the measurements;
- the assessment on one day (`known_basis`: that day and the thresholds), computed by the pure rules and stored so
  that lists filter, order and count by status and gap with an index instead of assessing every target.

Writes call `refresh_for_series` (measurements) or `refresh` (targets); the signals below cover writes made outside
the services (admin, shell). The stored assessment is for today in Asia/Ho_Chi_Minh: `manage.py
refresh_assessments` after midnight moves every target to the new day (docs/deployment.md); until it runs, a
list filtered by status is computed by the database from the facts, slower but just as right.
"""

from datetime import date

from django.db import connections, router, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from indicators.assessment import SEVERITY, Thresholds
from indicators.conf import thresholds as configured_thresholds
from indicators.conf import today
from indicators.judging import judge_targets
from indicators.models import Measurement, Milestone, Target
from provinces.models import Province, Succession

STORED = (
    "known_basis", "known_status", "known_severity", "known_deadline_status", "known_gap", "known_progress",
    "known_provisional", "known_declining",
)  # fmt: skip
BATCH = 2000


def basis(on: date, thresholds: Thresholds) -> str:
    """What a stored assessment was computed for; a list uses it only for this exact day and thresholds."""
    return f"{on.isoformat()} {thresholds.on_track} {thresholds.at_risk} {thresholds.due_soon_days}"


def stored_holds(on: date, thresholds: Thresholds, using: str | None = None) -> bool:
    """True when every target's stored assessment is for `on` and `thresholds` (one indexed query)."""
    key = basis(on, thresholds)
    targets = Target.objects.using(using) if using else Target.objects
    return not targets.filter(Q(known_basis__lt=key) | Q(known_basis__gt=key)).exists()


def refresh(targets) -> int:
    """Recompute the facts, then the stored assessment, of the targets in the queryset; return how many."""
    db = targets._db or router.db_for_write(Target)
    count = targets.using(db).refresh_known()
    store_assessments(targets.using(db))
    return count


def store_assessments(targets, on: date | None = None, thresholds: Thresholds | None = None) -> int:
    """Assess the targets in the queryset on `on` (default today) by the pure rules and store the result; return
    how many rows changed. Reads and writes on the database that takes writes for targets."""
    on = on or today()
    thresholds = thresholds or configured_thresholds()
    key = basis(on, thresholds)
    db = targets._db or router.db_for_write(Target)
    connection = connections[db]
    fields = [Target._meta.get_field(name) for name in STORED]
    changed = []
    queryset = targets.using(db).order_by("pk").prefetch_related("milestones")
    for chunk in _chunks(queryset.iterator(chunk_size=BATCH), BATCH):
        results = judge_targets(chunk, on, thresholds)
        for target in chunk:
            a = results[target.pk].assessment
            new = (key, a.status.value, SEVERITY[a.status], a.deadline_status.value, a.gap, a.progress,
                   a.provisional, a.declining)  # fmt: skip
            if tuple(getattr(target, name) for name in STORED) != new:
                changed.append([f.get_db_prep_save(v, connection) for f, v in zip(fields, new, strict=True)]
                               + [target.pk])  # fmt: skip
    if changed:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        sql = f"UPDATE {quote(Target._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
        with transaction.atomic(using=db, savepoint=False), connection.cursor() as cursor:
            cursor.executemany(sql, changed)
    return len(changed)


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def scope_of(province_id: int | None) -> Q:
    """Targets judged by a figure of `province_id`: that province's plans and its predecessors' and successors'."""
    if province_id is None:
        return Q(plan__province__isnull=True)
    linked = Succession.objects.filter(Q(predecessor_id=province_id) | Q(successor_id=province_id))
    related = {province_id}
    for predecessor_id, successor_id in linked.values_list("predecessor_id", "successor_id"):
        related |= {predecessor_id, successor_id}
    return Q(plan__province__in=related)


def refresh_for_series(series) -> int:
    """Refresh the targets judged by measurements of the given (indicator_id, level, province_id) triples."""
    condition, scopes = Q(), {}
    for indicator_id, level, province_id in set(series):
        if province_id not in scopes:
            scopes[province_id] = scope_of(province_id)
        condition |= Q(indicator_id=indicator_id, level=level) & scopes[province_id]
    if not condition:
        return 0
    return refresh(Target.objects.filter(condition))


@receiver(post_save, sender=Measurement)
@receiver(post_delete, sender=Measurement)
def _measurement_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixtures: `manage.py seed` refreshes everything once at the end
    series = [(instance.indicator_id, instance.level, instance.province_id)]
    previous = getattr(instance, "_loaded_series", None)
    if previous and previous != series[0]:
        series.append(previous)
    refresh_for_series(series)


@receiver(post_save, sender=Target)
def _target_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and all(name.startswith("known_") for name in update_fields)):
        return
    refresh(Target.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Milestone)
@receiver(post_delete, sender=Milestone)
def _milestone_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # the expected path moved: the facts stay, the stored assessment may not
        store_assessments(Target.objects.filter(pk=instance.target_id))


@receiver(post_save, sender=Succession)
@receiver(post_delete, sender=Succession)
@receiver(post_save, sender=Province)
def _division_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(Target.objects.all())


KNOWN_FIELDS = [field.name for field in Target._meta.fields if field.name.startswith("known_")]
