from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from dtrack.api.base import ApiViewMixin
from dtrack.api.exports import ExportMixin
from provinces.api.serializers import ProvinceDetailSerializer, ProvinceSerializer
from provinces.filtersets import ProvinceFilterSet, parse_on, with_is_current
from provinces.models import Province, Succession

KEY_PARAMETER = OpenApiParameter(
    "key",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="“<thời kỳ>-<mã>”, ví dụ 2025-44 (Quảng Trị mới) hoặc 2008-45 (Quảng Trị cũ).",
    pattern=r"^\d{4}-\d{2}$",
)
ON_PARAMETER = OpenApiParameter(
    "on",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description="Ngày tham chiếu cho `is_current` (mặc định hôm nay, giờ Việt Nam).",
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách tỉnh, thành phố (cả hai thời kỳ)",
        description=(
            "63 đơn vị thời kỳ 2008 (đến 30/6/2025) và 34 đơn vị thời kỳ 2025 (từ 1/7/2025). "
            "Mặc định xếp theo thời kỳ mới trước, rồi theo mã; với `q`, khớp đúng tên trước."
        ),
    ),
    retrieve=extend_schema(
        summary="Một tỉnh, thành phố, kèm đơn vị tiền thân và kế thừa",
        parameters=[KEY_PARAMETER, ON_PARAMETER],
    ),
)
class ProvinceViewSet(ExportMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Province-level units of Vietnam, read-only. The key includes the era because codes are reused."""

    export_name = "provinces"
    export_labels = {"is_current": _("đang hiệu lực")}
    lookup_field = "key"
    lookup_value_regex = r"\d{4}-\d{2}"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProvinceFilterSet
    queryset = Province.objects.all()

    def query_parameters(self):
        return {"on": False} if self.action == "retrieve" else {}

    def get_serializer_class(self):
        return ProvinceDetailSerializer if self.action == "retrieve" else ProvinceSerializer

    def get_queryset(self):
        queryset = with_is_current(
            Province.objects.order_by("-era", "code"), parse_on(self.request.query_params.get("on"))
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "predecessor_links",
                    queryset=Succession.objects.select_related("predecessor").order_by("predecessor__code"),
                ),
                Prefetch(
                    "successor_links",
                    queryset=Succession.objects.select_related("successor").order_by("successor__code"),
                ),
            )
        return queryset
