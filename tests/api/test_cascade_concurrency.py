"""Two competing targets written at the same moment by different plans are both flagged (PostgreSQL).

Writer A creates a target and holds its transaction open; writer B then creates a competing one in another plan.
Without the lock on the indicator (indicators/cascade.py), B would compute the flags without A's uncommitted target
and A's were computed before B's existed: neither would be flagged. With it, B waits for A to commit, then reads
both and flags both. Afterwards the stored flags equal a fresh recomputation.
"""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from indicators import services
from indicators.cascade import FLAG_FIELDS, promises
from indicators.models import Target
from indicators.rules.cascade import flags
from tests.factories import make_indicator, make_plan, make_province

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_competing_targets_written_at_once_are_both_flagged():
    province = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="ho-so")
    first, second = (make_plan(province=province, number=f"{n}/KH-UBND", issued_on=date(2022, 1, 1)) for n in (1, 2))
    written, release = threading.Event(), threading.Event()
    errors = []

    def create(plan, value):
        return services.target_create(
            plan=plan, indicator=indicator, comparator="at_least", value=Decimal(value), deadline=date(2025, 12, 31)
        )

    def writer_a():
        try:
            with transaction.atomic():
                create(first, "90")
                written.set()
                release.wait(timeout=30)  # B starts its write while this transaction is open
        except Exception as exc:  # a crash in a thread must fail the test, not vanish
            errors.append(exc)
        finally:
            written.set()
            connection.close()

    def writer_b():
        try:
            written.wait(timeout=30)
            create(second, "85")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    written.wait(timeout=30)
    time.sleep(1)  # B reaches the indicator's lock (or, without it, finishes on what it can see)
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert list(Target.objects.filter(indicator=indicator).values_list("flag_competing", flat=True)) == [True, True]
    found = promises(Target.objects.filter(indicator=indicator))
    computed = flags(promise for promise, _ in found)
    for promise, values in found:
        assert values == tuple(flag in computed[promise.id] for flag in FLAG_FIELDS), promise.id
