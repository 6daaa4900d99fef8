"""Writes for targets and their milestones: the input rules (indicators/rules/inputs.py), the cascade's rules of
a parent, duplicates; then the target's facts, stored assessment and cascade flags brought up to date."""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from indicators import cascade as cascade_state
from indicators.models import Indicator, Level, Milestone, Plan, Target, Unit
from indicators.rules import assessment, inputs
from indicators.services.common import (
    DuplicateTarget,
    Errors,
    InUse,
    _apply,
    _delete,
    _field_error,
    _field_messages,
    _raise,
    validation_errors,
)
from indicators.state import refresh

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
    target.value = value  # type: ignore[assignment]  # None for a relative target until save() resolves it
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
    errors: Errors = {}
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


def parent_errors(target: Target) -> Errors:
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


def target_errors(target: Target, unit: str) -> Errors:
    """The input rules of a target (indicators/rules/inputs.py) as {field: ValidationError}; `target.value` is the
    value as stored (resolved from a relative change). Used by the services, the admin form and the import."""
    return validation_errors(inputs.target_problems(
        unit=unit, comparator=target.comparator, value=target.value, relative_change=target.relative_change,
        baseline_value=target.baseline_value, baseline_date=target.baseline_date, deadline=target.deadline,
    ))  # fmt: skip


def milestone_errors(target: Target, unit: str, milestones: Sequence[tuple[date, Decimal]]) -> dict[int, Errors]:
    """The input rules of milestones ((on, value) by position) as {index: {field: ValidationError}}."""
    found = inputs.milestone_problems(
        unit=unit, deadline=target.deadline, baseline_date=target.baseline_date, milestones=milestones
    )
    return {index: validation_errors(problems) for index, problems in found.items()}


def _milestone_rows(
    target: Target, unit: str, milestones: Sequence[Mapping[str, Any]]
) -> tuple[list[Milestone], dict[int, Errors]]:
    rows = [Milestone(on=item["on"], value=item["value"]) for item in milestones]
    found = milestone_errors(target, unit, [(row.on, row.value) for row in rows])
    return rows, {index: _field_messages(ValidationError(errors)) for index, errors in found.items()}


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
