"""`/api/v1/`: what the API offers, as links, so a person or a crawler starting there finds everything."""

from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from dtrack.api.base import ApiViewMixin


def collections() -> dict[str, str]:
    """Every collection of the API (each URL named `<resource>-list`), by the last segment of its path: found in the
    URLconf, so a new resource is listed without anyone remembering to add it here."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("-list"):
                yield pattern.name

    names = sorted(set(walk(get_resolver().url_patterns)))
    return {reverse(name, kwargs={"version": "v1"}).rstrip("/").rsplit("/", 1)[-1]: name for name in names}


DOCS = (("docs", "docs"), ("redoc", "redoc"), ("schema", "schema"))

ApiRootSerializer = inline_serializer(
    "ApiRoot",
    fields={
        "resources": serializers.DictField(
            child=serializers.URLField(), help_text="Mỗi tập tài nguyên và địa chỉ danh sách của nó."
        ),
        "docs": serializers.DictField(
            child=serializers.URLField(), help_text="Tài liệu API: Swagger UI, ReDoc và mô tả OpenAPI."
        ),
    },
)


class ApiRootView(ApiViewMixin, APIView):
    """Links to every collection of the API and to its documentation."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="API root: links to the resources and the docs",
        tags=["api"],
        responses={200: ApiRootSerializer},
    )
    def get(self, request, *args, **kwargs):
        version = kwargs.get("version", "v1")
        build = request.build_absolute_uri
        return Response(
            {
                "resources": {
                    name: build(reverse(url, kwargs={"version": version})) for name, url in collections().items()
                },
                "docs": {name: build(reverse(url)) for name, url in DOCS},
            }
        )


def home(request):
    """`/` has no page of its own: the API docs are where a visitor (and the admin's "view site" link) lands."""
    return redirect("docs")
