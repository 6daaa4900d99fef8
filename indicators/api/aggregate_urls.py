"""Routes of the aggregate views, under the resources they summarise (included in dtrack/urls.py api_v1)."""

from django.urls import path

from indicators.api.views import IndicatorRankingView, PlanScorecardView, ProvinceScorecardView, TargetSeriesView

urlpatterns = [
    path("plans/<int:id>/scorecard/", PlanScorecardView.as_view(), name="plan-scorecard"),
    path("provinces/<str:key>/scorecard/", ProvinceScorecardView.as_view(), name="province-scorecard"),
    path("indicators/<int:id>/ranking/", IndicatorRankingView.as_view(), name="indicator-ranking"),
    path("targets/<int:id>/series/", TargetSeriesView.as_view(), name="target-series"),
]
