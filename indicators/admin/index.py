"""The admin index's overview: how many targets stand at each status today, per province and per plan, as a table
and as a server-rendered SVG bar chart (no script, no CDN).

Counted by the database over today's assessment (the stored one when it holds for today, else the database's
computation, as the target list does), within what the user may see (the target admin's own queryset).
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from indicators import labels
from indicators.admin import chart as admin_chart
from indicators.models import Target
from indicators.selectors import targets as target_lists
from indicators.state import stored_holds

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH = 18, 8, 190, 420


@dataclass
class Row:
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(status.value, 0) for status in labels.STATUS_ORDER]


def assessed_targets(request):
    targets = admin.site._registry[Target].get_queryset(request)
    today, thresholds = timezone.localdate(), admin_chart.thresholds()
    if stored_holds(today, thresholds):
        return targets.with_stored(today)
    # Not yet refreshed for today (just after midnight, before `refresh_assessments`): judged by the rules.
    return target_lists.with_statuses(targets, target_lists.assess_all(targets, today, thresholds))


def _rows(targets, key: str, label) -> list[Row]:
    rows: dict[object, Row] = {}
    for values in targets.order_by().values(key, *label.fields, "status").annotate(n=Count("id")):
        row = rows.setdefault(values[key], Row(label(values)))
        row.counts[values["status"]] = row.counts.get(values["status"], 0) + values["n"]
    return sorted(rows.values(), key=lambda row: (-row.total, row.label))


class _Label:
    def __init__(self, fields, render):
        self.fields, self.render = fields, render

    def __call__(self, values):
        return self.render(values)


PROVINCE = _Label(("plan__province__short_name",), lambda v: v["plan__province__short_name"] or gettext("cả nước"))
PLAN = _Label(
    ("plan__number", "plan__title"),
    lambda v: v["plan__number"] or (v["plan__title"] if len(v["plan__title"]) <= 40 else v["plan__title"][:39] + "…"),
)


def overview(request) -> dict:
    targets = assessed_targets(request)
    provinces = _rows(targets, "plan__province", PROVINCE)
    plans = _rows(targets, "plan", PLAN)
    return {
        "statuses": [(labels.STATUS_LABELS[s], labels.STATUS_COLOURS[s]) for s in labels.STATUS_ORDER],
        "provinces": provinces,
        "plans": plans,
        "chart": bar_chart(provinces),
        "as_of": timezone.localdate(),
    }


def bar_chart(rows: list[Row]) -> SafeString:
    """One stacked bar per row, each status its colour, the count written in segments wide enough to hold it."""
    if not rows:
        return mark_safe("")
    widest = max(row.total for row in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="dtrack-overview-chart" role="img" width="{LABEL_WIDTH + BAR_WIDTH + 40}" height="{height}" '
        f'viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + 40} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, row in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        label = escape(row.label if len(row.label) <= 26 else row.label[:25] + "…")
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end" font-size="12">{label}</text>')
        x = float(LABEL_WIDTH)
        for status, count in zip(labels.STATUS_ORDER, row.cells(), strict=True):
            if not count:
                continue
            width = BAR_WIDTH * count / widest
            title = escape(f"{labels.STATUS_LABELS[status]}: {count}")
            parts.append(
                f'<rect class="dtrack-bar dtrack-status-{status.value}" x="{x:.1f}" y="{y}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{labels.STATUS_COLOURS[status]}"><title>{title}</title></rect>'
            )
            if width >= 16:
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + 13}" text-anchor="middle" font-size="11" '
                    f'fill="#fff">{count}</text>'
                )
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 13}" font-size="11">{row.total}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
