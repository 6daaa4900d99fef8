"""The cascade on the database side: parents checked on writes, flags kept current, a parent's children judged.

The comparisons are the pure rules of indicators/rules/cascade.py (and indicators/rules/inputs.py for a parent);
this module reads their inputs set-wise and stores or shows what they return (docs/assessment.md, "Cascade").

Flags depend only on targets of the same indicator (a parent measures the same indicator; competing targets do
too), so a write refreshes the flags of its indicators' targets: the indicators' rows locked, their targets read
(one query each), the rows whose flags changed written, and the cards of those rows (indicators/cards.py),
whatever the number of targets.

The lock on the indicators (`SELECT … FOR UPDATE`, after the locks of indicators/locking.py) makes two writers of
one indicator's targets compute its flags one after the other: the second reads what the first committed, so two
targets written at once that compete are both flagged. A flag written on another target's row can meet a writer
holding that row: a deadlock the database breaks, and `locking.retrying` runs the losing write again.
"""

from collections import Counter
from datetime import date

from django.db import router

from indicators import cards
from indicators.judging import attach_milestones, judge_targets, known_province_key
from indicators.lineage import Figures
from indicators.maintained import FLAGS
from indicators.models import Indicator, Plan, Target
from indicators.rules import cascade as rules
from indicators.rules.assessment import SEVERITY, Status, Thresholds

__all__ = ["FLAG_FIELDS", "children_of", "competitors", "parent_links", "promises", "refresh_flags"]

# Each flag's column on Target (indicators/maintained.py FLAGS): `flag_<name>`.
FLAG_FIELDS = {flag: f"flag_{flag.value}" for flag in rules.Flag}
PROMISE_FIELDS = (
    "id",
    "plan_id",
    "plan__province_id",
    "plan__status",
    "indicator_id",
    "indicator__direction",
    "level",
    "responsible_unit",
    "comparator",
    "value",
    "deadline",
    "parent_id",
    *FLAGS,
)


def promises(targets) -> list[tuple[rules.Promise, tuple[bool, ...]]]:
    """The targets of the queryset as the rules read them, each with its stored flags (one query)."""
    rows = targets.order_by("pk").values_list(*PROMISE_FIELDS)
    return [
        (
            rules.Promise(
                id=pk,
                plan_id=plan_id,
                province_id=province_id,
                plan_superseded=status == Plan.Status.SUPERSEDED,
                indicator_id=indicator_id,
                direction=direction,
                level=level,
                responsible_unit=unit,
                comparator=comparator,
                value=value,
                deadline=deadline,
                parent_id=parent_id,
            ),
            tuple(stored),
        )
        for (
            pk,
            plan_id,
            province_id,
            status,
            indicator_id,
            direction,
            level,
            unit,
            comparator,
            value,
            deadline,
            parent_id,
            *stored,
        ) in rows
    ]


def refresh_flags(indicator_ids, *, using: str | None = None) -> int:
    """Recompute the flags of every target of the indicators and store those that changed; return how many."""
    db = using or router.db_for_write(Target)
    indicator_ids = sorted(set(indicator_ids))
    if not indicator_ids:
        return 0
    list(Indicator.objects.using(db).select_for_update().filter(pk__in=indicator_ids).order_by("pk").values("pk"))
    found = promises(Target.objects.using(db).filter(indicator_id__in=indicator_ids))
    computed = rules.flags(promise for promise, _ in found)
    changed = []
    for promise, stored in found:
        values = tuple(flag in computed[promise.id] for flag in FLAG_FIELDS)
        if values != stored:
            changed.append((promise.id, values))
    if changed:
        from indicators.state import _update  # state imports cards, which this module imports too

        _update(db, FLAGS, changed)
        # A card shows the flags: render again those that exist (a target without a card is built when listed).
        cards.restore(Target.objects.using(db).filter(pk__in=[pk for pk, _ in changed]))
    return len(changed)


def parent_links(indicator_id: int, *, using: str | None = None) -> dict[int, int | None]:
    """Each target of the indicator that has a parent → its parent (one query): the chains a cycle could close.
    A parent is of the same indicator, so every chain stays inside it."""
    targets = Target.objects.using(using) if using else Target.objects
    return dict(targets.filter(indicator_id=indicator_id, parent__isnull=False).values_list("pk", "parent_id"))


def competitors(target) -> list[int]:
    """The ids of the targets `target` competes with (one query: its indicator's targets)."""
    found = [
        promise
        for promise, _ in promises(Target.objects.using(target._state.db).filter(indicator_id=target.indicator_id))
    ]
    one = next((promise for promise in found if promise.id == target.pk), None)
    return [] if one is None else rules.rivals_of(one, found)


def children_of(target, as_of: date, thresholds: Thresholds, figures: str = Figures.APPROVED):
    """The targets deriving directly from `target`, judged on `as_of`, and their number per status (every status,
    zeros included). Constant queries: the children with plan and indicator, their milestones, and the figures of
    those whose maintained facts do not hold for `as_of` (indicators/judging.py)."""
    rows = attach_milestones(
        Target.objects.using(target._state.db)
        .filter(parent=target)
        .select_related("plan__province", "indicator")
        .annotate(known_latest_province_key=known_province_key())
        .order_by("plan__province__key", "responsible_unit", "level", "deadline", "pk")
    )
    judged = judge_targets(rows, as_of, thresholds, figures)
    for row in rows:
        row.judged = judged[row.pk]
    counts = Counter(row.judged.assessment.status.value for row in rows)
    by_status = {status.value: counts.get(status.value, 0) for status in sorted(Status, key=SEVERITY.__getitem__)}
    return rows, by_status
