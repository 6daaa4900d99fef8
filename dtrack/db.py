"""Cursors for the bulk statements: values sent apart from the statement on PostgreSQL.

Django's psycopg connection binds parameters on the client: every value is quoted into the statement's text in
Python. For a page of rows that costs nothing; for the bulk writes (a report's 1,000 figures, 650 cards of JSON,
the targets' new facts) the driver spent ≈ 40 ms a report quoting text it then parsed again. `bulk_cursor`
gives a cursor that sends the values as parameters of the statement (the server binds them), wrapped as Django
wraps its own, so the statements are counted, logged and retried the same way. Elsewhere it is the usual cursor.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

__all__ = ["bulk_cursor"]


@contextmanager
def bulk_cursor(connection: BaseDatabaseWrapper) -> Iterator[CursorWrapper]:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor  # needs psycopg: PostgreSQL only

    connection.ensure_connection()
    # The wrapper Django gives its own cursors (debug logging, execute wrappers, error translation).
    with connection._prepare_cursor(ServerBindingCursor(connection.connection)) as cursor:
        yield cursor
