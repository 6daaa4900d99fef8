"""Input rules of the 2025 reform: a unit's lifetime and the abolished district level.

Used by every write (indicators/services/, which the API, the admin and the imports all call). Kept apart
from the services so that the rules read in one place; the messages name the unit's dates and which unit to use
instead, in Vietnamese and English.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from indicators.rules.assessment import DISTRICT, REFORM_DATE

__all__ = ["Life", "district_abolished", "outside_lifetime"]


@dataclass(frozen=True)
class Life:
    """What the rules need of a unit: its name, key, validity and the units before and after it (names + keys)."""

    name: str
    key: str
    valid_from: date
    valid_until: date | None
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()


def outside_lifetime(life: Life, day: date | None, what: str) -> str | None:
    """The message refusing `what` (e.g. "a report") dated `day` for a unit not in force then, else None."""
    if day is None:
        return None
    if life.valid_until is None:
        span = _("in force since %(from)s") % {"from": life.valid_from.isoformat()}
    else:
        span = _("in force from %(from)s to %(until)s") % {
            "from": life.valid_from.isoformat(),
            "until": life.valid_until.isoformat(),
        }
    params = {"unit": life.name, "key": life.key, "span": span, "date": day.isoformat(), "what": what}
    if day < life.valid_from:
        params["use"] = ", ".join(life.predecessors) or _("no earlier unit")
        return _("%(unit)s (%(key)s) is %(span)s; %(what)s dated %(date)s is before it: use %(use)s.") % params
    if life.valid_until is not None and day > life.valid_until:
        params["use"] = ", ".join(life.successors) or _("no later unit")
        return _("%(unit)s (%(key)s) is %(span)s; %(what)s dated %(date)s is after it: use %(use)s.") % params
    return None


def district_abolished(level: str, day: date | None) -> str | None:
    """The message refusing a district-level figure dated on or after the reform, else None."""
    if level != DISTRICT or day is None or day < REFORM_DATE:
        return None
    last = (REFORM_DATE - timedelta(days=1)).isoformat()
    return _(
        "The district level (cấp huyện) was abolished on %(reform)s; a district-level figure must be dated "
        "%(last)s or earlier, not %(date)s. Report it at the provincial or commune level."
    ) % {"reform": REFORM_DATE.isoformat(), "last": last, "date": day.isoformat()}
