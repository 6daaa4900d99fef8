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

__all__ = ["Flag", "Promise", "competing", "cycle", "flags", "looser", "rivals_of"]

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
    return (
        promise.province_id,
        promise.indicator_id,
        promise.level,
        promise.responsible_unit.strip().casefold(),
        promise.deadline.year,
    )


def _groups(promises: Iterable[Promise]) -> list[list[Promise]]:
    """The promises that may compete, by place (unit, indicator, level, responsible unit, year); superseded plans'
    left out."""
    by_place: dict[Place, list[Promise]] = {}
    for promise in promises:
        if not promise.plan_superseded:
            by_place.setdefault(_place(promise), []).append(promise)
    return list(by_place.values())


def _rivals(one: Promise, other: Promise) -> bool:
    """Two promises of one place compete: different plans, different promises, not a parent and its child."""
    return (
        one.plan_id != other.plan_id
        and (one.comparator, one.value) != (other.comparator, other.value)
        and one.parent_id != other.id
        and other.parent_id != one.id
    )


def competing(promises: Iterable[Promise]) -> dict[int, frozenset[int]]:
    """For each promise, the ids of the promises it competes with (empty when none). Compares every pair of a
    place: for the flags alone, `flags` counts instead."""
    promises = list(promises)
    rivals: dict[int, set[int]] = {promise.id: set() for promise in promises}
    for group in _groups(promises):
        for one in group:
            rivals[one.id].update(other.id for other in group if _rivals(one, other))
    return {pk: frozenset(ids) for pk, ids in rivals.items()}


def rivals_of(one: Promise, promises: Iterable[Promise]) -> list[int]:
    """The ids of the promises `one` competes with, in id order (linear in their number)."""
    if one.plan_superseded:
        return []
    place = _place(one)
    return sorted(
        other.id for other in promises if not other.plan_superseded and _place(other) == place and _rivals(one, other)
    )


def _competing_ids(promises: list[Promise]) -> set[int]:
    """The ids of the promises that compete with at least one other, in time linear in their number: for each,
    the members of its place with another plan and another promise are counted (all of the place, less those
    with its promise, less those of its plan with another promise), then its parent and children among them
    taken off. A place where every target is one plan's or one value would otherwise cost the square of its size."""
    found = set()
    for group in _groups(promises):
        by_promise: dict[tuple[str, object], int] = {}
        by_plan: dict[int, int] = {}
        by_plan_promise: dict[tuple[int, str, object], int] = {}
        members = {promise.id: promise for promise in group}
        children: dict[int, list[Promise]] = {}
        for promise in group:
            key = (promise.comparator, promise.value)
            by_promise[key] = by_promise.get(key, 0) + 1
            by_plan[promise.plan_id] = by_plan.get(promise.plan_id, 0) + 1
            plan_key = (promise.plan_id, *key)
            by_plan_promise[plan_key] = by_plan_promise.get(plan_key, 0) + 1
            if promise.parent_id in members:
                children.setdefault(promise.parent_id, []).append(promise)
        for promise in group:
            key = (promise.comparator, promise.value)
            others = len(group) - by_promise[key]
            same_plan = by_plan[promise.plan_id] - by_plan_promise[(promise.plan_id, *key)]
            count = others - same_plan
            related = [
                *children.get(promise.id, ()),
                *([members[promise.parent_id]] if promise.parent_id in members else []),
            ]
            # A related one counted above is taken off (the pair rule without its parent-child clause).
            count -= sum(
                1 for other in related if other.plan_id != promise.plan_id and (other.comparator, other.value) != key
            )
            if count > 0:
                found.add(promise.id)
    return found


def flags(promises: Iterable[Promise]) -> dict[int, frozenset[Flag]]:
    """Every flag of every promise, by id. A parent that is not among `promises` is not compared."""
    promises = list(promises)
    by_id = {promise.id: promise for promise in promises}
    rivals = _competing_ids(promises)
    result = {}
    for promise in promises:
        found: set[Flag] = set()
        parent = by_id.get(promise.parent_id) if promise.parent_id is not None else None
        if parent is not None:
            found |= looser(promise, parent)
        if promise.id in rivals:
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
