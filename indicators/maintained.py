"""The columns dtrack maintains on every target, never entered by a person: named once, here.

- `FACTS`: what the rules need of a target's judging measurements (the latest and the earliest figure, whether one
  met the target by its deadline), stored as `known_<name>`; they hold for any day on or after the newest figure.
- `STORED`: the assessment for one day (the day and thresholds in `known_basis`), which lists filter and order by.
- `FLAGS`: the cascade's flags (looser than the parent, competing with another plan's target).

Facts and assessment are written only by indicators/state.py, the flags by indicators/cascade.py, in the
transaction of every write; the history and the ETag leave them out (`FIELDS`).
"""

FACTS = (
    "latest_id",
    "latest_value",
    "latest_qualifier",
    "latest_is_estimate",
    "latest_as_of",
    "latest_province_id",
    "earliest_value",
    "earliest_qualifier",
    "earliest_as_of",
    "met_on_time",
)
STORED = (
    "known_basis",
    "known_status",
    "known_severity",
    "known_deadline_status",
    "known_gap",
    "known_progress",
    "known_provisional",
    "known_declining",
)
# The cascade's flags (indicators/cascade.py, rules in indicators/rules/cascade.py): what a target promises against
# its parent and other plans' targets, refreshed when a target or a plan is written.
FLAGS = ("flag_looser_value", "flag_later_deadline", "flag_competing")
FIELDS = [*(f"known_{name}" for name in FACTS), *STORED, *FLAGS]
