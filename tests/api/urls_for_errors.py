"""Test-only views that trigger each kind of error, mounted under /api/_test/ in front of the real URLconf."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import include, path
from rest_framework import exceptions, generics, serializers, viewsets
from rest_framework.authentication import BasicAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dtrack.api.exceptions import DomainError
from dtrack.urls import handler400, handler403, handler404, handler500
from dtrack.urls import urlpatterns as dtrack_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name"]


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Group.objects.order_by("name", "pk")
    serializer_class = GroupSerializer
    filter_backends = []


class UnorderedGroupList(generics.ListAPIView):
    queryset = Group.objects.order_by()
    serializer_class = GroupSerializer
    filter_backends = []


class MeasurementSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=12, decimal_places=2)


class ReportSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=20)
    measurements = MeasurementSerializer(many=True)

    def validate(self, attrs):
        if attrs["title"] == "duplicate":
            raise serializers.ValidationError("A report with this title exists.", code="unique")
        if attrs["title"] == "reserved":
            raise serializers.ValidationError("This title is reserved.", code="reserved")
        return attrs


class ReportCreate(generics.CreateAPIView):
    serializer_class = ReportSerializer

    def perform_create(self, serializer):
        pass


class DeadlinePassed(DomainError):
    status_code = 422
    default_code = "deadline_passed"
    type_uri = "/problems/target-deadline-passed"
    title = "Target deadline has passed"
    default_detail = "The target's deadline has passed; it can no longer be changed."


class Raiser(APIView):
    """GET /api/_test/raise/<kind>/ raises the exception named by <kind>."""

    schema = None

    def get(self, request, kind):
        raise {
            "boom": RuntimeError("secret internals: password=hunter2"),
            "django-validation": DjangoValidationError({"deadline": ["Deadline precedes baseline date."]}),
            "django-permission": DjangoPermissionDenied(),
            "throttled": exceptions.Throttled(wait=30),
            "domain": DeadlinePassed(errors={"deadline": ["2025-12-31 is past."]}),
        }[kind]


class Private(APIView):
    schema = None
    authentication_classes = [BasicAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({})


def html_boom(request):
    raise RuntimeError("outside the API")


def plain_django_denied(request):
    raise DjangoPermissionDenied("not for you")


router = SimpleRouter()
router.register("groups", GroupViewSet, basename="group")

test_patterns = [
    path("", include(router.urls)),
    path("unordered-groups/", UnorderedGroupList.as_view()),
    path("reports/", ReportCreate.as_view()),
    path("raise/<slug:kind>/", Raiser.as_view()),
    path("private/", Private.as_view()),
]

urlpatterns = [
    path("api/_test/", include(test_patterns)),
    path("api/_test/plain-denied/", plain_django_denied),
    path("_test/boom/", html_boom),
    path("_test/denied/", plain_django_denied),
    *dtrack_urlpatterns,
]
