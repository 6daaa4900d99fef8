"""Writes of the reporting cycle other than the report steps (reporting/workflow.py): generating a regime's periods
and obligations. Idempotent: running it again adds only what is missing."""

from datetime import date

from django.db import transaction

from indicators.rules import cycle as cycle_rules
from provinces.models import Province
from reporting.models import Obligation, ReportingPeriod, ReportingRegime

__all__ = ["generate_periods"]


def generate_periods(regime: ReportingRegime, *, until: date) -> tuple[int, int]:
    """Create the periods of `regime` whose window ends from its start to `until` (or its end), and an obligation
    for each reporting unit of each (the regime's units, else every unit in force at the window's end). Return
    (periods created, obligations created). Writes to the database the regime was read from."""
    db = regime._state.db or "default"
    with transaction.atomic(using=db):
        return _generate(regime, until, db)


def _generate(regime: ReportingRegime, until: date, db: str) -> tuple[int, int]:
    end = min(until, regime.ends_on) if regime.ends_on else until
    specs = cycle_rules.periods_due_between(
        regime.frequency, regime.starts_on, end, cutoff_day=regime.cutoff_day, deadline_days=regime.deadline_days
    )
    existing = {(p.year, p.number): p for p in regime.periods.all()}
    new = [
        ReportingPeriod(
            regime=regime,
            year=s.year,
            number=s.number,
            label=s.label,
            window_start=s.window_start,
            window_end=s.window_end,
            due_on=s.due_on,
        )
        for s in specs
        if (s.year, s.number) not in existing
    ]
    ReportingPeriod.objects.using(db).bulk_create(new)
    periods = list(regime.periods.filter(window_end__lte=end, window_end__gte=regime.starts_on))
    chosen = list(regime.units.all())
    owed = set(Obligation.objects.using(db).filter(period__in=periods).values_list("period_id", "province_id"))
    obligations = []
    for period in periods:
        units = chosen or Province.objects.using(db).current(period.window_end)
        obligations += [Obligation(period=period, province=unit) for unit in units if (period.pk, unit.pk) not in owed]
    Obligation.objects.using(db).bulk_create(obligations)
    return len(new), len(obligations)
