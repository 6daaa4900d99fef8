"""The one lock order of every write, and the bounded retry of a write's whole transaction (docs/integrity.md).

Every transaction that writes plans, targets, milestones, reports or measurements takes its row locks at its
start, in this order, and only in this order:

1. progress reports (`SELECT … FOR UPDATE`), in id order: the report a figure is written to, moved from or to,
   or the report deleted, restored or moved to another province. Reading the report under this lock is what
   makes its `deleted_at` and `province` true for the rest of the transaction (a figure is never added to a
   report being deleted, nor copies a province the report is leaving);
2. the row the request edits (a measurement, a target, a plan), by the API's If-Match check;
3. targets whose facts or stored assessment the write changes, in id order (`lock_targets`), before any figure
   is inserted: figures therefore get their ids in the order their transactions commit for the targets they
   judge, and the facts fold in entry order.

PostgreSQL checks a figure's foreign key to its report at commit (deferred constraints): with the report locked
first, that check cannot wait on a writer that waits on us. Two writers wanting the same rows queue; they never
wait on each other in a circle.

Whatever still fails with a deadlock or serialization failure (another path of the database, a lock order this
module does not know) is retried as a whole transaction `ATTEMPTS` times, then answered `Busy` (503 with
Retry-After at the API edge). SQLite has one writer at a time: the locks are no-ops there.
"""

import random
import time

from django.db import OperationalError, router, transaction

__all__ = ["ATTEMPTS", "Busy", "lock_reports", "lock_targets", "retrying"]

ATTEMPTS = 4
RETRY_AFTER = 1  # seconds, for the client once every attempt failed
# SQLSTATE of the failures that leave nothing written and succeed when run again.
RETRYABLE = {"40P01", "40001"}  # deadlock_detected, serialization_failure


class Busy(Exception):
    """The write kept colliding with others and was not made; the client may send it again shortly."""

    retry_after = RETRY_AFTER


def retryable(exc: BaseException) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) in RETRYABLE or getattr(cause, "pgcode", None) in RETRYABLE


def retrying(write, *, using: str | None = None, attempts: int = ATTEMPTS):
    """Run `write()` in a transaction (a savepoint inside one), again on deadlock or serialization failure.

    Only a transaction whose every lock is taken inside `write` can be retried meaningfully: call it at the
    outermost write of a request, command or admin view."""
    using = using or router.db_for_write(None) or "default"
    for attempt in range(attempts):
        try:
            with transaction.atomic(using=using):
                return write()
        except OperationalError as exc:
            if not retryable(exc):
                raise
            if attempt + 1 == attempts:
                raise Busy() from exc
            # Jitter, so the writers that collided do not meet again at once.
            time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
    raise AssertionError("unreachable")


def lock_reports(report_ids, using: str | None = None) -> dict:
    """Lock the progress reports (step 1) in id order; return {id: (deleted_at, province_id)} read under the lock."""
    from indicators.models import ProgressReport

    ids = sorted({pk for pk in report_ids if pk is not None})
    if not ids:
        return {}
    db = using or router.db_for_write(ProgressReport)
    rows = (
        ProgressReport.objects.using(db)
        .select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "deleted_at", "province_id")
    )
    return {pk: (deleted_at, province_id) for pk, deleted_at, province_id in rows}


def lock_targets(targets) -> list[int]:
    """Lock the targets of the queryset (step 3) in id order until the transaction ends; return their ids."""
    return list(targets.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
