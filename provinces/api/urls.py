from rest_framework.routers import SimpleRouter

from provinces.api.views import ProvinceViewSet

router = SimpleRouter()
router.register("provinces", ProvinceViewSet, basename="province")
urlpatterns = router.urls
