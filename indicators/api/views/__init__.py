"""Views of the indicators API, one module a resource: the viewsets of indicators, plans, targets, progress reports
and measurements, and the aggregate views (`aggregates.py`: scorecards, ranking, a target's series).

Thin by design: each declares its queryset, serializers, filterset and ordering. Writes go through
`indicators.services`, and the answer is the object re-read through the list queryset, so a write returns exactly
what a later GET would (for a target: its assessment). The generic write plumbing (ETag/If-Match, idempotency, the
policy check) is `dtrack/api/viewsets.py`.
"""

from indicators.api.views.aggregates import (
    IndicatorRankingView,
    PlanScorecardView,
    ProvinceScorecardView,
    TargetSeriesView,
)
from indicators.api.views.indicators import IndicatorViewSet
from indicators.api.views.measurements import MeasurementViewSet
from indicators.api.views.plans import PlanViewSet
from indicators.api.views.reports import ProgressReportViewSet
from indicators.api.views.targets import TargetViewSet

__all__ = [
    "IndicatorRankingView",
    "IndicatorViewSet",
    "MeasurementViewSet",
    "PlanScorecardView",
    "PlanViewSet",
    "ProgressReportViewSet",
    "ProvinceScorecardView",
    "TargetSeriesView",
    "TargetViewSet",
]
