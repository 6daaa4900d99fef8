"""Keeping Target.known_* current: every write that changes what judges a target refreshes it.

Two kinds of maintained fields, both refreshed in the writing transaction by `refresh`:
- the facts of the judging measurements (latest, earliest, met on time), which hold for any assessment date on or
  after the newest figure; lists, scorecards and the admin judge targets from them instead of the measurements;
- the assessment on one day (`known_basis`: that day and the thresholds), computed by the pure rules and stored so
  that lists filter, order and count by status and gap with an index instead of assessing every target.

Only the service functions (indicators/services/) call these, explicitly, in the writing transaction, after
taking the locks of indicators/locking.py: there are no signals, so a write that bypasses the services (a shell's
`.save()`, raw SQL) is found by `manage.py refresh_assessments --check`. A change of provinces or successions
(fixtures, the shell) needs `manage.py refresh_assessments`. The stored assessment is for today in Asia/Ho_Chi_Minh: `manage.py
refresh_assessments` after midnight moves every target to the new day (docs/deployment.md); until it runs, a
list filtered by status is computed by the database from the facts, slower but just as right.
"""

from datetime import date

from django.db import connections, router, transaction
from django.db.models import Q

from dtrack.db import bulk_cursor
from indicators import cards, events, maintained, merged, snapshots
from indicators.conf import thresholds as configured_thresholds
from indicators.conf import today
from indicators.judging import attach_milestones, judge_targets, judging_annotations
from indicators.lineage import in_lineage, lineage_map, lineage_of
from indicators.locking import lock_targets
from indicators.maintained import FACTS as KNOWN
from indicators.merged import annotations as merged_annotations
from indicators.models import KNOWN_FIELDS, Target
from indicators.rules.assessment import SEVERITY, Comparator, TargetRule, Thresholds, is_met
from indicators.rules.cycle import Standing
from indicators.rules.figures import Qualifier
from provinces.models import Province

__all__ = [
    "KNOWN_FIELDS", "add_figures", "basis", "judged_by", "lock", "lock_series", "refresh", "refresh_for_series", "scope_of",
    "store_assessments", "stored_holds",
]  # fmt: skip

STORED = maintained.STORED
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
    targets = targets.using(db)
    with transaction.atomic(using=db):
        lock(targets)
        # What their merged units' predecessors' figures combine into may have changed too: stored again below.
        merged.forget(targets, db)
        count = targets.refresh_known()
        store_assessments(targets)
        # Whatever changed may change their assessment on past days too (indicators/snapshots.py).
        snapshots.forget(targets, db)
    return count


def lock(targets) -> None:
    """Lock the targets' rows until the transaction ends, in id order (so two writers queue, never deadlock).

    Two reports judging the same target at once would otherwise each compute its facts without the other's figures,
    and the one committing last would win; the one that waited here reads what the other committed. (SQLite has one
    writer at a time anyway: a no-op there.) Step 3 of the lock order of indicators/locking.py."""
    lock_targets(targets)


def store_assessments(targets, on: date | None = None, thresholds: Thresholds | None = None) -> int:
    """Assess the targets in the queryset on `on` (default today) by the pure rules and store the result; return
    how many rows changed. Reads and writes on the database that takes writes for targets."""
    db = targets._db or router.db_for_write(Target)
    queryset = targets.using(db).annotate(**merged_annotations()).order_by("pk")
    chunks = _chunks(queryset.iterator(chunk_size=BATCH), BATCH)
    return sum(_store(attach_milestones(chunk), db, on, thresholds) for chunk in chunks)


def _store(targets: list, db: str, on: date | None = None, thresholds: Thresholds | None = None) -> int:
    """`store_assessments` for loaded targets (milestones attached)."""
    on, thresholds = on or today(), thresholds or configured_thresholds()
    judged = judge_targets(targets, on, thresholds, keep=True)
    values = _stored_values(targets, on, thresholds, judged)
    rows = [(t.pk, values[t.pk]) for t in targets if tuple(getattr(t, name) for name in STORED) != values[t.pk]]
    # Every target's card, not only the changed assessments': the target itself may have changed (a refresh).
    _persist(db, STORED, rows, targets, on, thresholds, judged)
    _announce(db, [(t.pk, t.known_status, values[t.pk]) for t in targets])
    return len(rows)


def _announce(db: str, changes) -> None:
    """Emit "target.status_changed" (indicators/events.py) for the (id, old status, new STORED values) whose status
    differs, in the writing transaction; the payloads cost one query, spent only when someone listens."""
    changed = [(pk, old, values[1], values[0].split(" ", 1)[0]) for pk, old, values in changes if old != values[1]]
    if not changed:
        return

    def payloads():
        rows = Target.objects.using(db).filter(pk__in=[pk for pk, *_ in changed])
        about = {row[0]: row for row in rows.values_list("pk", "plan_id", "plan__province__key", "indicator__code",
                                                          "level")}  # fmt: skip
        return [{"target": pk, "plan": about[pk][1], "province": about[pk][2], "indicator": about[pk][3],
                 "level": about[pk][4], "from": old or None, "to": new, "on": on}
                for pk, old, new, on in changed if pk in about]  # fmt: skip

    events.emit_many("target.status_changed", payloads)


def _persist(
    db: str, names, rows, targets, on: date, thresholds: Thresholds | None = None, judged=None, loaded: bool = False
) -> None:
    """Write the maintained fields of `rows`, then the cards (indicators/cards.py) of `targets` (loaded, milestones
    attached) for the same day and thresholds: what the default list shows follows every write of the stored
    assessment. `judged`: their assessments on that day already (`judge_targets`), which the cards then show
    instead of judging them again; their milestones are not read again either. `loaded`: `targets` were read with
    what the cards show (`judging_annotations()`, plan, province, indicator) and are current: not read again."""
    _update(db, names, rows)
    milestones = {t.pk: t.attached_milestones for t in targets}
    cards.store(db, list(milestones), on, thresholds, judged=judged, milestones=milestones,
                rows=targets if loaded else None)  # fmt: skip


def _stored_values(targets: list, on: date | None = None, thresholds: Thresholds | None = None, judged=None) -> dict:
    """The STORED fields of each target (milestones attached), assessed on `on` (default today), by id; `judged`:
    their assessments on that day already (`judge_targets`)."""
    on = on or today()
    thresholds = thresholds or configured_thresholds()
    key = basis(on, thresholds)
    values = {}
    if judged is None:
        judged = judge_targets(targets, on, thresholds)
    for pk, one in judged.items():
        a = one.assessment
        values[pk] = (key, a.status.value, SEVERITY[a.status], a.deadline_status.value, a.gap, a.progress,
                      a.provisional, a.declining)  # fmt: skip
    return values


def _update(db: str, names, rows) -> None:
    """Write the changed targets' fields: on PostgreSQL one UPDATE from arrays (unnest), elsewhere one plain UPDATE
    per target sent as a batch (a CASE over many ids would cost the square of them)."""
    if not rows:
        return
    connection = connections[db]
    fields = [Target._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    table = quote(Target._meta.db_table)
    params = [[pk, *(f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True))]
              for pk, values in rows]  # fmt: skip
    with transaction.atomic(using=db, savepoint=False), bulk_cursor(connection) as cursor:
        if connection.vendor == "postgresql":
            # One array per column: a VALUES list would be thousands of placeholders for the driver to parse.
            arrays = ", ".join(["%s::bigint[]", *(f"%s::{f.cast_db_type(connection)}[]" for f in fields)])
            columns = ", ".join(quote(f.column) for f in fields)
            assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM unnest({arrays}) AS v(id, {columns}) "
                f"WHERE t.{quote('id')} = v.id",
                [list(column) for column in zip(*params, strict=True)],
            )
        else:
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s", [[*p[1:], p[0]] for p in params]
            )


def add_figures(measurements, *, locked: bool = False) -> int:
    """Fold newly inserted, active measurements into the facts of the targets they judge, then store those targets'
    assessment; return how many targets were examined. Reads no measurement: a new figure is the latest of its
    date (it has the highest id), so the facts follow from the old facts and the new figures alone. Deletions and
    moves need `refresh_for_series` instead. `locked`: the caller locked the targets before inserting the figures
    (`lock_series`), which is what makes ids follow the order the facts are folded in."""
    measurements = [m for m in measurements if m.standing >= Standing.APPROVED]  # what `lineage.counting()` counts
    condition = judged_by({(m.indicator_id, m.level, m.province_id) for m in measurements})
    if condition is None:
        return 0
    db = router.db_for_write(Target)
    judged = Target.objects.using(db).filter(condition)
    if not locked:
        lock(judged)
    # Read with what their cards show: rendered from these rows below, once their facts are folded.
    targets = list(judged.select_related("plan__province", "indicator").annotate(**judging_annotations())
                   .order_by("pk"))  # fmt: skip
    provinces = _provinces_of(measurements)
    by_series: dict[tuple, list] = {}
    for m in sorted(measurements, key=lambda m: m.pk):
        by_series.setdefault((m.indicator_id, m.level, m.province_id), []).append(m)
    reporting: dict[tuple, set] = {}
    for indicator_id, level, province_id in by_series:
        reporting.setdefault((indicator_id, level), set()).add(province_id)
    linked = lineage_map(db, judging=True)
    on = today()
    changed, touched, combined = [], [], []
    for target in targets:
        province = target.plan.province_id
        judging = [
            m
            for other in lineage_of(province, linked)
            for m in by_series.get((target.indicator_id, target.level, other), ())
        ]
        # A target whose newest figure is dated after today (a projection) is judged today on the figures up to
        # today: a new figure can change that while leaving the facts (which hold from the newest date) alone.
        folded = bool(judging) and (_fold(target, judging, provinces) or _after_today(target, on))
        part = _combined_part(target, reporting, lineage_of(province, linked))
        if part:
            # A figure of a merged unit's predecessor: what the predecessors' figures combine into may change
            # (indicators/merged.py), even when no fact of the target does.
            combined.append(target.pk)
        if folded or part:
            changed.append(target)
        if judging or part:
            touched.append(target.pk)
    # A figure dated in the past may change the target's assessment on that day and later, even when its facts
    # (which hold from the newest figure on) stay: its snapshots from that day on are deleted.
    snapshots.forget_from(touched, min(m.as_of for m in measurements), db)
    if combined:
        merged.forget(Target.objects.filter(pk__in=combined), db)
    # Only their assessment can have changed: the others keep their facts, rules and stored day. Facts and
    # assessment are written together: each UPDATE of a row rewrites it and its index entries.
    thresholds = configured_thresholds()
    judged = judge_targets(attach_milestones(changed), on, thresholds, keep=True) if changed else {}
    assessed = _stored_values(changed, on, thresholds, judged)
    _persist(db, [*(f"known_{name}" for name in KNOWN), *STORED],
             [(t.pk, (*(getattr(t, f"known_{name}") for name in KNOWN), *assessed[t.pk])) for t in changed],
             changed, on, thresholds, judged, loaded=True)  # fmt: skip
    _announce(db, [(t.pk, t.known_status, assessed[t.pk]) for t in changed])
    return len(targets)


def _provinces_of(measurements) -> dict[int, tuple[str, str]]:
    """(key, name) of the measurements' provinces, by id: from the instances the services attached (a report's
    province), else one query."""
    field = type(measurements[0]).province if measurements else None
    known = {m.province_id: (m.province.key, m.province.name) for m in measurements
             if field.is_cached(m) and m.province is not None}  # fmt: skip
    missing = {m.province_id for m in measurements} - set(known) - {None}
    if missing:
        rows = Province.objects.filter(pk__in=sorted(missing)).values_list("pk", "key", "name")
        known.update((pk, (key, name)) for pk, key, name in rows)
    return known


def _fold(target, figures, provinces: dict) -> bool:
    """Fold `figures` (new, ordered by id) into `target`'s known facts in place, and the latest figure's province
    (`judging_annotations()`, from `provinces`: (key, name) by id); return whether the facts changed."""
    before = tuple(getattr(target, f"known_{name}") for name in KNOWN)
    # is_met needs the comparator and the value only (rule() would read the milestones, a query per target here).
    rule = TargetRule(comparator=Comparator(target.comparator), value=target.value, deadline=target.deadline)
    for m in figures:
        # Ties on the date go to the later entry (the higher id), as in the rules, whatever order they come in.
        if target.known_latest_id is None or (m.as_of, m.pk) > (target.known_latest_as_of, target.known_latest_id):
            target.known_latest_id, target.known_latest_value = m.pk, m.value
            target.known_latest_qualifier, target.known_latest_is_estimate = m.qualifier, m.is_estimate
            target.known_latest_as_of, target.known_latest_province_id = m.as_of, m.province_id
            target.known_latest_province_key, target.known_latest_province_name = provinces.get(
                m.province_id, (None, None)
            )
        if target.known_earliest_as_of is None or m.as_of <= target.known_earliest_as_of:
            target.known_earliest_value, target.known_earliest_qualifier = m.value, m.qualifier
            target.known_earliest_as_of = m.as_of
        if m.as_of <= target.deadline and is_met(rule, m.value, Qualifier(m.qualifier)):
            target.known_met_on_time = True
    return tuple(getattr(target, f"known_{name}") for name in KNOWN) != before


def _combined_part(target, reporting: dict, judging: frozenset) -> bool:
    """Whether a new figure of the target's indicator and level is of a unit in its province's lineage (the
    targets examined are) but not among those that judge it: a predecessor of its merged unit. `reporting`: the
    units with new figures, by (indicator id, level)."""
    return any(province not in judging for province in reporting.get((target.indicator_id, target.level), ()))


def _after_today(target, on: date) -> bool:
    return target.known_latest_as_of is not None and target.known_latest_as_of > on


def lock_series(series) -> None:
    """Lock (step 3 of indicators/locking.py) the targets judged by measurements of the (indicator_id, level,
    province_id) triples, before the figures are written."""
    condition = judged_by(set(series))
    if condition is not None:
        lock(Target.objects.using(router.db_for_write(Target)).filter(condition))


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
    """Targets judged by a figure of `province_id`: the plans of its lineage (indicators/lineage.py)."""
    return in_lineage(province_id, "plan__province")


def judged_by(series) -> Q | None:
    """Targets judged by measurements of the given (indicator_id, level, province_id) triples, or a few more.

    One condition per province scope (its indicators and levels as two IN lists, so a target of an indicator at
    another level of that list may be included: refreshing it changes nothing): an OR over every triple would make
    the database test each condition on every target."""
    by_scope: dict = {}
    for indicator_id, level, province_id in series:
        indicators, levels = by_scope.setdefault(province_id, (set(), set()))
        indicators.add(indicator_id)
        levels.add(level)
    condition = None
    for province_id, (indicators, levels) in by_scope.items():
        part = Q(indicator_id__in=sorted(indicators), level__in=sorted(levels)) & scope_of(province_id)
        condition = part if condition is None else condition | part
    return condition


def refresh_for_series(series) -> int:
    """Refresh the targets judged by measurements of the given (indicator_id, level, province_id) triples."""
    condition = judged_by(set(series))
    return 0 if condition is None else refresh(Target.objects.filter(condition))
