"""Writes for indicators, plans, targets, progress reports and measurements (docs/api.md), one module a resource.

Every function is keyword-only and atomic, checks the domain rules with messages that name the offending field,
then calls `full_clean()` before saving, so a row that would break a database constraint is refused with a 400
rather than an IntegrityError. Errors are Django `ValidationError`s (flat: `{field: [messages]}`) or `DomainError`s
(`services/common.py`): a duplicate is a 409 naming the existing row, a row still referenced is a 409, and errors
inside a list field (`measurements`, `milestones`) are an `InvalidItems` problem whose pointers carry the item index
(`#/measurements/3/value_text`), which a Django `ValidationError` cannot express.

- `indicators.py`, `plans.py`, `targets.py`, `reports.py`, `measurements.py`: the writes of each resource;
- `report_checks.py`: the rules of a report as a whole (editable, closed period, window), shared by the report and
  measurement writes, the admin's forms and the reporting workflow;
- `common.py`: the problems and the helpers that turn input-rule problems into field errors.

The names below are re-exported here: callers write `services.target_update(...)`.
"""

from indicators.services.common import (
    DuplicatePlan,
    DuplicateReport,
    DuplicateTarget,
    InUse,
    InvalidItems,
    ReportDeleted,
    ReportLocked,
    validation_errors,
)
from indicators.services.indicators import indicator_create, indicator_delete, indicator_update
from indicators.services.measurements import (
    measurement_create,
    measurement_delete,
    measurement_save,
    measurement_update,
)
from indicators.services.plans import plan_create, plan_delete, plan_save, plan_update
from indicators.services.report_checks import check_editable, period_closed, window_errors
from indicators.services.reports import (
    progress_report_create,
    progress_report_delete,
    progress_report_restore,
    progress_report_save,
    progress_report_update,
)
from indicators.services.targets import (
    milestone_errors,
    parent_errors,
    target_create,
    target_delete,
    target_errors,
    target_save,
    target_update,
)

__all__ = [
    "DuplicatePlan",
    "DuplicateReport",
    "DuplicateTarget",
    "InUse",
    "InvalidItems",
    "ReportDeleted",
    "ReportLocked",
    "check_editable",
    "indicator_create",
    "indicator_delete",
    "indicator_update",
    "measurement_create",
    "measurement_delete",
    "measurement_save",
    "measurement_update",
    "milestone_errors",
    "parent_errors",
    "period_closed",
    "plan_create",
    "plan_delete",
    "plan_save",
    "plan_update",
    "progress_report_create",
    "progress_report_delete",
    "progress_report_restore",
    "progress_report_save",
    "progress_report_update",
    "target_create",
    "target_delete",
    "target_errors",
    "target_save",
    "target_update",
    "validation_errors",
    "window_errors",
]
