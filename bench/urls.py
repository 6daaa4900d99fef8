"""The application's URLs plus the benchmark's floor endpoint (bench settings only)."""

from django.urls import include, path

from bench.views import floor
from dtrack.urls import handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("dtrack.urls")),
]
