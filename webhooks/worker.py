"""Sending the outbox (manage.py deliver_webhooks): claim due deliveries, send each, record the outcome.

At least once, never lost, never claimed by two workers at a time:
- **claim**: in a short transaction, the due pending rows are selected `FOR UPDATE SKIP LOCKED` on PostgreSQL (two
  workers take different rows without waiting for each other; SQLite has one writer at a time and ignores it),
  then marked with this batch's claim id and a lease (`claimed_until`) by an UPDATE that only takes rows still
  unclaimed or whose lease has run out, so even without row locks a row goes to one worker;
- **send** outside any transaction (a slow receiver holds no lock);
- **mark** only rows still carrying this claim id: delivered on a 2xx, otherwise pending again after a backoff,
  or failed after the last attempt.
A worker that dies between sending and marking leaves the row claimed; when the lease runs out another worker sends
it again, with the same delivery id (the receiver's idempotency key).
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from webhooks import sender, signing
from webhooks.models import Delivery

__all__ = ["Settings", "claim", "mark", "run_once"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    timeout: float
    max_attempts: int
    backoff: float
    backoff_max: float
    lease: float
    batch: int

    @classmethod
    def from_django(cls) -> "Settings":
        return cls(
            timeout=settings.DTRACK_WEBHOOKS_TIMEOUT,
            max_attempts=settings.DTRACK_WEBHOOKS_MAX_ATTEMPTS,
            backoff=settings.DTRACK_WEBHOOKS_BACKOFF,
            backoff_max=settings.DTRACK_WEBHOOKS_BACKOFF_MAX,
            # Longer than a whole batch of attempts that all time out: a live worker's rows are never taken over.
            lease=settings.DTRACK_WEBHOOKS_BATCH * settings.DTRACK_WEBHOOKS_TIMEOUT * 2 + 60,
            batch=settings.DTRACK_WEBHOOKS_BATCH,
        )


def claim(config: Settings) -> tuple[uuid.UUID, list[Delivery]]:
    """Take up to `config.batch` due deliveries for this worker (three queries); return the claim id and them."""
    now = timezone.now()
    token = uuid.uuid4()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    due = Delivery.objects.filter(free, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    with transaction.atomic():
        ids = list(
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[: config.batch]
        )
        if not ids:
            return token, []
        # The same conditions again: without row locks (SQLite) a row claimed meanwhile is not taken twice.
        due.filter(pk__in=ids).update(claim=token, claimed_until=now + timedelta(seconds=config.lease))
    return token, list(Delivery.objects.filter(claim=token).select_related("subscription").order_by("next_attempt_at"))


def mark(delivery: Delivery, token: uuid.UUID, attempt: sender.Attempt, config: Settings) -> str:
    """Record the outcome of an attempt on a delivery this worker still holds; return its new status."""
    now = timezone.now()
    attempts = delivery.attempts + 1
    fields = {
        "attempts": attempts,
        "last_attempt_at": now,
        "last_status_code": attempt.status_code,
        "last_error": attempt.error[:500],
        "claim": None,
        "claimed_until": None,
    }
    if attempt.ok:
        fields.update(status=Delivery.Status.DELIVERED, delivered_at=now)
    elif attempts >= config.max_attempts:
        fields.update(status=Delivery.Status.FAILED)
    else:
        wait = signing.backoff_seconds(attempts, config.backoff, config.backoff_max)
        fields.update(next_attempt_at=now + timedelta(seconds=wait))
    Delivery.objects.filter(pk=delivery.pk, claim=token).update(**fields)
    return fields.get("status", Delivery.Status.PENDING)


def run_once(config: Settings | None = None) -> dict[str, int]:
    """Claim one batch, send it, mark it; return how many ended delivered, pending (to retry) and failed."""
    config = config or Settings.from_django()
    token, deliveries = claim(config)
    outcome = {"delivered": 0, "pending": 0, "failed": 0}
    for delivery in deliveries:
        subscription = delivery.subscription
        if not subscription.active:
            attempt = sender.Attempt(False, error="subscription inactive")
        else:
            attempt = sender.send(
                url=subscription.url,
                secret=subscription.secret,
                delivery_id=str(delivery.pk),
                event=delivery.event,
                body=delivery.body,
                timeout=config.timeout,
            )
        status = mark(delivery, token, attempt, config)
        outcome[status] += 1
        log.info("webhook %s %s → %s (%s)", delivery.pk, delivery.event, status, attempt.status_code or attempt.error)
    return outcome
