"""The read-replica router (dtrack/db_router.py): which requests read from the replica, and how it is switched on."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from dtrack.db_router import ReadReplicaMiddleware, ReplicaRouter, reading_from_replica, request_may_use_replica
from indicators.models import Target


class ConfiguredRouter(ReplicaRouter):
    """The router as it behaves when DTRACK_REPLICA_DATABASE_URL defined the replica alias."""

    def has_replica(self) -> bool:
        return True


@pytest.fixture
def router():
    return ConfiguredRouter()


def test_reads_go_to_the_primary_outside_a_read_only_request(router):
    assert router.db_for_read(Target) == "default"


def test_reads_of_a_read_only_request_go_to_the_replica(router):
    with reading_from_replica():
        assert router.db_for_read(Target) == "replica"
    assert router.db_for_read(Target) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(router):
    with reading_from_replica(), transaction.atomic():
        assert router.db_for_read(Target) == "default"


def test_writes_and_migrations_go_to_the_primary(router):
    with reading_from_replica():
        assert router.db_for_write(Target) == "default"
    assert router.allow_migrate("default", "indicators")
    assert not router.allow_migrate("replica", "indicators")


def test_without_a_replica_alias_everything_reads_the_primary():
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Target) == "default"


@pytest.mark.parametrize(
    ("method", "path", "replica"),
    [
        ("GET", "/api/v1/targets/", True),
        ("HEAD", "/api/v1/provinces/2025-44/scorecard/", True),
        ("POST", "/api/v1/progress-reports/", False),
        ("PATCH", "/api/v1/targets/1/", False),
        ("DELETE", "/api/v1/targets/1/", False),
        ("GET", "/admin/indicators/target/", False),
    ],
)
def test_middleware_marks_only_read_only_api_requests(router, method, path, replica):
    seen = []

    def view(request):
        seen.append(router.db_for_read(Target))
        return HttpResponse()

    assert request_may_use_replica(method, path) is replica
    ReadReplicaMiddleware(view)(RequestFactory().generic(method, path))
    assert seen == ["replica" if replica else "default"]
    assert router.db_for_read(Target) == "default"  # the mark ends with the request


def run_settings(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DTRACK_")}
    clean.update(DJANGO_SETTINGS_MODULE="dtrack.settings", DTRACK_SECRET_KEY="x", **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=clean, capture_output=True, text=True, timeout=60
    )


PRINT_ROUTING = (
    "import dtrack.settings as s; r = s.DATABASES.get('replica'); "
    "print(r and r['HOST'], r and r['NAME'], getattr(s, 'DATABASE_ROUTERS', []), s.MIDDLEWARE[0])"
)


def test_replica_url_adds_the_alias_the_router_and_the_middleware():
    result = run_settings(
        PRINT_ROUTING,
        DTRACK_DATABASE_URL="postgres://dtrack@primary.internal:5432/dtrack",
        DTRACK_REPLICA_DATABASE_URL="postgres://dtrack_ro@replica.internal:5432/dtrack",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "replica.internal",
        "dtrack",
        "['dtrack.db_router.ReplicaRouter']",
        "dtrack.db_router.ReadReplicaMiddleware",
    ]


def test_no_replica_url_no_router():
    result = run_settings(PRINT_ROUTING)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["None", "None", "[]"]
