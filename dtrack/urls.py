from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from dtrack.api import root
from dtrack.api import views as api_views

api_v1 = [
    path("", root.ApiRootView.as_view(), name="api-root"),
    path("", include("provinces.api.urls")),
    path("", include("indicators.api.urls")),
    path("", include("indicators.api.aggregate_urls")),
    path("", include("reporting.api.urls")),
    path("", include("webhooks.api.urls")),
]

urlpatterns = [
    path("", root.home, name="home"),
    path("admin/", admin.site.urls),
    # Session sign-in for people using the browsable API (docs/security.md); systems use tokens.
    path("auth/", include("rest_framework.urls")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    # After the docs: `api/<version>/` would take "docs" for a version.
    path("api/<version>/", include(api_v1)),
    # Keep last. Only slash-terminated paths, so APPEND_SLASH still redirects /api/v1/provinces.
    re_path(r"^api/(?:.*/)?$", api_views.api_not_found),
]

# Errors raised outside DRF under /api/ (unknown URL, bad Host, crash) answer in problem+json;
# elsewhere Django's own pages.
handler400 = "dtrack.api.views.bad_request"
handler403 = "dtrack.api.views.permission_denied"
handler404 = "dtrack.api.views.page_not_found"
handler500 = "dtrack.api.views.server_error"
