"""Read replica routing (docs/deployment.md): the read-only API requests read from a PostgreSQL streaming replica.

Enabled by setting DTRACK_REPLICA_DATABASE_URL (dtrack/settings.py then defines the "replica" database alias and
lists `dtrack.db_router.ReplicaRouter` in DATABASE_ROUTERS). Without it nothing changes: one database, no router.

What goes to the replica is decided per request, not per model: a GET or HEAD under /api/ — the lists, details,
scorecards, rankings and series, whose answers may lag the primary by the replication delay (usually well under a
second). Everything else reads from the primary:

- every write request (POST, PUT, PATCH, DELETE), including the reads it makes to validate, so a write never
  decides on stale rows, and the answer it returns (re-read after the write) shows the write;
- the admin, whose users expect to see what they just saved;
- management commands, migrations, shells and tests (no request: the primary);
- any read inside a transaction (`transaction.atomic()`): a transaction's reads belong with its writes.

`ReadReplicaMiddleware` marks the request; it must come before any middleware that reads the database (sessions and
authentication do), and is added first in MIDDLEWARE by the settings when the replica is configured.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_ALIAS = "replica"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_PREFIXES = ("/api/",)

_use_replica: ContextVar[bool] = ContextVar("dtrack_use_replica", default=False)


@contextmanager
def reading_from_replica(enabled: bool = True):
    """Route this block's reads (outside transactions) to the replica; for jobs that only read, e.g. exports."""
    token = _use_replica.set(enabled)
    try:
        yield
    finally:
        _use_replica.reset(token)


def request_may_use_replica(method: str, path: str) -> bool:
    return method in READ_METHODS and path.startswith(READ_PREFIXES)


class ReadReplicaMiddleware:
    """Send the reads of read-only API requests to the replica (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reading_from_replica(request_may_use_replica(request.method, request.path_info)):
            return self.get_response(request)


class ReplicaRouter:
    """Reads go to `replica` inside a read-only request and outside any transaction; writes go to the primary.

    Both aliases are the same data, so relations between objects read from either are allowed, and migrations run
    on the primary only (the replica receives them through replication).
    """

    replica = REPLICA_ALIAS
    primary = DEFAULT_DB_ALIAS

    def has_replica(self) -> bool:
        return self.replica in settings.DATABASES

    def db_for_read(self, model, **hints):
        if not _use_replica.get() or not self.has_replica():
            return self.primary
        if connections[self.primary].in_atomic_block:
            return self.primary
        return self.replica

    def db_for_write(self, model, **hints):
        return self.primary

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {self.primary, self.replica}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == self.primary
