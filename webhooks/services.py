"""Every write of webhook subscriptions and deliveries, for the API and the admin alike.

Who: staff manage every subscription, including those without a province (every province and national data);
planners manage the subscriptions of their provinces (accounts/policy.py, "webhooks.subscription"). The secret is
write-only: stored to sign, never shown again.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from indicators.events import EVENTS
from webhooks import addresses
from webhooks.models import Delivery, Subscription

__all__ = [
    "check_events",
    "check_url",
    "redeliver",
    "subscription_create",
    "subscription_delete",
    "subscription_update",
]

EDITABLE = ("name", "url", "secret", "events", "province", "active")
MIN_SECRET = 16


def check_url(url: str) -> None:
    """ValidationError unless `url` is http(s) to a public address (or private ones are allowed)."""
    try:
        _, host, port = addresses.parts(url)
    except addresses.Refused as refused:  # the URL itself: a bad request
        raise ValidationError(str(refused), code="invalid") from None
    try:
        addresses.resolve(host, port)
    except addresses.Refused as refused:  # where it leads: well formed, refused (422, /problems/refused-address)
        raise ValidationError(str(refused), code="refused_url") from None


def check_events(events) -> None:
    if not isinstance(events, list) or not events:
        raise ValidationError(_("Choose at least one event."), code="required")
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise ValidationError(
            _("Unknown event %(event)s; known events: %(known)s.") % {"event": unknown[0], "known": ", ".join(EVENTS)},
            code="unknown_event",
        )


def _check(data: dict) -> None:
    errors = {}
    for name, check in (("url", check_url), ("events", check_events)):
        if name in data:
            try:
                check(data[name])
            except ValidationError as error:
                errors[name] = error
    if "secret" in data and len(data["secret"]) < MIN_SECRET:
        errors["secret"] = ValidationError(
            _("The secret must have at least %(count)d characters.") % {"count": MIN_SECRET}, code="min_length"
        )
    if errors:
        raise ValidationError(errors)


def _may(user, province) -> None:
    if not policy.can_plan(user, province):
        if province is None:
            raise PermissionDenied(_("Only staff may manage webhooks without a province."))
        raise PermissionDenied(_("Managing this province's webhooks needs a planner role in it."))


@transaction.atomic
def subscription_create(*, user, **data) -> Subscription:
    _may(user, data.get("province"))
    _check(data)
    data["events"] = list(dict.fromkeys(data["events"]))
    return Subscription.objects.create(
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **{k: v for k, v in data.items() if k in EDITABLE},
    )


@transaction.atomic
def subscription_update(*, subscription: Subscription, user, data: dict) -> Subscription:
    _may(user, subscription.province_id)
    if "province" in data:
        _may(user, data["province"])
    _check(data)
    if "events" in data:
        data["events"] = list(dict.fromkeys(data["events"]))
    for name in EDITABLE:
        if name in data:
            setattr(subscription, name, data[name])
    subscription.save()
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: Subscription, user) -> None:
    """Delete a subscription and its delivery log."""
    _may(user, subscription.province_id)
    subscription.delete()


def redeliver(*, deliveries, user) -> int:
    """Send the deliveries again from now ("gửi lại"), with a fresh set of attempts and the same delivery id (a
    receiver that already has it may ignore it). One UPDATE; refuses if one of them is out of `user`'s provinces."""
    rows = deliveries.values_list("subscription__province_id", flat=True).distinct()
    for province in rows:
        _may(user, province)
    now = timezone.now()
    return deliveries.update(
        status=Delivery.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        claim=None,
        claimed_until=None,
        last_error="",
        delivered_at=None,
    )
