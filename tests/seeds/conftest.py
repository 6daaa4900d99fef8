import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker):
    """`manage.py seed` run once per module inside a transaction that is rolled back afterwards.

    Each test still runs in its own savepoint (the `db` fixture), so a test that writes cannot disturb the
    next one, and nothing outlives the module.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_module, db):
    """The database as `manage.py seed` leaves it."""
