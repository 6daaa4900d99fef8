from rest_framework.routers import SimpleRouter

from indicators.api.views import IndicatorViewSet, MeasurementViewSet, PlanViewSet, ProgressReportViewSet, TargetViewSet

router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("plans", PlanViewSet, basename="plan")
router.register("targets", TargetViewSet, basename="target")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("measurements", MeasurementViewSet, basename="measurement")
urlpatterns = router.urls
