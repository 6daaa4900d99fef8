"""dtrack/db.py: the bulk statements' cursor sends values apart from the statement on PostgreSQL, and is counted
and logged as Django's own cursors are (the query-count tests see its statements)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dtrack.db import bulk_cursor

pytestmark = pytest.mark.django_db

TEXT = """{"rule": "“trên 99%” isn't 99", "quote": "'; DROP TABLE x; --", "vi": "ước đạt 71,4%"}"""


def test_statements_are_counted_and_values_come_back_as_sent():
    with CaptureQueriesContext(connection) as queries, bulk_cursor(connection) as cursor:
        cursor.execute("SELECT %s, %s", [TEXT, 7])
        assert cursor.fetchone() == (TEXT, 7)
    assert len(queries) == 1


@pytest.mark.postgresql
def test_on_postgresql_the_server_binds_the_values():
    import psycopg

    with CaptureQueriesContext(connection) as queries, bulk_cursor(connection) as cursor:
        cursor.execute("SELECT %s", [TEXT])
    assert not isinstance(cursor.cursor, psycopg.ClientCursor)
    assert queries[0]["sql"] == "SELECT $1"  # the value travelled apart from the statement
