"""The webhooks API: subscriptions (staff; planners for their provinces) and their delivery log.

Only those who may manage a subscription see it and its deliveries (their URLs are where a province's data goes);
everyone else gets 401/403 on the collection and 404 on an object outside their provinces.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts import policy
from accounts.models import Role
from dtrack.api.base import ApiViewMixin
from dtrack.api.pagination import LimitOffsetPagination
from indicators.events import EVENTS
from webhooks import services
from webhooks.api import serializers as s
from webhooks.models import Delivery, Subscription


class ManagesWebhooks(BasePermission):
    message = _("Managing webhooks needs staff or a planner role.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and policy.may_write_somewhere(
            request.user, Role.PLANNER
        )


class WebhookViewMixin(ApiViewMixin):
    permission_classes = [ManagesWebhooks]
    pagination_class = LimitOffsetPagination
    filter_backends: list = []  # filters are declared by hand (query_parameters)


DELIVERY_PARAMETERS = [
    OpenApiParameter("subscription", OpenApiTypes.INT, description="Id of the subscription."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Delivery.Status.values),
    OpenApiParameter("event", OpenApiTypes.STR, enum=list(EVENTS)),
]


DELIVERY_FILTERS = {"status": False, "event": False}


def filtered(request, rows):
    """`rows` (deliveries) filtered by the query's subscription, status and event; 400 on a bad value."""
    params = s.DeliveryFilters(data=request.query_params)
    params.is_valid(raise_exception=True)
    filters = {f"{name}_id" if name == "subscription" else name: value for name, value in params.validated_data.items()}
    return rows.filter(**filters)


@extend_schema_view(
    list=extend_schema(summary="Webhook subscriptions you manage"),
    retrieve=extend_schema(summary="A webhook subscription (the secret is never returned)"),
    create=extend_schema(
        summary="Subscribe a receiver to events",
        request=s.SubscriptionWriteSerializer,
        responses={201: s.SubscriptionSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a subscription (URL, secret, events, province, active)",
        request=s.SubscriptionWriteSerializer,
        responses={200: s.SubscriptionSerializer},
    ),
    destroy=extend_schema(summary="Delete a subscription and its delivery log"),
)
class SubscriptionViewSet(WebhookViewMixin, viewsets.ModelViewSet):
    serializer_class = s.SubscriptionSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        rows = Subscription.objects.select_related("province").order_by("id")
        return policy.writable(rows, self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return s.SubscriptionWriteSerializer
        return s.SubscriptionSerializer

    def _answer(self, subscription, code=status.HTTP_200_OK):
        subscription = Subscription.objects.select_related("province").get(pk=subscription.pk)
        return Response(s.SubscriptionSerializer(subscription).data, status=code)

    def create(self, request, *args, **kwargs):
        data = s.SubscriptionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.subscription_create(user=request.user, **data.validated_data)
        return self._answer(created, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        subscription = self.get_object()
        data = s.SubscriptionWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changed = services.subscription_update(
            subscription=subscription, user=request.user, data=dict(data.validated_data)
        )
        return self._answer(changed)

    def destroy(self, request, *args, **kwargs):
        services.subscription_delete(subscription=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def query_parameters(self):
        # The delivery log of one subscription is paged like a list.
        return {**DELIVERY_FILTERS, "limit": False, "offset": False} if self.action == "deliveries" else {}

    @extend_schema(
        summary="This subscription's delivery log (newest first), by status and event",
        parameters=DELIVERY_PARAMETERS[1:],
        responses=s.DeliverySerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, *args, **kwargs):
        subscription = self.get_object()
        rows = filtered(request, Delivery.objects.filter(subscription=subscription).order_by("-created_at", "id"))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.DeliverySerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Delivery log (newest first), by subscription, status and event", parameters=DELIVERY_PARAMETERS
    ),
    retrieve=extend_schema(summary="One delivery: attempts, last answer, the body sent"),
)
class DeliveryViewSet(WebhookViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DeliverySerializer

    def query_parameters(self):
        return {"subscription": False, **DELIVERY_FILTERS} if self.action == "list" else {}

    def get_queryset(self):
        rows = policy.writable(Delivery.objects.order_by("-created_at", "id"), self.request.user)
        return filtered(self.request, rows) if self.action == "list" else rows

    @extend_schema(
        summary="Send a delivery again (gửi lại): pending from now, same delivery id",
        request=None,
        responses={200: s.DeliverySerializer},
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request, *args, **kwargs):
        delivery = self.get_object()
        services.redeliver(deliveries=Delivery.objects.filter(pk=delivery.pk), user=request.user)
        return Response(s.DeliverySerializer(Delivery.objects.get(pk=delivery.pk)).data)
