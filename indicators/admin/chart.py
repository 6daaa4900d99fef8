"""How the admin shows a target's assessment: a status badge, the explanation, and a small SVG chart (the labels
and colours are indicators/labels.py's).

The assessment is the pure rules' (indicators/rules/assessment.py) over the measurements that judge the target
(indicators/lineage.py), the same the API's target detail shows. The chart is drawn here by hand as SVG (no
JavaScript, no CDN): the measurements that judge the target against the expected path from the reference point
through the milestones to the target at the deadline. Every text that goes into the SVG is escaped.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from indicators.admin.ticks import nice_ticks
from indicators.conf import thresholds
from indicators.judging import Judged, judge_one, judging_basis
from indicators.labels import (
    DEADLINE_LABELS,
    QUALIFIER_WORDS,
    STATUS_COLOURS,
    STATUS_LABELS,
    comparator_sign,
    target_text,
    vn_number,
    with_unit,
)
from indicators.lineage import judging_measurements
from indicators.models import Measurement, Plan, Target
from indicators.rule_texts import rule_text
from indicators.rules import assessment
from indicators.rules.assessment import Status
from indicators.rules.figures import Qualifier


def status_badge(status: str | None) -> SafeString:
    if not status:
        return mark_safe("–")
    status = Status(status)
    return mark_safe(
        f'<span class="dtrack-status dtrack-status-{escape(status.value)}" style="background:{STATUS_COLOURS[status]};'
        f'color:#fff;padding:1px 7px;border-radius:9px;white-space:nowrap">{escape(STATUS_LABELS[status])}</span>'
    )


@dataclass
class TargetView:
    """Everything the target page shows about its assessment."""

    row: Target  # with its plan, province and indicator
    rule: assessment.TargetRule
    measurements: list
    judged: Judged
    as_of: date

    @property
    def result(self) -> assessment.Assessment:
        return self.judged.assessment

    @property
    def explanation(self) -> dict:
        return self.result.explanation


def target_view(target: Target, as_of: date) -> TargetView:
    row = Target.objects.select_related("indicator", "plan__province").prefetch_related("milestones").get(pk=target.pk)
    measurements = list(judging_measurements(row, as_of).select_related("report"))
    # A merged unit's target also takes its predecessors' figures combined (indicators/merged.py).
    judged = judge_one(row, measurements, as_of, thresholds())
    return TargetView(row, row.rule(), measurements, judged, as_of)


def render_assessment(view: TargetView) -> SafeString:
    row, result, explanation = view.row, view.result, view.explanation
    unit = row.unit
    latest_id = result.latest.ref if result.latest else None
    latest = next((m for m in view.measurements if m.pk == latest_id), None)
    comparator = comparator_sign(row.comparator)
    days = result.days_remaining
    if days is None:
        days_text = "–"
    elif days >= 0:
        days_text = gettext("còn %(days)s ngày") % {"days": days}
    else:
        days_text = gettext("thời hạn đã qua %(days)s ngày") % {"days": -days}
    reference = explanation.get("reference")
    expected = explanation.get("expected")
    ratio = explanation.get("ratio")
    basis = judging_basis(row, view.judged)
    combined = result.latest if result.latest is not None and latest is None else None
    plan = row.plan
    context = {
        "as_of": view.as_of,
        "status": status_badge(result.status),
        "status_rule": rule_text(explanation.get("rule", "")),
        "target": f"{comparator} {with_unit(row.value, unit)}",
        "deadline": row.deadline,
        "deadline_status": DEADLINE_LABELS.get(result.deadline_status, result.deadline_status),
        "days_text": days_text,
        "gap": "–" if result.gap is None else with_unit(result.gap, unit),
        "latest_on": result.latest.on if result.latest else None,
        "latest_text": _figure_text(latest, unit)
        if latest
        else (with_unit(combined.value, unit) if combined else None),
        "provisional": result.provisional,
        "declining": result.declining,
        "basis_text": basis["basis_text"],
        "level_abolished": assessment.level_abolished(row.level, row.deadline),
        "plan": plan,
        "plan_status": plan.get_status_display() if plan.status != Plan.Status.IN_FORCE else None,
        "reference": reference,
        "reference_value": with_unit(reference["value"], unit) if reference else None,
        "reference_is_baseline": bool(reference and reference["source"] == "baseline"),
        "expected_value": with_unit(expected["value"], unit) if expected else None,
        "ratio": vn_number(ratio) if ratio is not None else None,
        "on_track": vn_number(thresholds().on_track),
        "at_risk": vn_number(thresholds().at_risk),
        "due_soon_days": thresholds().due_soon_days,
        "chart": render_chart(view),
    }
    return mark_safe(render_to_string("admin/indicators/target/assessment.html", context))


def _figure_text(measurement: Measurement, unit: str) -> str:
    if measurement.value_text:
        return measurement.value_text
    estimate = "ước " if measurement.is_estimate else ""
    return estimate + QUALIFIER_WORDS.get(measurement.qualifier, "") + with_unit(measurement.value, unit)


# --- the chart ---------------------------------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 28, 40


def render_chart(view: TargetView) -> SafeString:
    """An SVG line chart: measurements (dots; hollow when estimated or approximate) against the expected path."""
    row, measurements, as_of = view.row, view.measurements, view.as_of
    unit = row.unit
    reference = view.explanation.get("reference")
    path = []
    rule = view.rule
    # The expected path runs from the reference towards the target; a reference already at the target has none.
    if reference is not None and not assessment.is_met(rule, reference["value"], Qualifier.EXACT):
        path = assessment.path_points(rule, reference["date"], reference["value"])
    # A merged unit's figures combined from its predecessors' (indicators/merged.py) are drawn with its own.
    combination = view.judged.combination
    combined = list(combination.readings) if combination is not None else []
    dates = [row.deadline, as_of, *(m.as_of for m in measurements), *(r.on for r in combined), *(p.on for p in path)]
    values = [row.value, *(m.value for m in measurements), *(r.value for r in combined), *(p.value for p in path)]
    start, end = min(dates), max(dates)
    if end <= start:
        start, end = start - timedelta(days=30), end + timedelta(days=30)
    pad_days = max((end - start).days // 25, 1)
    start, end = start - timedelta(days=pad_days), end + timedelta(days=pad_days)
    low, high = min(values), max(values)
    pad = (high - low) / 10 if high > low else max(abs(high) / 10, Decimal(1))
    low, high = low - pad, high + pad
    if unit == "percent":
        low, high = max(low, Decimal(0)), min(high, Decimal(100))
        if high <= low:
            low, high = Decimal(0), Decimal(100)
    if unit != "rank" and low > 0 and min(values) >= 0 and low < (high - low):
        low = Decimal(0)  # start at zero when that costs little room: distances then read as proportions
    low, high, value_ticks = nice_ticks(low, high)
    if unit == "percent":  # widened to round ticks, a share still stays within 0–100 %
        value_ticks = [t for t in value_ticks if 0 <= t <= 100]
        low, high = value_ticks[0], value_ticks[-1]

    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span_days = (end - start).days

    def x(day: date) -> float:
        return LEFT + plot_w * (day - start).days / span_days

    def y(value: Decimal) -> float:
        share = float((Decimal(value) - low) / (high - low))
        if unit == "rank":  # rank 1 is best: draw it at the top
            share = 1 - share
        return TOP + plot_h * (1 - share)

    title = gettext("Số liệu so với lộ trình kỳ vọng: %(indicator)s") % {"indicator": row.indicator.name}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dtrack-chart" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ccc"/>',
    ]
    # Horizontal grid with value labels.
    for value in value_ticks:
        yy = y(value)
        parts.append(f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{LEFT + plot_w}" y2="{yy:.1f}" stroke="#e5e5e5"/>')
        label = escape(with_unit(value, unit))
        parts.append(f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#555">{label}</text>')
    # Years on the time axis (or the two ends when the span is short).
    ticks = [date(year, 1, 1) for year in range(start.year + 1, end.year + 1)]
    ticks = [t for t in ticks if start < t < end]
    if len(ticks) > 8:
        step = -(-len(ticks) // 8)
        ticks = ticks[::step]
    labels = [(t, str(t.year)) for t in ticks] or [(start, _day(start)), (end, _day(end))]
    for tick, label in labels:
        xx = x(tick)
        parts.append(f'<line x1="{xx:.1f}" y1="{TOP}" x2="{xx:.1f}" y2="{TOP + plot_h}" stroke="#eee"/>')
        parts.append(
            f'<text x="{xx:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="#555">{escape(label)}</text>'
        )
    # The target: a dashed line at its value, and the deadline.
    target_label = gettext("mục tiêu %(target)s") % {"target": target_text(row.comparator, row.value, unit)}
    ty, dx = y(row.value), x(row.deadline)
    parts.append(
        f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{LEFT + plot_w}" y2="{ty:.1f}" stroke="#1b6e2d" '
        'stroke-dasharray="6 4" class="dtrack-target"/>'
    )
    parts.append(f'<line x1="{dx:.1f}" y1="{TOP}" x2="{dx:.1f}" y2="{TOP + plot_h}" stroke="#1b6e2d"/>')
    deadline_label = gettext("thời hạn %(date)s") % {"date": _day(row.deadline)}
    parts.append(
        f'<text x="{dx - 4:.1f}" y="{TOP + 12}" text-anchor="end" fill="#1b6e2d">{escape(deadline_label)}</text>'
    )
    # Above its line, unless that would run into the deadline's label at the top: then below it.
    label_y = ty - 5 if ty - 5 > TOP + 26 else ty + 14
    parts.append(
        f'<text class="dtrack-target-label" x="{LEFT + 4}" y="{label_y:.1f}" fill="#1b6e2d">{escape(target_label)}</text>'
    )
    # The assessment date.
    ax = x(as_of)
    parts.append(
        f'<line x1="{ax:.1f}" y1="{TOP}" x2="{ax:.1f}" y2="{TOP + plot_h}" stroke="#888" stroke-dasharray="2 3"/>'
    )
    today_label = gettext("hôm nay %(date)s") % {"date": _day(as_of)}
    anchor, tx = ("end", ax - 3) if ax > LEFT + plot_w * 0.75 else ("start", ax + 3)
    parts.append(
        f'<text x="{tx:.1f}" y="{TOP + plot_h - 4}" text-anchor="{anchor}" fill="#666">{escape(today_label)}</text>'
    )
    # The expected path.
    if path:
        points = " ".join(f"{x(p.on):.1f},{y(p.value):.1f}" for p in path)
        path_title = escape(gettext("lộ trình kỳ vọng"))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="#7a7a7a" stroke-width="1.5" stroke-dasharray="4 3" '
            f'class="dtrack-expected"><title>{path_title}</title></polyline>'
        )
    # The measurements.
    colour = STATUS_COLOURS.get(view.result.status, "#333")
    line = sorted([(m.as_of, m.value) for m in measurements] + [(r.on, r.value) for r in combined])
    if len(line) > 1:
        points = " ".join(f"{x(on):.1f},{y(value):.1f}" for on, value in line)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for m in measurements:
        hollow = m.is_estimate or m.qualifier in ("approximately", "nearly")
        fill = "#fff" if hollow else colour
        tip = f"{_day(m.as_of)}: {_figure_text(m, unit)}"
        if m.province is not None:
            tip += f" — {m.province.name}"
        parts.append(
            f'<circle class="dtrack-measurement" cx="{x(m.as_of):.1f}" cy="{y(m.value):.1f}" r="4.5" fill="{fill}" '
            f'stroke="{colour}" stroke-width="2"><title>{escape(tip)}</title></circle>'
        )
    for r in combined:
        hollow = r.is_estimate or r.qualifier in ("approximately", "nearly")
        fill = "#fff" if hollow else colour
        tip = gettext("%(date)s: %(value)s — cộng gộp số liệu của %(units)s") % {
            "date": _day(r.on),
            "value": with_unit(r.value, unit),
            "units": ", ".join(u.name for u in combination.predecessors),
        }
        parts.append(
            f'<rect class="dtrack-combined" x="{x(r.on) - 4.5:.1f}" y="{y(r.value) - 4.5:.1f}" width="9" height="9" '
            f'fill="{fill}" stroke="{colour}" stroke-width="2"><title>{escape(tip)}</title></rect>'
        )
    if not measurements and not combined:
        empty = escape(gettext("chưa có số liệu"))
        parts.append(
            f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" fill="#666">{empty}</text>'
        )
    # Legend.
    legend = [
        (colour, "", gettext("số liệu (rỗng: ước tính, xấp xỉ)")),
        ("#7a7a7a", "4 3", gettext("lộ trình kỳ vọng")),
        ("#1b6e2d", "6 4", gettext("mục tiêu")),
    ]
    lx = LEFT
    for stroke, dash, text in legend:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{lx}" y1="12" x2="{lx + 18}" y2="12" stroke="{stroke}" stroke-width="2"{dash_attr}/>')
        parts.append(f'<text x="{lx + 22}" y="16" fill="#333">{escape(text)}</text>')
        lx += 30 + 6 * len(text)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _day(day: date) -> str:
    return date_format(day, "d/m/Y")
