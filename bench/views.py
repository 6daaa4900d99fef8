"""The floor: what this stack does at best for a page of targets (bench settings only).

A plain Django view, no DRF: one indexed query (a primary-key range, the maintained `known_*` columns, so no
assessment) for the same number of rows as the targets list page, returned as JSON. Every endpoint's throughput is
reported as a ratio to this one's, measured in the same run.
"""

from django.http import JsonResponse

from indicators.models import Target

FIELDS = (
    "id",
    "plan_id",
    "indicator_id",
    "level",
    "comparator",
    "value",
    "deadline",
    "baseline_value",
    "baseline_date",
    "known_latest_id",
    "known_latest_value",
    "known_latest_as_of",
    "known_latest_qualifier",
    "known_latest_is_estimate",
)


def floor(request):
    after = int(request.GET.get("after", 0))
    limit = min(int(request.GET.get("limit", 50)), 500)
    rows = list(Target.objects.filter(id__gt=after).order_by("id").values(*FIELDS)[:limit])
    return JsonResponse({"count": len(rows), "results": rows})
