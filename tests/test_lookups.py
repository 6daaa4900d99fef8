"""`field__any_of` (dtrack/lookups.py): the rows `field__in` gives, with the list as one parameter on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator
from tests.factories import make_indicator

pytestmark = pytest.mark.django_db


def test_any_of_selects_what_in_selects():
    made = [make_indicator(code=f"i{n}") for n in range(5)]
    wanted = [made[0].pk, made[3].pk, made[4].pk, 10**9]
    for values in (wanted, [], [made[1].pk]):
        with CaptureQueriesContext(connection) as queries:
            got = sorted(Indicator.objects.filter(pk__any_of=values).values_list("pk", flat=True))
        assert got == sorted(Indicator.objects.filter(pk__in=values).values_list("pk", flat=True))
        if connection.vendor == "postgresql" and values:
            assert "= ANY(" in queries.captured_queries[0]["sql"]
    assert Indicator.objects.filter(code__any_of=["i1", "i2"]).count() == 2
    with CaptureQueriesContext(connection) as queries:
        assert list(Indicator.objects.filter(pk__any_of=[])) == []
    assert queries.captured_queries == []  # as `__in=[]`: nothing to ask the database
