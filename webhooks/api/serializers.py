"""Serializers of the webhooks API: the secret goes in, never out."""

import json
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dtrack.api.inputs import StrictCharField, StrictInputMixin, StrictSlugRelatedField
from dtrack.api.query import INT64
from indicators.events import EVENTS
from provinces.models import Province
from webhooks import addresses, services
from webhooks.models import Delivery, Subscription

# A host name (not an address: the address it resolves to is checked when subscribing and again when sending),
# an optional port and path; no user or password.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# A host name or an IPv4 address; not an IPv6 literal, whose valid forms no short pattern states.
_HOST = rf"{_LABEL}(?:\.{_LABEL}){{0,8}}"
_PORT = r"(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
URL_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://{_HOST}(?::{_PORT})?(?:[/?#][!-~]*)?$"
URL_HELP = "http(s) URL of the receiver; private, loopback and link-local addresses are refused unless allowed."


class SubscriptionSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    events = serializers.ListField(child=serializers.ChoiceField(choices=list(EVENTS)))

    class Meta:
        model = Subscription
        fields = ["id", "name", "url", "events", "province", "active", "created_at"]
        read_only_fields = fields


@extend_schema_field({"type": "string", "maxLength": 1000, "pattern": URL_PATTERN, "description": URL_HELP})
class ReceiverURLField(StrictCharField):
    """The shape is checked here (400, the schema's pattern); where it leads, by services.check_url (422)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            addresses.parts(value)  # its reasons are the more precise
        except addresses.Refused as refused:
            raise serializers.ValidationError(str(refused), code="invalid") from None
        if not re.fullmatch(URL_PATTERN, value):
            raise serializers.ValidationError(
                _("An http or https address with a host name or an IPv4 address."), code="invalid"
            )
        return value


@extend_schema_field({"type": "string", "enum": list(EVENTS)})
class EventField(StrictCharField):
    """Any text in, so that an unknown event is refused with the list of known ones (services.check_events)."""


class SubscriptionWriteSerializer(StrictInputMixin, serializers.Serializer):
    name = StrictCharField(max_length=200)
    url = ReceiverURLField(max_length=1000)
    secret = StrictCharField(
        max_length=200,
        min_length=services.MIN_SECRET,
        write_only=True,
        trim_whitespace=False,
        help_text="Signs every delivery (HMAC-SHA256); write-only, never returned.",
    )
    events = serializers.ListField(
        child=EventField(max_length=40),
        min_length=1,
        max_length=len(EVENTS) * 2,
        help_text=f"Events to receive: {', '.join(EVENTS)}.",
    )
    province = StrictSlugRelatedField(
        slug_field="key",
        queryset=Province.objects.all(),
        required=False,
        allow_null=True,
        help_text="Province key (2025-44): only its events. Null or absent: every event (staff only).",
    )
    active = serializers.BooleanField(required=False, default=True)

    def validate_url(self, value):
        services.check_url(value)
        return value

    def validate_events(self, value):
        services.check_events(value)
        return value


class DeliverySerializer(serializers.ModelSerializer):
    payload = serializers.SerializerMethodField(help_text="The JSON body sent (the same on every attempt).")

    class Meta:
        model = Delivery
        fields = [
            "id",
            "subscription",
            "event",
            "status",
            "attempts",
            "created_at",
            "next_attempt_at",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_payload(self, delivery):
        return json.loads(delivery.body)


class DeliveryFilters(serializers.Serializer):
    subscription = serializers.IntegerField(required=False, min_value=INT64[0], max_value=INT64[1])
    status = serializers.ChoiceField(choices=Delivery.Status.values, required=False)
    event = serializers.ChoiceField(choices=list(EVENTS), required=False)
