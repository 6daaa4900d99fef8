"""Send the pending webhook deliveries: the worker process (README.md, docs/outputs.md).

Runs until stopped (SIGTERM or Ctrl-C end it after the batch in hand), polling every DTRACK_WEBHOOKS_POLL seconds
when nothing is due; `--once` sends what is due now and exits (cron, tests). Several workers may run at once."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from webhooks import worker


class Command(BaseCommand):
    help = "Send pending webhook deliveries (signed, retried with backoff); --once to send what is due and exit."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument("--poll", type=float, default=None, help="Seconds between polls when idle.")

    def handle(self, *args, once=False, poll=None, **options):
        poll = settings.DTRACK_WEBHOOKS_POLL if poll is None else poll
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        totals = {"delivered": 0, "pending": 0, "failed": 0}
        while not stopping:
            if not once:
                close_old_connections()  # a long-running process: drop a connection the database has closed
            outcome = worker.run_once()
            for key, value in outcome.items():
                totals[key] += value
            if once and not any(outcome.values()):
                break
            if not any(outcome.values()):
                time.sleep(poll)
        self.stdout.write(
            f"webhooks: {totals['delivered']} delivered, {totals['pending']} to retry, {totals['failed']} failed"
        )
