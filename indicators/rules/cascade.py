"""Cascade rules: how a target compares with the target it derives from, and with other plans' targets.

A target may derive from a parent target (a national programme's → a province's plan → a level or a responsible
unit: sở, ngành, địa phương). Pure like the rest of `indicators.rules`: the callers pass plain values read from the
database and store or show what these functions return (indicators/cascade.py).

- `looser`: in what a child promises less than its parent: a value on the worse side of the parent's (by the
  indicator's direction: lower for higher-is-better, higher for lower-is-better, such as a rank) and a later
  deadline. Equal values and deadlines are not looser; a stricter child is not flagged.
- `competing`: targets of the same unit, indicator, level and responsible unit, due the same year, in two
  different plans, promising different things (another comparator or value). A plan superseded by another no
  longer promises anything and is left out; a parent and its child are a cascade, not a competition.
- `cycle`: whether giving a target a parent would make it its own ancestor.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

__all__ = ["Flag", "Promise", "competing", "cycle", "flags", "looser"]

HIGHER = "higher"  # Direction.HIGHER of the models: a larger value is better


class Flag(StrEnum):
    LOOSER_VALUE = "looser_value"  # the child's value is on the worse side of its parent's
    LATER_DEADLINE = "later_deadline"  # the child is due after its parent
    COMPETING = "competing"  # another plan promises something else for the same unit, indicator and level


@dataclass(frozen=True)
class Promise:
    """What a target promises, and where: the facts the cascade rules compare."""

    id: int
    plan_id: int
    province_id: int | None  # the plan's unit; None: national
    plan_superseded: bool
    indicator_id: int
    direction: str  # "higher" or "lower" is better
    level: str
    responsible_unit: str
    comparator: str
    value: Decimal
    deadline: date
    parent_id: int | None = None


def looser(child: Promise, parent: Promise) -> frozenset[Flag]:
    """The ways in which `child` promises less than `parent`."""
    flags = set()
    worse = child.value < parent.value if child.direction == HIGHER else child.value > parent.value
    if worse:
        flags.add(Flag.LOOSER_VALUE)
    if child.deadline > parent.deadline:
        flags.add(Flag.LATER_DEADLINE)
    return frozenset(flags)


Place = tuple[int | None, int, str, str, int]


def _place(promise: Promise) -> Place:
    return (promise.province_id, promise.indicator_id, promise.level, promise.responsible_unit.strip().casefold(),
            promise.deadline.year)  # fmt: skip


def competing(promises: Iterable[Promise]) -> dict[int, frozenset[int]]:
    """For each promise, the ids of the promises it competes with (empty when none)."""
    promises = list(promises)
    by_place: dict[Place, list[Promise]] = {}
    for promise in promises:
        if not promise.plan_superseded:
            by_place.setdefault(_place(promise), []).append(promise)
    rivals: dict[int, set[int]] = {promise.id: set() for promise in promises}
    for group in by_place.values():
        for one in group:
            for other in group:
                if (
                    one.plan_id != other.plan_id
                    and (one.comparator, one.value) != (other.comparator, other.value)
                    and one.parent_id != other.id
                    and other.parent_id != one.id
                ):
                    rivals[one.id].add(other.id)
    return {pk: frozenset(ids) for pk, ids in rivals.items()}


def flags(promises: Iterable[Promise]) -> dict[int, frozenset[Flag]]:
    """Every flag of every promise, by id. A parent that is not among `promises` is not compared."""
    promises = list(promises)
    by_id = {promise.id: promise for promise in promises}
    rivals = competing(promises)
    result = {}
    for promise in promises:
        found: set[Flag] = set()
        parent = by_id.get(promise.parent_id) if promise.parent_id is not None else None
        if parent is not None:
            found |= looser(promise, parent)
        if rivals[promise.id]:
            found.add(Flag.COMPETING)
        result[promise.id] = frozenset(found)
    return result


def cycle(target_id: int | None, parent_id: int, parents: Mapping[int, int | None]) -> bool:
    """Whether `target_id` would be its own ancestor with `parent_id` as parent; `parents` maps each existing
    target to its parent (at least along the chain above `parent_id`). A new target (None) cannot be in a cycle."""
    if target_id is None:
        return False
    seen = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == target_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False
