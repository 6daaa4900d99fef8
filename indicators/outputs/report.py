"""The periodic report (báo cáo định kỳ): a unit's targets for a reporting period, or a plan's targets on a date,
each with its result and assessment — what indicators/outputs/report_xlsx.py lays out as officials send it.

The assessment is the pure rules' (indicators/judging.py), as the API and the admin show it; the one figure added
here is "đạt % kế hoạch" (indicators/rules/plan_share.py). A period's report assesses on the last day of its data
window (the cut-off): the figures it covers, approved ones only.

Queries: the targets (plan, province, indicator joined), their milestones, the facts searched for targets with a
figure dated after the day (only then), and the latest figures with their reports — whatever the number of
targets.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dtrack.errors import DomainError
from indicators.conf import thresholds
from indicators.judging import Judged, attach_milestones, judge_targets, known_province_key
from indicators.models import Measurement, Plan, Target
from indicators.outputs.cells import day_text
from provinces.models import Province

__all__ = ["Line", "Report", "UnitNotReporting", "period_report", "plan_report"]


@dataclass
class Line:
    target: Target  # with its plan (and province) and indicator
    judged: Judged
    figure: Measurement | None  # the latest figure, with its report


@dataclass
class Report:
    unit: Province | None  # None: national
    plans: list[Plan]
    period: object | None  # reporting.models.ReportingPeriod
    as_of: date
    lines: list[Line]


class UnitNotReporting(DomainError):
    status_code = 422  # a well-formed request the data refuses
    default_code = "unit_not_reporting"
    type_uri = "/problems/unit-not-reporting"
    title = "The unit does not report in this period"


ORDER = ("plan__issued_on", "plan_id", "indicator__code", "level", "deadline", "id")


def _lines(targets, as_of: date) -> list[Line]:
    rows = attach_milestones(
        targets.select_related("plan__province", "indicator")
        .annotate(known_latest_province_key=known_province_key())
        .order_by(*ORDER)
    )
    judged = judge_targets(rows, as_of, thresholds())
    refs = sorted({j.assessment.latest.ref for j in judged.values() if j.assessment.latest is not None})
    figures = Measurement.objects.filter(pk__in=refs).select_related("report").in_bulk() if refs else {}
    lines = []
    for row in rows:
        latest = judged[row.pk].assessment.latest
        lines.append(Line(row, judged[row.pk], figures.get(latest.ref) if latest is not None else None))
    return lines


def plan_report(plan: Plan, as_of: date) -> Report:
    """The targets of `plan` assessed on `as_of`."""
    lines = _lines(Target.objects.filter(plan=plan), as_of)
    return Report(plan.province, [plan], None, as_of, lines)


def period_report(period, unit: Province, plan_statuses=(Plan.Status.IN_FORCE,)) -> Report:
    """The targets of `unit`'s plans in force (or of `plan_statuses`) that `period`'s regime asks for (its indicators and levels; all when
    it names none), assessed on the period's cut-off. A unit that does not report in the period (not one of the
    regime's units; else not in force at the cut-off) is a 400 naming both."""
    regime = period.regime
    as_of = period.window_end
    units = list(regime.units.values_list("pk", flat=True))
    reports = unit.pk in units if units else Province.objects.current(as_of).filter(pk=unit.pk).exists()
    if not reports:
        message = _("%(unit)s does not report in the period %(period)s (data from %(start)s to %(end)s).") % {
            "unit": unit.name,
            "period": period.label,
            "start": day_text(period.window_start),
            "end": day_text(as_of),
        }
        raise UnitNotReporting(message, errors={"province": [message]})
    targets = Target.objects.filter(plan__province=unit, plan__status__in=list(plan_statuses))
    indicators = list(regime.indicators.values_list("pk", flat=True))
    if indicators:
        targets = targets.filter(indicator__in=indicators)
    if regime.levels:
        targets = targets.filter(Q(level__in=regime.levels))
    lines = _lines(targets, as_of)
    plans = list({line.target.plan_id: line.target.plan for line in lines}.values())
    return Report(unit, plans, period, as_of, lines)
