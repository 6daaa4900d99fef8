"""Serializers of the webhooks API: the secret goes in, never out."""

import json

from django.core.validators import URLValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.events import EVENTS
from provinces.models import Province
from webhooks import services
from webhooks.models import Delivery, Subscription

URL_HELP = "http(s) URL of the receiver; private, loopback and link-local addresses are refused unless allowed."


class SubscriptionSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    events = serializers.ListField(child=serializers.ChoiceField(choices=list(EVENTS)))

    class Meta:
        model = Subscription
        fields = ["id", "name", "url", "events", "province", "active", "created_at"]
        read_only_fields = fields


class SubscriptionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    url = serializers.CharField(max_length=1000, help_text=URL_HELP)
    secret = serializers.CharField(
        max_length=200, min_length=services.MIN_SECRET, write_only=True, trim_whitespace=False,
        help_text="Signs every delivery (HMAC-SHA256); write-only, never returned.",
    )  # fmt: skip
    events = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=1, max_length=len(EVENTS) * 2,
        help_text=f"Events to receive: {', '.join(EVENTS)}.",
    )  # fmt: skip
    province = serializers.SlugRelatedField(
        slug_field="key", queryset=Province.objects.all(), required=False, allow_null=True,
        help_text="Province key (2025-44): only its events. Null or absent: every event (staff only).",
    )  # fmt: skip
    active = serializers.BooleanField(required=False, default=True)

    def validate_url(self, value):
        services.check_url(value)  # first: its reasons are more precise than "Enter a valid URL."
        URLValidator(schemes=["http", "https"])(value)
        return value

    def validate_events(self, value):
        services.check_events(value)
        return value


class DeliverySerializer(serializers.ModelSerializer):
    payload = serializers.SerializerMethodField(help_text="The JSON body sent (the same on every attempt).")

    class Meta:
        model = Delivery
        fields = ["id", "subscription", "event", "status", "attempts", "created_at", "next_attempt_at",
                  "last_attempt_at", "last_status_code", "last_error", "delivered_at", "payload"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_payload(self, delivery):
        return json.loads(delivery.body)


class DeliveryFilters(serializers.Serializer):
    subscription = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=Delivery.Status.values, required=False)
    event = serializers.ChoiceField(choices=list(EVENTS), required=False)
