"""The outbox: an event becomes one Delivery row per subscription that wants it, inserted in the transaction that
made the change (so a rolled-back approval sends nothing, and a committed one is never forgotten).

Two queries whatever the number of subscriptions or payloads: the active subscriptions (with their province's key),
then one INSERT of every delivery; one query when nobody subscribes."""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from webhooks.models import Delivery, Subscription

__all__ = ["body_of", "record"]


def body_of(delivery_id: uuid.UUID, name: str, occurred_at, payload) -> str:
    """The JSON body a receiver gets: the delivery id (idempotency key), the event, when it happened, its data."""
    document = {"id": str(delivery_id), "event": name, "occurred_at": occurred_at.isoformat(), "data": payload}
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def record(name: str, payloads) -> int:
    """Write the deliveries of event `name` (listener of indicators.events); return how many."""
    wanted = [
        (pk, province)
        for pk, events, province in Subscription.objects.filter(active=True).values_list(
            "pk", "events", "province__key"
        )
        if name in events
    ]
    if not wanted:
        return 0
    now = timezone.now()
    rows = []
    for payload in payloads():
        for pk, province in wanted:
            if province is None or province == payload.get("province"):
                delivery_id = uuid.uuid4()
                rows.append(
                    Delivery(
                        id=delivery_id,
                        subscription_id=pk,
                        event=name,
                        created_at=now,
                        next_attempt_at=now,
                        body=body_of(delivery_id, name, now, dict(payload)),
                    )
                )
    Delivery.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
