"""Suite-wide fixtures and collection rules."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

POSTGRESQL_ENGINE = "django.db.backends.postgresql"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "postgresql: needs PostgreSQL (real row locks and concurrent connections); not collected on SQLite",
    )


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == POSTGRESQL_ENGINE


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` are deselected (not skipped) on SQLite, and the run says how many.

    They exercise PostgreSQL's row locks with 20 connections at once; SQLite serialises every writer, so the same
    test there would prove nothing. `.ci/run` runs the suite on PostgreSQL too, where they are collected.
    """
    if on_postgresql():
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
        config.hook.pytest_deselected(items=deselected)
        config._dtrack_postgresql_only = len(deselected)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    count = getattr(config, "_dtrack_postgresql_only", 0)
    if count:
        terminalreporter.write_line(
            f"{count} PostgreSQL-only test(s) deselected on SQLite; set DTRACK_DATABASE_URL to a PostgreSQL "
            "database to run them (.ci/run does)."
        )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create users; the production hasher costs a second or two per user on these machines."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttling counts live in the cache (local memory, per process): each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def _module_world(request, django_db_setup, django_db_blocker):
    """The test module's `build_world()`, built once per module in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield request.module.build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db):
    """The world of a module that defines `build_world()` (modules with their own `world` fixture override this):
    built once for the module, and each test runs in its own savepoint of it."""
    return _module_world
