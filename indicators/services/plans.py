"""Writes for plans: create, update or save (a plan moved to another province has its targets judged again),
delete (refused while it has targets)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import cards
from indicators import cascade as cascade_state
from indicators.lineage import lineage_map, lineage_of
from indicators.models import Plan, Target
from indicators.rules import inputs
from indicators.services.common import (
    DuplicatePlan,
    InUse,
    _apply,
    _delete,
    _field_error,
    _lifetime_errors,
    _period_errors,
    _raise,
    validation_errors,
)
from indicators.state import refresh
from provinces.models import Province

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
