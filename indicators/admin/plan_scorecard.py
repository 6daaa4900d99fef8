"""The plan page's scorecard: each of the plan's targets with today's status, latest figure and gap, and a status
summary chart (server-rendered SVG, the index's bar chart over this one plan).

Assessed the way the target list and the index assess (indicators/admin/index.py): the stored assessment when it
holds for today, else the database's computation; one query for the rows, one for the counts.
"""

from django.utils.safestring import mark_safe

from indicators import labels
from indicators.admin import index as admin_index
from indicators.admin.chart import status_badge
from indicators.labels import QUALIFIER_WORDS, with_unit
from indicators.models import Target


def latest_text(target) -> str:
    value = getattr(target, "latest_value", None)
    if value is None:
        return "–"
    words = QUALIFIER_WORDS.get(getattr(target, "latest_qualifier", None) or "exact", "")
    estimate = "ước " if getattr(target, "latest_is_estimate", False) else ""
    return f"{estimate}{words}{with_unit(value, target.unit)}"


def target_text(target) -> str:
    return labels.target_text(target.comparator, target.value, target.unit)


def scorecard(request, plan) -> dict:
    targets = list(
        admin_index.assessed_targets(request)
        .filter(plan=plan)
        .select_related("indicator", "plan")
        .order_by("indicator__name", "id")
    )
    # A target's levels in the order of their choices (the province first), not alphabetically.
    levels = {value: index for index, (value, _label) in enumerate(Target._meta.get_field("level").choices or [])}
    targets.sort(key=lambda target: (target.indicator.name, levels.get(target.level, len(levels)), target.pk))
    row = admin_index.Row(str(plan.number or plan.title[:40]))
    for target in targets:
        status = getattr(target, "status", None) or "no_data"
        row.counts[status] = row.counts.get(status, 0) + 1
    return {
        "rows": [
            {
                "target": target,
                "status": status_badge(getattr(target, "status", None)),
                "goal": target_text(target),
                "latest": latest_text(target),
                "gap": "–" if getattr(target, "gap", None) is None else with_unit(target.gap, target.unit),
                "deadline": target.deadline,
            }
            for target in targets
        ],
        "summary": row,
        "statuses": [
            (labels.STATUS_LABELS[s], labels.STATUS_COLOURS[s], row.counts.get(s.value, 0)) for s in labels.STATUS_ORDER
        ],
        "chart": admin_index.bar_chart([row]) if targets else mark_safe(""),
    }


class PlanScorecardMixin:
    """Adds the scorecard to an existing plan's change page (template admin/indicators/plan/change_form.html)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        plan = self.get_object(request, object_id) if object_id else None
        if plan is not None:
            extra_context = {**(extra_context or {}), "scorecard": scorecard(request, plan)}
        return super().change_view(request, object_id, form_url, extra_context)


class NamedTargetsMixin:
    """A target's name shows its indicator and plan ("≥ 92,5% — <indicator>, <level> (<plan>)"): fetched with the
    rows so that autocompletes and pages naming many targets run a constant number of queries."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("indicator", "plan"), may_have_duplicates
