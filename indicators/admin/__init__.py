"""The admin for clerks: indicators, plans with their targets, targets with milestones and their current assessment,
progress reports with their measurements typed as the report writes them (docs/admin.md).

- Targets are listed with today's stored assessment (indicators/state.py), so the list filters and orders by status,
  gap and days remaining in one query whatever the number of rows.
- Deleting a progress report hides it (soft delete through `indicators.services`); an action restores it.
- Search ignores diacritics: the term and the names are folded with `provinces.text.fold`.
- Targets and measurements import and export as CSV or XLSX (indicators/resources.py).

One module a page (`indicators.py`, `plans.py`, `targets.py`, `reports.py`, `measurements.py`), importing what the
pages share (`common.py`, `filters.py`) and what they draw (`chart.py`, `cascade.py`, `index.py`,
`plan_scorecard.py`); every save goes through `writes.py` to `indicators.services`. Importing this package registers
the pages.
"""

from indicators.admin import indicators, measurements, plans, reports, targets

__all__ = ["indicators", "measurements", "plans", "reports", "targets"]
