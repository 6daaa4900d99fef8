"""Writes for indicators, plans, targets, progress reports and measurements (docs/api.md).

Every function is keyword-only and atomic, checks the domain rules with messages that name the offending field,
then calls `full_clean()` before saving, so a row that would break a database constraint is refused with a 400
rather than an IntegrityError. Errors are Django `ValidationError`s (flat: `{field: [messages]}`) or `DomainError`s:
a duplicate is a 409 naming the existing row, a row still referenced is a 409, and errors inside a list field
(`measurements`, `milestones`) are an `InvalidItems` problem whose pointers carry the item index
(`#/measurements/3/value_text`), which a Django `ValidationError` cannot express.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from simple_history.utils import bulk_create_with_history

from dtrack.api.exceptions import DomainError, flatten_errors
from indicators import cards, events
from indicators import cascade as cascade_state
from indicators.conf import today
from indicators.lifetimes import Life, district_abolished, outside_lifetime
from indicators.lineage import lineage_map, lineage_of
from indicators.locking import lock_reports
from indicators.models import (
    Direction,
    IndexFamily,
    Indicator,
    Level,
    Measurement,
    Milestone,
    Plan,
    ProgressReport,
    ReportState,
    Target,
    Unit,
)
from indicators.rules import assessment, dti, inputs
from indicators.rules.cycle import EDITABLE
from indicators.rules.figures import FigureError, Qualifier, read_figure
from indicators.state import add_figures, lock_series, refresh, refresh_for_series
from provinces.models import Province

__all__ = [
    "DuplicatePlan",
    "DuplicateReport",
    "DuplicateTarget",
    "InUse",
    "InvalidItems",
    "ReportDeleted",
    "indicator_create",
    "indicator_delete",
    "indicator_update",
    "measurement_create",
    "measurement_delete",
    "measurement_save",
    "measurement_update",
    "plan_create",
    "plan_delete",
    "plan_update",
    "progress_report_create",
    "progress_report_delete",
    "progress_report_restore",
    "progress_report_save",
    "progress_report_update",
    "target_create",
    "target_delete",
    "target_save",
    "target_update",
]


# ---------------------------------------------------------------------------------------------------------------
# Problems


class DuplicateReport(DomainError):
    status_code = 409
    default_code = "duplicate_report"
    type_uri = "/problems/duplicate-report"
    title = "Duplicate progress report"
    default_detail = gettext_lazy("A progress report with this province, document number and date already exists.")


class DuplicatePlan(DomainError):
    status_code = 409
    default_code = "duplicate_plan"
    type_uri = "/problems/duplicate-plan"
    title = "Duplicate plan"
    default_detail = gettext_lazy("A plan with this province, number and issue date already exists.")


class DuplicateTarget(DomainError):
    status_code = 409
    default_code = "duplicate_target"
    type_uri = "/problems/duplicate-target"
    title = "Duplicate target"
    default_detail = gettext_lazy("This plan already has a target for this indicator, level and deadline.")


class ReportDeleted(DomainError):
    status_code = 409
    default_code = "report_deleted"
    type_uri = "/problems/report-deleted"
    title = "Progress report deleted"
    default_detail = "This progress report is deleted; restore it before changing it."


class InUse(DomainError):
    status_code = 409
    default_code = "in_use"
    type_uri = "/problems/in-use"
    title = "Resource in use"
    default_detail = gettext_lazy("Other records still refer to this resource.")


class ReportLocked(DomainError):
    """An approved or submitted report, or one of a closed period, is read-only (docs/reporting.md)."""

    status_code = 409
    default_code = "report_locked"
    type_uri = "/problems/report-locked"
    title = "Report locked"
    default_detail = "This progress report cannot be changed in its current state."


class InvalidItems(DomainError):
    """Validation errors inside list items, shaped like a serializer's errors: {"measurements": {3: {...}}}.

    The same problem type, title and status as any other rule the services enforce (422, /problems/rule).
    """

    status_code = 422
    default_code = "invalid"
    type_uri = "/problems/rule"
    title = ""  # the reason phrase, as for every rule problem

    def __init__(self, errors: dict):
        flat = list(flatten_errors(errors))
        if len(flat) == 1:
            detail = f"{flat[0]['pointer'][2:]}: {flat[0]['detail']}"
        else:
            detail = _("%(count)d fields failed validation.") % {"count": len({e["pointer"] for e in flat})}
        super().__init__(detail, errors=errors)


def _drf_errors(exc: ValidationError) -> dict:
    """A Django ValidationError as {field: [ErrorDetail]} (codes kept); non-field errors under DRF's key."""
    detail = get_error_detail(exc)
    if not isinstance(detail, dict):
        return {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return {(api_settings.NON_FIELD_ERRORS_KEY if k == NON_FIELD_ERRORS else k): v for k, v in detail.items()}


def _field_error(field: str, message: str, code: str) -> dict:
    """`errors` for a DomainError: one message, with its code, about one field."""
    return _drf_errors(ValidationError({field: ValidationError(message, code=code)}))


def _raise(errors: dict) -> None:
    """Raise the collected errors, if any: flat ones as a Django ValidationError, nested ones as InvalidItems."""
    if not errors:
        return
    if any(isinstance(value, Mapping) for value in errors.values()):
        raise InvalidItems({k: (v if isinstance(v, Mapping) else _drf_errors(ValidationError({k: v}))[k])
                            for k, v in errors.items()})  # fmt: skip
    raise ValidationError(errors)


def _full_clean(
    instance, *, exclude: Sequence[str] = (), rename: Mapping[str, str] | None = None, constraints: bool = True
) -> None:
    """full_clean, with some fields' errors reported under the name the client used (value → value_text)."""
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=constraints)
    except ValidationError as exc:
        if not rename or not hasattr(exc, "error_dict"):
            raise
        renamed: dict[str, list] = {}
        for field, errors in exc.error_dict.items():
            renamed.setdefault(rename.get(field, field), []).extend(errors)
        raise ValidationError(renamed) from None


def _check_names(data: Mapping[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def _apply(instance, data: Mapping[str, Any], allowed: Sequence[str]) -> None:
    _check_names(data, allowed)
    for name, value in data.items():
        setattr(instance, name, value)


def _delete(instance, what: str) -> None:
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError as exc:
        count = len(exc.protected_objects)
        raise InUse(
            _("This %(what)s is still referred to by %(count)d other record(s); remove those first.")
            % {"what": what, "count": count}
        ) from None


def _range_errors(unit: str, value: Decimal | None, field: str) -> dict:
    """What the database constraints on shares, ranks and yes/no values would refuse, as field errors."""
    return validation_errors(inputs.value_problems(unit, value, field))


def validation_errors(problems) -> dict:
    """`indicators.rules.inputs` problems as {field: ValidationError}, translated into the active language (the
    first problem of each field): the one form the API, the admin forms and the import show them in."""
    errors: dict = {}
    for problem in problems:
        if problem.field not in errors:
            errors[problem.field] = ValidationError(_(problem.message), code=problem.code, params=problem.params)
    return errors


def _period_errors(start: date | None, end: date | None) -> dict:
    if start and end and end < start:
        return {"period_end": ValidationError(_("The period ends before it starts."), code="period_order")}
    return {}


def _lifetime_errors(province: Province | None, day: date | None, field: str, what: str) -> dict:
    """`field`'s date outside `province`'s validity, as a field error naming the unit's dates and which unit to use.

    Compared on the instance first: the units before and after it are read (two queries) only to word a refusal."""
    if province is None or day is None:
        return {}
    if province.valid_from <= day and (province.valid_until is None or day <= province.valid_until):
        return {}

    def names(units) -> tuple[str, ...]:
        return tuple(f"{unit.name} ({unit.key})" for unit in units.order_by("code"))

    life = Life(
        name=province.name, key=province.key, valid_from=province.valid_from, valid_until=province.valid_until,
        predecessors=names(Province.objects.filter(successor_links__successor=province)),
        successors=names(Province.objects.filter(predecessor_links__predecessor=province)),
    )  # fmt: skip
    message = outside_lifetime(life, day, what)
    return {field: ValidationError(message, code="outside_lifetime")} if message else {}


# ---------------------------------------------------------------------------------------------------------------
# Indicators

INDICATOR_FIELDS = ("code", "name", "name_en", "unit", "direction", "pillar", "definition", "source",
                    "index_family")  # fmt: skip


@transaction.atomic
def indicator_create(
    *, code: str, name: str, unit: str, pillar: str, direction: str | None = None, name_en: str = "",
    definition: str = "", source: str = "", index_family: str = "",
) -> Indicator:  # fmt: skip
    """Create an indicator. Without a direction, a rank is lower-is-better and anything else higher-is-better."""
    if direction is None:
        direction = Direction.LOWER if unit == Unit.RANK else Direction.HIGHER
    indicator = Indicator(code=code, name=name, name_en=name_en, unit=unit, direction=direction, pillar=pillar,
                          definition=definition, source=source, index_family=index_family)  # fmt: skip
    _check_indicator(indicator)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: Mapping[str, Any]) -> Indicator:
    """Change an indicator. Its unit is copied onto targets and measurements, so it is fixed once they exist."""
    old_unit, old_direction = indicator.unit, indicator.direction
    _apply(indicator, data, INDICATOR_FIELDS)
    if indicator.unit != old_unit and (indicator.targets.exists() or indicator.measurements.exists()):
        raise InUse(
            _("The unit of an indicator with targets or measurements cannot change."),
            errors=_field_error("unit", _("Targets or measurements use this indicator; create a new one."), "in_use"),
        )
    _check_indicator(indicator)
    indicator.full_clean()
    indicator.save()
    cards.restore(Target.objects.filter(indicator=indicator))  # the target list shows its code and name
    if indicator.direction != old_direction:
        cascade_state.refresh_flags([indicator.pk])  # which side of a parent's value is looser
    return indicator


def _check_indicator(indicator: Indicator) -> None:
    if indicator.unit == Unit.RANK and indicator.direction != Direction.LOWER:
        raise ValidationError({"direction": ValidationError(_("A rank is lower-is-better: direction must be 'lower'."),
                                                            code="rank_direction")})  # fmt: skip


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    _delete(indicator, "indicator")


# ---------------------------------------------------------------------------------------------------------------
# Plans

PLAN_FIELDS = ("document_type", "number", "title", "issuer", "issued_on", "period_start", "period_end", "status",
               "superseded_by", "province", "source_url", "source_note", "targets_note")  # fmt: skip


@transaction.atomic
def plan_create(
    *, document_type: str, title: str, issuer: str, number: str = "", issued_on: date | None = None,
    period_start: date | None = None, period_end: date | None = None, status: str = Plan.Status.IN_FORCE,
    superseded_by: Plan | None = None, province: Province | None = None, source_url: str = "",
    source_note: str = "", targets_note: str = "",
) -> Plan:  # fmt: skip
    """Create a plan (a Quyết định, Nghị quyết, Kế hoạch…); `province=None` for a national programme."""
    plan = Plan(
        document_type=document_type, number=number, title=title, issuer=issuer, issued_on=issued_on,
        period_start=period_start, period_end=period_end, status=status, superseded_by=superseded_by,
        province=province, source_url=source_url, source_note=source_note, targets_note=targets_note,
    )  # fmt: skip
    return _save_plan(plan)


@transaction.atomic
def plan_update(*, plan: Plan, data: Mapping[str, Any]) -> Plan:
    _apply(plan, data, PLAN_FIELDS)
    return plan_save(plan=plan)


@transaction.atomic
def plan_save(*, plan: Plan) -> Plan:
    """Save a plan whose fields are set (the admin's form, an update): checked, then its targets judged again when
    it moved to another province (their figures are that province's)."""
    before = list(Plan.objects.filter(pk=plan.pk).values_list("province_id", "status")) if plan.pk else []
    _save_plan(plan)
    if before and before[0][0] != plan.province_id:
        refresh(Target.objects.filter(plan=plan))
    else:
        cards.restore(Target.objects.filter(plan=plan))  # the target list shows the plan's fields
    if before and before[0] != (plan.province_id, plan.status):
        # Competing targets are of one unit and of plans not superseded: both may have changed.
        cascade_state.refresh_flags(Target.objects.filter(plan=plan).values_list("indicator_id", flat=True))
    return plan


def _save_plan(plan: Plan) -> Plan:
    errors = validation_errors([
        *inputs.date_problems("issued_on", plan.issued_on), *inputs.date_problems("period_start", plan.period_start),
        *inputs.date_problems("period_end", plan.period_end),
    ])  # fmt: skip
    errors.update(_period_errors(plan.period_start, plan.period_end) if not errors else {})
    if "issued_on" not in errors:
        errors.update(_lifetime_errors(plan.province, plan.issued_on, "issued_on", _("a plan")))
    if plan.status == Plan.Status.SUPERSEDED and plan.superseded_by is None:
        errors["superseded_by"] = ValidationError(_("A superseded plan must name the plan that supersedes it."),
                                                  code="required")  # fmt: skip
    if plan.superseded_by is not None and plan.pk is not None and plan.superseded_by.pk == plan.pk:
        errors["superseded_by"] = ValidationError(_("A plan cannot supersede itself."), code="self")
    elif plan.superseded_by is not None and plan.superseded_by.province_id not in lineage_of(
        plan.province_id, lineage_map()
    ):
        # The same province, or its predecessor or successor of the 2025 reform (a merged province's new plan).
        errors["superseded_by"] = ValidationError(
            _("A plan can only be superseded by a plan of the same province (or its predecessor or successor)."),
            code="other_province",
        )
    _raise(errors)
    if plan.number:
        existing = (
            Plan.objects.filter(province=plan.province, number=plan.number, issued_on=plan.issued_on)
            .exclude(pk=plan.pk)
            .first()
        )
        if existing is not None:
            raise DuplicatePlan(
                _("Plan %(id)d already has number %(number)s and this issue date for this province.")
                % {"id": existing.pk, "number": plan.number},
                errors=_field_error("number", _("Already used by plan %(id)d.") % {"id": existing.pk}, "duplicate"),
            )
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan) -> None:
    """Delete a plan without targets. Targets would go with it (CASCADE), so a plan with targets is refused."""
    count = plan.targets.count()
    if count:
        raise InUse(_("This plan still has %(count)d target(s); delete them first.") % {"count": count})
    _delete(plan, "plan")


# ---------------------------------------------------------------------------------------------------------------
# Targets

TARGET_FIELDS = ("plan", "indicator", "level", "comparator", "value", "relative_change", "deadline",
                 "baseline_value", "baseline_date", "source_quote", "source_note", "cohort", "relative_form",
                 "value_source", "caveat", "caveat_note", "continues", "parent", "responsible_unit")  # fmt: skip


@transaction.atomic
def target_create(
    *, plan: Plan, indicator: Indicator, comparator: str, deadline: date, value: Decimal | None = None,
    level: str = Level.OVERALL, relative_change: Decimal | None = None, baseline_value: Decimal | None = None,
    baseline_date: date | None = None, milestones: Sequence[Mapping[str, Any]] = (), source_quote: str = "",
    source_note: str = "", cohort: int | None = None, relative_form: str = "", value_source: str = "",
    caveat: str = "", caveat_note: str = "", continues: Target | None = None, parent: Target | None = None,
    responsible_unit: str = "",
) -> Target:  # fmt: skip
    """Create a target with its interim milestones ({on, value}).

    A relative target gives `relative_change` (−20 for "cut by 20% from now") and a baseline instead of `value`;
    the value is resolved from them (a `value` given as well must agree with it).
    """
    target = Target(
        plan=plan, indicator=indicator, level=level, comparator=comparator, deadline=deadline,
        relative_change=relative_change, baseline_value=baseline_value, baseline_date=baseline_date,
        source_quote=source_quote, source_note=source_note, cohort=cohort, relative_form=relative_form,
        value_source=value_source, caveat=caveat, caveat_note=caveat_note, continues=continues, parent=parent,
        responsible_unit=responsible_unit,
    )  # fmt: skip
    target.value = value
    return _save_target(target, value_given=value is not None, milestones=milestones)


@transaction.atomic
def target_update(*, target: Target, data: Mapping[str, Any]) -> Target:
    """Change a target; `milestones`, when given, replace the existing ones."""
    data = dict(data)
    milestones = data.pop("milestones", None)
    value_given = data.get("value") is not None
    before = (target.indicator_id, target.comparator)
    _apply(target, data, TARGET_FIELDS)
    return _save_target(target, value_given=value_given, milestones=milestones, before=before)


@transaction.atomic
def target_save(*, target: Target, milestones: Sequence[Mapping[str, Any]] | None = None) -> Target:
    """Save a target whose fields are set (the admin's form, an import row), with its milestones when given
    (they replace the existing ones): the same checks, facts and stored assessment as `target_update`."""
    before = (
        Target.objects.filter(pk=target.pk).values_list("indicator_id", "comparator").first() if target.pk else None
    )
    return _save_target(target, value_given=target.relative_change is None or target.value is not None,
                        milestones=milestones, before=before)  # fmt: skip


def _save_target(
    target: Target, *, value_given: bool, milestones: Sequence[Mapping[str, Any]] | None,
    before: tuple[int, str] | None = None,
) -> Target:  # fmt: skip
    """`before`: the stored indicator and comparator of an existing target (its children must keep matching)."""
    unit = target.indicator.unit
    errors: dict = {}
    if target.relative_change is not None and target.baseline_value is not None:
        resolved = assessment.resolve_relative(target.baseline_value, target.relative_change)
        if value_given and target.value != resolved:
            errors["value"] = ValidationError(
                _("%(value)s disagrees with relative_change and baseline_value, which give %(resolved)s; "
                  "leave value out."), code="disagrees", params={"value": target.value, "resolved": resolved},
            )  # fmt: skip
        target.value = resolved
    errors = {**target_errors(target, unit), **errors}
    if target.continues is not None:
        if target.pk is not None and target.continues.pk == target.pk:
            errors["continues"] = ValidationError(_("A target cannot continue itself."), code="self")
        elif target.continues.indicator_id != target.indicator_id:
            errors["continues"] = ValidationError(
                _("A target continues a target of the same indicator; target %(id)d measures another.")
                % {"id": target.continues.pk}, code="other_indicator")  # fmt: skip
    if target.cohort is not None and unit != Unit.RANK:
        errors["cohort"] = ValidationError(_("Only a rank target has a cohort."), code="not_rank")
    errors = {**parent_errors(target), **errors}
    if before is not None and before != (target.indicator_id, target.comparator):
        children = list(target.children.values_list("pk", flat=True)[:MAX_NAMED])
        if children:
            field = "indicator" if before[0] != target.indicator_id else "comparator"
            errors[field] = ValidationError(
                _("Targets %(ids)s derive from this target and measure its indicator the same way; give them "
                  "another parent (or none) before changing its %(field)s.")
                % {"ids": ", ".join(str(pk) for pk in children), "field": field}, code="has_children",
            )  # fmt: skip
    rows = None
    if milestones is not None:
        rows, milestone_errors = _milestone_rows(target, unit, milestones)
        if milestone_errors:
            errors["milestones"] = milestone_errors
    _raise(errors)

    existing = (
        Target.objects.filter(
            plan=target.plan,
            indicator=target.indicator,
            level=target.level,
            deadline=target.deadline,
            responsible_unit=target.responsible_unit,
        )
        .exclude(pk=target.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        raise DuplicateTarget(
            _("Target %(id)d of this plan has the same indicator, level, responsible unit and deadline.")
            % {"id": existing},
            errors=_field_error("deadline", _("Already used by target %(id)d.") % {"id": existing}, "duplicate"),
        )
    # The check constraints are the input rules checked above, the unique one the query just made; the plan and
    # the indicator are instances read with the request: full_clean would ask the database again for each.
    target.full_clean(exclude=["plan", "indicator"], validate_constraints=False)
    target.save()
    if rows is not None:
        target.milestones.all().delete()
        for row in rows:
            row.target = target
        bulk_create_with_history(rows, Milestone)
    # Once, after the target and all its milestones: its facts (another plan, indicator or level) and its stored
    # assessment (the rule or the expected path changed).
    refresh(Target.objects.filter(pk=target.pk))
    # Its own flags, its children's and its rivals': all of its indicator (and of the one it left).
    cascade_state.refresh_flags({target.indicator_id, before[0] if before else None} - {None})
    return target


def parent_errors(target: Target) -> dict:
    """The cascade's rules of a target's parent (indicators/rules/inputs.py) as {field: ValidationError}: one query
    for the parent links of the indicator when the target already exists (a new one closes no cycle)."""
    parent = target.parent
    if parent is None:
        return {}
    links = cascade_state.parent_links(target.indicator_id) if target.pk is not None else {}
    return validation_errors(inputs.parent_problems(
        target_id=target.pk, indicator_id=target.indicator_id, comparator=target.comparator, parent_id=parent.pk,
        parent_indicator_id=parent.indicator_id, parent_comparator=parent.comparator, parents=links,
    ))  # fmt: skip


def target_errors(target: Target, unit: str) -> dict:
    """The input rules of a target (indicators/rules/inputs.py) as {field: ValidationError}; `target.value` is the
    value as stored (resolved from a relative change). Used by the services, the admin form and the import."""
    return validation_errors(inputs.target_problems(
        unit=unit, comparator=target.comparator, value=target.value, relative_change=target.relative_change,
        baseline_value=target.baseline_value, baseline_date=target.baseline_date, deadline=target.deadline,
    ))  # fmt: skip


def milestone_errors(target: Target, unit: str, milestones: Sequence[tuple]) -> dict[int, dict]:
    """The input rules of milestones ((on, value) by position) as {index: {field: ValidationError}}."""
    found = inputs.milestone_problems(
        unit=unit, deadline=target.deadline, baseline_date=target.baseline_date, milestones=milestones
    )
    return {index: validation_errors(problems) for index, problems in found.items()}


def _milestone_rows(target: Target, unit: str, milestones: Sequence[Mapping[str, Any]]):
    rows = [Milestone(on=item["on"], value=item["value"]) for item in milestones]
    found = milestone_errors(target, unit, [(row.on, row.value) for row in rows])
    return rows, {index: _drf_errors(ValidationError(errors)) for index, errors in found.items()}


@transaction.atomic
def target_delete(*, target: Target) -> None:
    """Delete a target and its milestones; refused while other targets derive from it (they name it as parent)."""
    children = list(target.children.values_list("pk", flat=True)[:MAX_NAMED])
    if children:
        raise InUse(
            _("Targets %(ids)s derive from this target; give them another parent (or none) first.")
            % {"ids": ", ".join(str(pk) for pk in children)}
        )
    indicator_id = target.indicator_id
    _delete(target, "target")
    cascade_state.refresh_flags([indicator_id])


MAX_NAMED = 10  # how many dependent rows a refusal names


# ---------------------------------------------------------------------------------------------------------------
# Progress reports and measurements

REPORT_FIELDS = ("province", "title", "document_number", "reported_on", "period_start", "period_end", "source_url",
                 "source_note", "period")  # fmt: skip
# What a report may be created as: a draft, or approved when it copies a published document (approvers and staff).
CREATED_STATES = (ReportState.DRAFT, ReportState.APPROVED)
MEASUREMENT_FIELDS = ("report", "indicator", "level", "as_of", "as_of_precision", "value", "qualifier", "is_estimate",
                      "numerator", "denominator", "value_text", "note", "methodology")  # fmt: skip
# The fields a value_text stands for; given alongside it, they must agree with what it reads.
FIGURE_FIELDS = ("value", "qualifier", "is_estimate", "numerator", "denominator")


@transaction.atomic
def progress_report_create(
    *, title: str, reported_on: date, province: Province | None = None, document_number: str = "",
    period_start: date | None = None, period_end: date | None = None, source_url: str = "", source_note: str = "",
    entered_by=None, measurements: Sequence[Mapping[str, Any]] = (), period=None, state: str = ReportState.DRAFT,
) -> ProgressReport:  # fmt: skip
    """Create a report and all its measurements, or nothing.

    Each measurement is a mapping of Measurement fields; `as_of` defaults to `reported_on`, and the figure is given
    either as structured fields or as `value_text` in the Vietnamese form (see `measurement_create`). Every item is
    checked before anything is written, and all the errors are reported at once, pointing at the item.

    A report is a draft (its figures count once approved: docs/reporting.md), or created approved when it copies a
    published document; the caller checks that its user may approve (accounts.policy.can_approve).
    """
    if state not in CREATED_STATES:
        raise ValidationError({"state": ValidationError(_("A report is created as a draft or approved."),
                                                        code="invalid_choice")})  # fmt: skip
    report = ProgressReport(
        province=province, title=title, document_number=document_number, reported_on=reported_on,
        period_start=period_start, period_end=period_end, source_url=source_url, source_note=source_note,
        entered_by=entered_by, period=period, state=state,
        submitted_at=timezone.now() if state == ReportState.APPROVED else None,
    )  # fmt: skip
    _check_report(report)
    built, item_errors = [], {}
    for index, item in enumerate(measurements):
        try:
            built.append(
                _build_measurement(Measurement(report=report), item, creating=True, report=report, checked=True)
            )
        except ValidationError as exc:
            item_errors[index] = _drf_errors(exc)
    if item_errors:
        raise InvalidItems({"measurements": item_errors})
    _save_report(report)
    for measurement in built:
        measurement.report = report
        measurement.province_id, measurement.is_active = report.province_id, True  # what save() would copy
        measurement.standing = report.standing
    # The targets the figures judge are locked before the figures get their ids (indicators/locking.py), so the
    # facts fold them in entry order whatever order concurrent reports commit in.
    lock_series((m.indicator_id, m.level, m.province_id) for m in built)
    # One INSERT per 500 figures with their history rows; the targets they judge are brought up to date here, in
    # this transaction, from their facts and the new figures.
    bulk_create_with_history(built, Measurement, batch_size=500)
    add_figures(built, locked=True)
    if state == ReportState.APPROVED:
        # Entered approved (a published document): for other systems, as an approval (webhooks, docs/outputs.md).
        events.emit("report.approved", {"report": report.pk, "province": province.key if province else None,
                                        "period": report.period_id, "state": report.state})  # fmt: skip
    return report


@transaction.atomic
def progress_report_update(*, report: ProgressReport, data: Mapping[str, Any]) -> ProgressReport:
    """Change a report's own fields (a draft or returned one); its measurements follow a change of province."""
    _apply(report, data, REPORT_FIELDS)
    return progress_report_save(report=report)


@transaction.atomic
def progress_report_save(*, report: ProgressReport, entered_by=None) -> ProgressReport:
    """Save a report whose fields are set (the admin's form, an update). Moved to another province, its figures
    move with it and the targets of both provinces are judged again; a deleted report is not edited."""
    if report.pk is None:
        report.entered_by = report.entered_by or entered_by
        _check_report(report)
        _save_report(report)
        return report
    locked = lock_reports([report.pk])
    if report.pk not in locked:
        raise ValidationError(_("This report no longer exists."), code="gone")
    deleted_at, old_province = locked[report.pk]
    if deleted_at is not None:
        raise ReportDeleted(_("This report is deleted; restore it first."))
    check_editable(report)
    report.deleted_at = None
    _check_report(report)
    if report.province_id != old_province:
        # Its figures move with it: they must fall in the new unit's lifetime (and its reform rules) too.
        dates = report.measurements.aggregate(first=Min("as_of"), last=Max("as_of"))
        errors = _lifetime_errors(report.province, dates["first"], "province", _("a figure"))
        errors = errors or _lifetime_errors(report.province, dates["last"], "province", _("a figure"))
        _raise(errors)
    if report.province_id != old_province:
        before = {(i, level, old_province) for i, level in _indicator_levels(report)}
        after = {(i, level, report.province_id) for i, level in _indicator_levels(report)}
        lock_series(before | after)
        _save_report(report)
        report.measurements.update(province=report.province_id)
        refresh_for_series(before | after)
    else:
        _save_report(report)
    return report


@transaction.atomic
def progress_report_delete(*, report: ProgressReport) -> ProgressReport:
    """Soft delete: the report is hidden and its figures stop judging targets; `progress_report_restore` undoes it.
    Allowed in any state (nothing is lost); deleting an approved report takes an approver (the callers check
    `accounts.policy.can_approve`), as reopening it does."""
    deleted_at, _province = lock_reports([report.pk]).get(report.pk, (report.deleted_at, None))
    if deleted_at is None:
        series = _series(report)
        lock_series(series)
        report.deleted_at = timezone.now()
        report.save(update_fields=["deleted_at"])
        report.measurements.update(is_active=False, standing=report.standing)
        refresh_for_series(series)
    else:
        report.deleted_at = deleted_at
    return report


@transaction.atomic
def progress_report_restore(*, report: ProgressReport) -> ProgressReport:
    """Undo a soft delete, unless an active report with the same document number and date now exists."""
    deleted_at, _province = lock_reports([report.pk]).get(report.pk, (report.deleted_at, None))
    if deleted_at is not None:
        report.deleted_at = None
        _check_duplicate(report)
        series = _series(report)
        lock_series(series)
        report.save(update_fields=["deleted_at"])
        report.measurements.update(is_active=True, standing=report.standing)
        refresh_for_series(series)
    else:
        report.deleted_at = None
    return report


def _indicator_levels(report: ProgressReport) -> set[tuple]:
    return set(report.measurements.values_list("indicator_id", "level"))


def _series(report: ProgressReport) -> set[tuple]:
    """The (indicator, level, province) series of a report's figures: whose targets a change of the report must
    refresh."""
    return set(report.measurements.values_list("indicator_id", "level", "province_id"))


def check_editable(report: ProgressReport) -> None:
    """Refuse (409) to change a report that is not a draft or returned, or whose period is closed for its unit."""
    if report.state not in EDITABLE:
        raise ReportLocked(
            _("This report is %(state)s: it cannot be changed. An approver may reopen an approved report.")
            % {"state": report.state},
            errors=_field_error("state", _("The report is %(state)s.") % {"state": report.state}, "locked"),
        )
    if period_closed(report):
        raise ReportLocked(_("The period of this report is closed for its unit; only staff can unlock it."))


def period_closed(report: ProgressReport) -> bool:
    """Whether the report's period is closed for the report's unit (its obligation is closed)."""
    if report.period_id is None:
        return False
    return report.period.obligations.filter(province_id=report.province_id, closed_at__isnull=False).exists()


def window_errors(report: ProgressReport) -> dict:
    """A report attached to a period covers it: its data period lies in the window (the window when not given),
    and it is dated on or after the window's start."""
    period = report.period
    if period is None:
        return {}
    report.period_start = report.period_start or period.window_start
    report.period_end = report.period_end or period.window_end
    errors = {}
    window = {"label": period.label, "start": period.window_start.isoformat(), "end": period.window_end.isoformat()}
    for name in ("period_start", "period_end"):
        if not period.window_start <= getattr(report, name) <= period.window_end:
            errors[name] = ValidationError(
                _("Outside the window of %(label)s (%(start)s to %(end)s).") % window, code="outside_period"
            )
    if report.reported_on and report.reported_on < period.window_start:
        errors["reported_on"] = ValidationError(
            _("A report on %(label)s cannot be dated before its window starts (%(start)s).") % window,
            code="outside_period",
        )
    return errors


def _check_report(report: ProgressReport) -> None:
    errors = _period_errors(report.period_start, report.period_end)
    # A report may be published after its unit ended when its period lies inside the unit's lifetime.
    if report.period_end is not None:
        errors.update(_lifetime_errors(report.province, report.period_end, "period_end", _("a report period")))
    else:
        errors.update(_lifetime_errors(report.province, report.reported_on, "reported_on", _("a report")))
    if report.reported_on and report.reported_on > today():
        errors["reported_on"] = ValidationError(_("A report cannot be dated in the future."), code="future")
    if not errors:
        errors = window_errors(report)
    _raise(errors)
    if period_closed(report):
        raise ReportLocked(_("The period of this report is closed for its unit; only staff can unlock it."))
    _check_duplicate(report)
    # The unique document is checked by _check_duplicate (a 409 naming the report), also when a concurrent
    # request inserts it in between (_save_report); full_clean would answer that race with a bare 400.
    report.full_clean(validate_constraints=False)


def _check_duplicate(report: ProgressReport) -> None:
    if not report.document_number or report.deleted_at is not None:
        return
    existing = (
        ProgressReport.objects.active()
        .filter(province=report.province, document_number=report.document_number, reported_on=report.reported_on)
        .exclude(pk=report.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        raise DuplicateReport(
            _("Progress report %(id)d already has document number %(number)s dated %(date)s for this province.")
            % {"id": existing, "number": report.document_number, "date": report.reported_on.isoformat()},
            errors=_field_error(
                "document_number", _("Already used by progress report %(id)d.") % {"id": existing}, "duplicate"
            ),
        )


def _save_report(report: ProgressReport) -> None:
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another request saved the same document between the check and the insert.
        _check_duplicate(report)
        raise


@transaction.atomic
def measurement_create(
    *, report: ProgressReport, indicator: Indicator, as_of: date | None = None, level: str = Level.OVERALL,
    value: Decimal | None = None, qualifier: str | None = None, is_estimate: bool | None = None,
    numerator: Decimal | None = None, denominator: Decimal | None = None, value_text: str = "", note: str = "",
    as_of_precision: str | None = None, methodology: str | None = None,
) -> Measurement:  # fmt: skip
    """Add one figure to a report.

    The figure is the structured fields, or `value_text` as a Vietnamese report writes it ("ước đạt 71,4%",
    "trên 99%", "1.223/1.712", "thứ 3/63"), read by `indicators.rules.figures.read_figure`; structured fields given with
    it must agree with what it reads. `as_of` defaults to the report's date. A share must lie in 0..100, a rank be
    a whole number ≥ 1, a yes/no value 0 or 1.
    """
    given = {"indicator": indicator, "level": level, "as_of": as_of, "value": value, "qualifier": qualifier,
             "is_estimate": is_estimate, "numerator": numerator, "denominator": denominator,
             "value_text": value_text, "note": note, "as_of_precision": as_of_precision,
             "methodology": methodology}  # fmt: skip
    given = {name: field for name, field in given.items() if field is not None}
    _relock(report)
    measurement = _build_measurement(Measurement(report=report), given, creating=True, report=report)
    # Targets before the insert (indicators/locking.py): the new id is the newest for each target it judges.
    lock_series([(measurement.indicator_id, measurement.level, measurement.province_id)])
    measurement.save()
    add_figures([measurement], locked=True)
    return measurement


@transaction.atomic
def measurement_update(*, measurement: Measurement, data: Mapping[str, Any]) -> Measurement:
    """Change a figure. A new `value_text` replaces the figure (structured fields given with it must agree);
    structured fields alone must agree with the stored `value_text`, or come with a new (or empty) one."""
    _check_names(data, MEASUREMENT_FIELDS)
    check_editable(measurement.report)
    before = _stored_measurement(measurement)
    report = data.get("report", measurement.report)
    _relock(report, before[0])
    measurement = _build_measurement(measurement, data, creating=False, report=report)
    series = {before[1:], (measurement.indicator_id, measurement.level, measurement.province_id)}
    lock_series(series)
    measurement.save()
    refresh_for_series(series)
    return measurement


@transaction.atomic
def measurement_save(*, measurement: Measurement) -> Measurement:
    """Save a figure whose fields are set (the admin's form, an import row): `measurement_create` or
    `measurement_update` with its own values, so the same checks, locks and refresh apply."""
    fields = {name: getattr(measurement, name) for name in MEASUREMENT_FIELDS if name not in ("report", "indicator")}
    if measurement.pk is None:
        created = measurement_create(report=measurement.report, indicator=measurement.indicator, **fields)
        measurement.pk, measurement._state.adding = created.pk, False
        for name in ("unit", "province_id", "is_active", "standing", *fields):
            setattr(measurement, name, getattr(created, name))
        return measurement
    return measurement_update(measurement=measurement, data={"report": measurement.report, **fields})


@transaction.atomic
def measurement_delete(*, measurement: Measurement) -> None:
    check_editable(measurement.report)
    report_id, *series = _stored_measurement(measurement)
    lock_reports([report_id])
    lock_series([tuple(series)])
    measurement.delete()
    refresh_for_series([tuple(series)])


def _stored_measurement(measurement: Measurement) -> tuple:
    """(report_id, indicator_id, level, province_id) of the figure as stored, whatever was set on the instance."""
    return (
        Measurement.objects.filter(pk=measurement.pk)
        .values_list("report_id", "indicator_id", "level", "province_id")
        .get()
    )


def _relock(report: ProgressReport | None, *others) -> None:
    """Lock the report (and the report a figure leaves) first (indicators/locking.py), and take its deletion and
    province as they are under the lock: a report deleted or moved meanwhile is seen deleted or moved."""
    if report is None or report.pk is None:
        return
    locked = lock_reports([report.pk, *others])
    if report.pk in locked:
        report.deleted_at, report.province_id = locked[report.pk]


def _build_measurement(
    measurement: Measurement, data: Mapping[str, Any], *, creating: bool, report, checked: bool = False
) -> Measurement:
    """Set `data` on `measurement`, read its value_text, check it; raise ValidationError keyed by input field."""
    data = dict(data)
    if report is not None and report.pk is not None and report.state not in EDITABLE:
        check_editable(report)
    if report is not None and report.pk is not None and report.deleted_at is not None:
        raise ValidationError({"report": ValidationError(_("This report is deleted; restore it first."),
                                                         code="deleted")})  # fmt: skip
    text_given = "value_text" in data
    text = data.pop("value_text", measurement.value_text if not creating else "") or ""
    structured = {name: data.pop(name) for name in FIGURE_FIELDS if name in data and data[name] is not None}
    for name in FIGURE_FIELDS:
        data.pop(name, None)  # an explicit null is "not given"
    for name, value in data.items():
        setattr(measurement, name, value)
    measurement.report = report
    if measurement.as_of is None and report is not None:
        measurement.as_of = report.reported_on
    indicator = measurement.indicator
    unit = indicator.unit

    from_text: set[str] = set()
    errors: dict = {}
    if text:
        try:
            figure = read_figure(text)
        except FigureError as exc:
            raise ValidationError({"value_text": ValidationError(exc.message(_), code="unreadable")}) from None
        read = {"value": figure.value, "qualifier": figure.qualifier.value, "is_estimate": figure.is_estimate,
                "numerator": figure.numerator, "denominator": figure.denominator}  # fmt: skip
        errors.update(_figure_unit_errors(figure.unit, indicator))
        for name, got in structured.items():
            if got != read[name]:
                errors[name] = ValidationError(
                    _("%(name)s %(got)s disagrees with value_text “%(text)s”, which reads %(read)s.")
                    % {"name": name, "got": got, "text": figure.text, "read": read[name]},
                    code="disagrees",
                )
        for name in FIGURE_FIELDS:
            if name not in structured:
                from_text.add(name)
            setattr(measurement, name, read[name])
        measurement.value_text = figure.text
    else:
        if text_given or creating:
            measurement.value_text = ""
        if creating:
            measurement.qualifier = Qualifier.EXACT.value
            measurement.is_estimate = False
        for name, value in structured.items():
            setattr(measurement, name, value)
        if creating and "value" not in structured:
            errors["value"] = ValidationError(_("Give the value, or the figure as text in value_text."),
                                              code="required")  # fmt: skip
    if errors:
        raise ValidationError(errors)

    value_field = "value_text" if "value" in from_text else "value"
    errors.update(_range_errors(unit, measurement.value, value_field))
    if (abolished := district_abolished(measurement.level, measurement.as_of)) is not None:
        errors["level"] = ValidationError(abolished, code="level_abolished")
    reported_on = report.reported_on if report is not None else None
    errors.update(validation_errors(inputs.figure_date_problems(measurement.as_of, reported_on)))
    if report is not None and "as_of" not in errors:
        errors.update(_lifetime_errors(report.province, measurement.as_of, "as_of", _("a figure")))
    for name, minimum, strict in (("numerator", Decimal(0), False), ("denominator", Decimal(0), True)):
        number = getattr(measurement, name)
        if number is not None and (number <= minimum if strict else number < minimum):
            field = "value_text" if name in from_text else name
            errors.setdefault(field, ValidationError(
                _("The %(name)s must be greater than 0.") if strict else _("The %(name)s cannot be negative."),
                code="out_of_range", params={"name": name}))  # fmt: skip
    errors.update(_index_errors(measurement, indicator, from_text))
    _raise(errors)
    # The copies save() makes, made now so full_clean checks the constraints on them.
    measurement.unit = unit
    measurement.province = report.province if report is not None else None
    measurement.is_active = report is None or report.deleted_at is None
    rename = {name: "value_text" for name in from_text}
    # The report, the indicator and the province are instances read with the request (the report under its lock),
    # and the check constraints (shares, ranks, yes/no, numerator, denominator) were checked above in Python by the
    # input rules: full_clean would ask the database again, three queries a constraint and one a reference.
    exclude = ["indicator", "province", *(["report"] if report is not None else [])]
    _full_clean(measurement, exclude=exclude, rename=rename, constraints=False)
    return measurement


def _index_errors(measurement: Measurement, indicator: Indicator, from_text: set[str]) -> dict:
    """A DTI figure carries the methodology of its year (the default when not given, indicators/rules/dti.py), and
    a DTI rank is among the units of the division in force on its date (63, or 34 from 1 July 2025)."""
    if indicator.index_family != IndexFamily.DTI or measurement.as_of is None:
        return {}
    errors = {}
    if not measurement.methodology:
        measurement.methodology = dti.methodology_for(measurement.as_of.year) or ""
        if not measurement.methodology:
            errors["methodology"] = ValidationError(
                _("Name the methodology of the DTI of %(year)d (the document it follows): dtrack knows 922/QĐ-BTTTT "
                  "for 2022–2024 and 405/QĐ-BKHCN from 2025 only.") % {"year": measurement.as_of.year},
                code="required",
            )  # fmt: skip
    if indicator.unit == Unit.RANK and measurement.denominator is not None:
        expected = dti.cohort(indicator.unit, True, None, measurement.as_of)
        if measurement.denominator != expected:
            field = "value_text" if "denominator" in from_text else "denominator"
            errors[field] = ValidationError(
                _("A DTI rank as of %(date)s is among %(expected)d units, not %(given)s (63 before 1 July 2025, "
                  "34 from then).") % {"date": measurement.as_of.strftime("%d/%m/%Y"), "expected": expected,
                                       "given": inputs.plain(measurement.denominator)},
                code="cohort",
            )  # fmt: skip
    return errors


def _figure_unit_errors(figure_unit: str | None, indicator: Indicator) -> dict:
    """A percentage, a share or a rank read from the text must fit the indicator's unit."""
    if figure_unit == "percent" and indicator.unit != Unit.PERCENT:
        message = _("This figure is a percentage, but “%(indicator)s” is measured in %(unit)s.")
    elif figure_unit == "rank" and indicator.unit != Unit.RANK:
        message = _("This figure is a rank, but “%(indicator)s” is measured in %(unit)s.")
    elif indicator.unit == Unit.RANK and figure_unit not in ("rank", None):
        message = _("“%(indicator)s” is a rank: write it as 'thứ 3/63' or a bare number.")
    else:
        return {}
    return {"value_text": ValidationError(message % {"indicator": indicator.name, "unit": indicator.unit},
                                          code="unit_mismatch")}  # fmt: skip
