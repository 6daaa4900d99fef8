"""Input rules: what a target, its baseline and its milestones may hold, once for every door.

The API's services (indicators/services/), the admin's forms (indicators/forms.py) and the import
(indicators/resources.py) all ask these functions, so a row refused by one is refused by the others with the same
words. Pure like the rest of `indicators.rules`: the functions return `Problem`s naming the field, a stable code
and the message; the message is an English msgid marked here for translation and translated where it is shown
(`indicators.services.validation_errors`), in Vietnamese or English.

Units are the `Unit` values of the models ("percent", "rank", "boolean", …), comparators the `Comparator` values.
"""

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from indicators.rules.cascade import cycle

__all__ = [
    "Problem", "date_problems", "figure_date_problems", "milestone_problems", "parent_problems", "target_problems",
    "value_problems",
]  # fmt: skip


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages`; it is translated where it is shown."""
    return message


# The address of a source document: http(s), a host name with a top-level domain, an optional port and path. A
# strict subset of what browsers take, written once so the API's schema can state it (openapi.yaml `pattern`).
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,28}[A-Za-z0-9])?"
SOURCE_URL_PATTERN = (
    rf"^(?:https?://{_LABEL}(?:\.{_LABEL}){{0,3}}\.[A-Za-z]{{2,24}}(?::[0-9]{{1,5}})?(?:[/?#][!-~]*)?)?$"
)
SOURCE_URL = gettext_noop("An http or https address with a host name, e.g. https://stttt.quangngai.gov.vn/kh-1.")

PERCENT = gettext_noop("A percentage must be between 0 and 100, not %(value)s.")
RANK = gettext_noop("A rank must be a whole number of at least 1, not %(value)s.")
BOOLEAN = gettext_noop("A yes/no value must be 0 or 1, not %(value)s.")
BOOLEAN_TARGET = gettext_noop("A yes/no milestone is 'at_least 1'.")
NEEDS_BASELINE = gettext_noop("A relative target needs a baseline value (and date) to be resolved from.")
VALUE_REQUIRED = gettext_noop("Give a value, or a relative_change with a baseline.")
BASELINE_INCOMPLETE = gettext_noop("A baseline needs both a value and a date.")
DEADLINE_BEFORE_BASELINE = gettext_noop("The deadline must be after the baseline date.")
MILESTONE_TWICE = gettext_noop("Two milestones on the same date.")
MILESTONE_AFTER_DEADLINE = gettext_noop("A milestone must come before the deadline.")
MILESTONE_BEFORE_BASELINE = gettext_noop("A milestone must come after the baseline date.")
DATE_RANGE = gettext_noop("A date between %(first)s and %(last)s, not %(value)s.")
FIGURE_AFTER_REPORT_YEAR = gettext_noop(
    "A figure cannot be dated after the end of its report's year (%(limit)s): a report brings figures up to its "
    "date, and an estimate at most for the end of its year."
)
PARENT_SELF = gettext_noop("A target cannot derive from itself.")
PARENT_CYCLE = gettext_noop(
    "Target %(parent)s derives from this target (directly or through others): a target cannot derive from its own "
    "descendant."
)
PARENT_OTHER_INDICATOR = gettext_noop(
    "A target derives from a target of the same indicator, so that the two can be compared; target %(parent)s "
    "measures another indicator."
)
PARENT_COMPARATOR = gettext_noop("A target compares the same way as the target it derives from (%(comparator)s).")


# The dates a plan, a target or a figure can hold: wider than any plan will need, narrow enough to catch a typed
# 0001-01-01 or 9999-12-31 (which every door accepted as dates).
FIRST_DATE = date(1945, 1, 1)
LAST_DATE = date(2100, 12, 31)


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    message: str  # an English msgid, with %(name)s placeholders filled from params once translated
    params: dict[str, str] = dataclasses.field(default_factory=dict)


def value_problems(unit: str, value: Decimal | None, name: str) -> list[Problem]:
    """What the database's checks on shares, ranks and yes/no values would refuse, as a problem of field `name`."""
    if value is None:
        return []
    shown = plain(value)
    if unit == "percent" and not Decimal(0) <= value <= Decimal(100):
        return [Problem(name, "out_of_range", PERCENT, {"value": shown})]
    if unit == "rank" and (value < 1 or value != value.to_integral_value()):
        return [Problem(name, "out_of_range", RANK, {"value": shown})]
    if unit == "boolean" and value not in (Decimal(0), Decimal(1)):
        return [Problem(name, "out_of_range", BOOLEAN, {"value": shown})]
    return []


def date_problems(name: str, value: date | None) -> list[Problem]:
    """A date outside FIRST_DATE..LAST_DATE, as a problem of field `name`."""
    if value is None or FIRST_DATE <= value <= LAST_DATE:
        return []
    shown = {"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat(), "value": value.isoformat()}
    return [Problem(name, "out_of_range", DATE_RANGE, shown)]


def figure_date_problems(as_of: date | None, reported_on: date | None) -> list[Problem]:
    """A figure's date: in range, and not after the end of its report's year."""
    problems = date_problems("as_of", as_of)
    if not problems and as_of and reported_on and as_of > date(reported_on.year, 12, 31):
        limit = date(reported_on.year, 12, 31).isoformat()
        problems.append(Problem("as_of", "after_report_year", FIGURE_AFTER_REPORT_YEAR, {"limit": limit}))
    return problems


def plain(value: Decimal) -> str:
    """A number as the person typed it, whatever the door stored it with: 2.5, not 2.5000."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def target_problems(
    *,
    unit: str,
    comparator: str | None,
    value: Decimal | None,
    relative_change: Decimal | None,
    baseline_value: Decimal | None,
    baseline_date: date | None,
    deadline: date | None,
) -> list[Problem]:
    """The row rules of a target: its value (given, or resolved from a relative change and a baseline) in its
    unit's range, a complete baseline in range and before the deadline, a yes/no target written 'at_least 1'.
    `value` is the value as it will be stored (already resolved from a relative change)."""
    problems = [*date_problems("deadline", deadline), *date_problems("baseline_date", baseline_date)]
    if relative_change is not None and baseline_value is None:
        problems.append(Problem("relative_change", "needs_baseline", NEEDS_BASELINE))
    elif value is None:
        problems.append(Problem("value", "required", VALUE_REQUIRED))
    if (baseline_value is None) != (baseline_date is None):
        missing = "baseline_date" if baseline_date is None else "baseline_value"
        problems.append(Problem(missing, "baseline_incomplete", BASELINE_INCOMPLETE))
    if baseline_date and deadline and deadline <= baseline_date:
        problems.append(Problem("deadline", "before_baseline", DEADLINE_BEFORE_BASELINE))
    problems += value_problems(unit, value, "value")
    problems += value_problems(unit, baseline_value, "baseline_value")
    if unit == "boolean":
        if comparator != "at_least":
            problems.append(Problem("comparator", "boolean_target", BOOLEAN_TARGET))
        if value is not None and value != 1 and not any(p.field == "value" for p in problems):
            problems.append(Problem("value", "boolean_target", BOOLEAN_TARGET))
    return problems


def milestone_problems(
    *, unit: str, deadline: date | None, baseline_date: date | None, milestones: Sequence[tuple[date, Decimal]]
) -> dict[int, list[Problem]]:
    """The problems of each milestone ((on, value), by position): its value in the unit's range, one a date,
    strictly between the baseline date and the deadline."""
    problems: dict[int, list[Problem]] = {}
    seen: set[date] = set()
    for index, (on, value) in enumerate(milestones):
        found = value_problems(unit, value, "value")
        if on in seen:
            found.append(Problem("on", "unique", MILESTONE_TWICE))
        elif deadline and on >= deadline:
            found.append(Problem("on", "after_deadline", MILESTONE_AFTER_DEADLINE))
        elif baseline_date and on <= baseline_date:
            found.append(Problem("on", "before_baseline", MILESTONE_BEFORE_BASELINE))
        seen.add(on)
        if found:
            problems[index] = found
    return problems


def parent_problems(
    *,
    target_id: int | None,
    indicator_id: int,
    comparator: str | None,
    parent_id: int,
    parent_indicator_id: int,
    parent_comparator: str,
    parents: Mapping[int, int | None],
) -> list[Problem]:
    """The rules of a target's parent: not itself nor one of its descendants (`parents` maps existing targets to
    their parents), of the same indicator (values of different indicators do not compare, even in the same unit),
    compared the same way (at_least with at_least)."""
    shown = {"parent": str(parent_id)}
    if target_id is not None and parent_id == target_id:
        return [Problem("parent", "self", PARENT_SELF)]
    if target_id is not None and cycle(target_id, parent_id, parents):
        return [Problem("parent", "cycle", PARENT_CYCLE, shown)]
    if parent_indicator_id != indicator_id:
        return [Problem("parent", "other_indicator", PARENT_OTHER_INDICATOR, shown)]
    if comparator is not None and comparator != parent_comparator:
        return [Problem("comparator", "parent_comparator", PARENT_COMPARATOR, {"comparator": parent_comparator})]
    return []
