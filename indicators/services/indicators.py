"""Writes for indicators: create, update (the unit is fixed once targets or figures use it), delete."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import cards
from indicators import cascade as cascade_state
from indicators.models import Direction, Indicator, Target, Unit
from indicators.services.common import InUse, _apply, _delete, _field_error

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
