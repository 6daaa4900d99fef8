"""The worker against a real HTTP receiver on 127.0.0.1 (tests/webhooks/conftest.py): signed deliveries, retries with
backoff after failures, at least once, nothing lost; a crash between sending and marking resends the same id; the
address is checked again at send time."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.webhooks.conftest import SECRET, approve, submitted_report
from webhooks import services, worker
from webhooks.models import Delivery, Subscription
from webhooks.sender import Attempt

pytestmark = pytest.mark.django_db
ALL = ["report.approved", "report.reopened", "target.status_changed"]


def subscribe(url, events=ALL, **extra):
    return Subscription.objects.create(name="nhận", url=url, secret=SECRET, events=events, **extra)


def config(**changes) -> worker.Settings:
    return worker.Settings(**{**worker.Settings.from_django().__dict__, **changes})


def test_the_worker_retries_until_every_event_is_received_and_signed(world, receiver):
    subscribe(receiver.url)
    subscribe(receiver.url + "?province=44", province=world["province"])
    for value in ("95", "40", "97"):
        assert approve(world, submitted_report(world, value)).status_code == 200
    expected = {str(pk) for pk in Delivery.objects.values_list("pk", flat=True)}
    assert len(expected) >= 6  # three approvals (and the status changes) for two subscriptions
    out = StringIO()
    call_command("deliver_webhooks", "--once", stdout=out)
    assert f"{len(expected)} delivered" in out.getvalue()
    # Every event reached the receiver at least once, after two refusals each (500), all signed.
    assert receiver.received() == expected
    assert set(receiver.attempts().values()) == {3}
    assert all(r["signed"] for r in receiver.requests)
    assert {r["body"]["id"] for r in receiver.requests} == expected  # the body names its delivery id too
    assert {r["path"] for r in receiver.requests} == {"/hook", "/hook?province=44"}
    rows = Delivery.objects.all()
    assert {(d.status, d.attempts, d.last_status_code) for d in rows} == {("delivered", 3, 204)}
    # Nothing left to send.
    assert worker.run_once() == {"delivered": 0, "pending": 0, "failed": 0}


def test_failures_back_off_exponentially_then_fail_after_the_last_attempt(world, receiver, settings):
    receiver.fail_first = 100
    settings.DTRACK_WEBHOOKS_BACKOFF = 60
    settings.DTRACK_WEBHOOKS_MAX_ATTEMPTS = 3
    subscribe(receiver.url, events=["report.approved"])
    approve(world, submitted_report(world))
    [delivery] = Delivery.objects.all()
    waits = []
    for _ in range(3):
        before = timezone.now()
        worker.run_once()
        delivery.refresh_from_db()
        waits.append(round((delivery.next_attempt_at - before).total_seconds() / 60))
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())  # time passes
    assert waits[:2] == [1, 2]  # 60 s, then 120 s
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 3, 500)
    assert receiver.attempts() == {str(delivery.pk): 3}
    assert worker.run_once()["failed"] == 0  # a failed delivery is not tried again…
    receiver.fail_first = 0
    services.redeliver(deliveries=Delivery.objects.all(), user=world["users"]["staff"])  # …until "gửi lại"
    assert worker.run_once() == {"delivered": 1, "pending": 0, "failed": 0}
    assert receiver.attempts() == {str(delivery.pk): 4}  # the same delivery id


def test_a_crash_between_sending_and_marking_resends_the_same_delivery(world, receiver):
    receiver.fail_first = 0
    subscribe(receiver.url, events=["report.approved"])
    approve(world, submitted_report(world))
    [delivery] = Delivery.objects.all()
    with mock.patch.object(worker, "mark", side_effect=SystemExit("killed")), pytest.raises(SystemExit):
        worker.run_once()
    assert receiver.attempts() == {str(delivery.pk): 1}
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.claimed_until is not None
    assert worker.run_once()["delivered"] == 0  # another worker leaves it alone while the lease runs
    Delivery.objects.filter(pk=delivery.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert worker.run_once()["delivered"] == 1  # the lease ran out: sent again
    assert receiver.attempts() == {str(delivery.pk): 2}
    assert Delivery.objects.get().status == "delivered"


def test_two_claims_never_take_the_same_row(world):
    subscription = subscribe("https://93.184.215.14/x")
    Delivery.objects.bulk_create(
        [Delivery(subscription=subscription, event="report.approved", body="{}") for _ in range(5)]
    )
    first_token, first = worker.claim(config(batch=3))
    second_token, second = worker.claim(config(batch=3))
    assert len(first) == 3 and len(second) == 2
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert worker.claim(config(batch=3))[1] == []
    # A worker marks only what it still holds: after a takeover the late one's outcome is dropped, not doubled.
    Delivery.objects.filter(pk=first[0].pk).update(claim=second_token)
    worker.mark(first[0], first_token, Attempt(True, 204), config())
    assert Delivery.objects.get(pk=first[0].pk).status == "pending"


def test_the_address_is_checked_again_when_sending(world, receiver, settings):
    receiver.fail_first = 0
    subscribe(receiver.url, events=["report.approved"])  # accepted while private addresses were allowed
    approve(world, submitted_report(world))
    settings.DTRACK_WEBHOOKS_ALLOW_PRIVATE = False
    assert worker.run_once() == {"delivered": 0, "pending": 1, "failed": 0}
    delivery = Delivery.objects.get()
    assert "private, loopback or link-local" in delivery.last_error or "địa chỉ nội bộ" in delivery.last_error
    assert receiver.requests == []
