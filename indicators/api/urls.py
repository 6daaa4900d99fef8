from django.urls import path
from rest_framework.routers import SimpleRouter

from indicators.api.views import IndicatorViewSet, MeasurementViewSet, PlanViewSet, ProgressReportViewSet, TargetViewSet
from indicators.outputs.report_api import PlanReportView

router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("plans", PlanViewSet, basename="plan")
router.register("targets", TargetViewSet, basename="target")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("measurements", MeasurementViewSet, basename="measurement")
urlpatterns = [
    path("plans/<int:pk>/report.xlsx", PlanReportView.as_view(), name="plan-report"),
    *router.urls,
]
