"""Two `manage.py deliver_webhooks` processes against the same PostgreSQL database and a receiver that refuses the
first two attempts of each delivery: approvals made through the API reach it, each at least once, none lost, and no
delivery is sent by both workers (SELECT … FOR UPDATE SKIP LOCKED and the claim's lease; webhooks/worker.py).

PostgreSQL only (the `postgresql` marker): the worker processes need a database they can share with the test, and
`.ci/run` runs the suite on PostgreSQL, so this is how the extra process is started in CI."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.webhooks.conftest import SECRET, approve, submitted_report
from webhooks.models import Delivery, Subscription

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker() -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DTRACK_")}
    env.update(
        DTRACK_SECRET_KEY="tests-only-not-secret",
        DTRACK_DATABASE_URL=database_url(),
        DTRACK_WEBHOOKS_ALLOW_PRIVATE="true",
        DTRACK_WEBHOOKS_BACKOFF="0",
        DTRACK_WEBHOOKS_BATCH="2",
        DJANGO_SETTINGS_MODULE="dtrack.settings",
    )
    command = [sys.executable, "manage.py", "deliver_webhooks", "--poll", "0.1"]
    return subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_worker_processes_deliver_every_approval_once_each_after_retries(world, receiver):
    Subscription.objects.create(name="tỉnh", url=receiver.url, secret=SECRET, events=["report.approved"])
    Subscription.objects.create(
        name="chính phủ", url=receiver.url + "?gov", secret=SECRET, events=["report.approved", "target.status_changed"]
    )
    workers = [start_worker(), start_worker()]
    try:
        for value in ("95", "40", "97", "30", "99"):
            assert approve(world, submitted_report(world, value)).status_code == 200
        expected = {str(pk) for pk in Delivery.objects.values_list("pk", flat=True)}
        assert len(expected) >= 10
        deadline = time.monotonic() + 60
        while Delivery.objects.exclude(status="delivered").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        outputs = []
        for process in workers:
            process.send_signal(signal.SIGTERM)  # ends after the batch in hand
            outputs.append(process.communicate(timeout=30))
    assert [p.returncode for p in workers] == [0, 0], outputs
    assert receiver.received() == expected
    # Two refusals and one success each: a delivery sent by both workers would show more.
    assert set(receiver.attempts().values()) == {3}, receiver.attempts()
    assert all(r["signed"] for r in receiver.requests)
    assert set(Delivery.objects.values_list("status", "attempts")) == {("delivered", 3)}
    # What the two processes say they delivered adds up to the deliveries: none counted twice.
    delivered = [int(out.split(" delivered")[0].rsplit(" ", 1)[-1]) for out, _ in outputs]
    assert sum(delivered) == len(expected), outputs
