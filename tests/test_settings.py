"""Settings come from DTRACK_* variables (dtrack/settings.py, dtrack/env.py); production fails closed."""

import datetime
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, translation

from dtrack.env import env_bool

PRINT_DATABASE = (
    "import dtrack.settings as s; d = s.DATABASES['default']; "
    "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'], d['CONN_MAX_AGE'])"
)


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python in the project root with no DTRACK_* variables except those given."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DTRACK_")}
    clean.update(DJANGO_SETTINGS_MODULE="dtrack.settings", **env)
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_python("manage.py", "check")
    assert result.returncode != 0
    assert "DTRACK_SECRET_KEY" in result.stderr


def test_debug_runs_without_secret_key():
    result = run_python("manage.py", "check", DTRACK_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql():
    url = "postgres://dtrack:pw@db.internal:5433/dtrack_prod"
    result = run_python(
        "-c", PRINT_DATABASE, DTRACK_SECRET_KEY="x", DTRACK_DATABASE_URL=url, DTRACK_DB_CONN_MAX_AGE="30"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "dtrack_prod", "db.internal", "5433", "30"]


def test_default_database_is_sqlite_under_var():
    result = run_python("-c", PRINT_DATABASE, DTRACK_SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    engine, name, *_ = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(settings.BASE_DIR / "var" / "dtrack.sqlite3")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.89"), "1.234.567,89"),
        (Decimal("-1234.5"), "-1.234,50"),
        (Decimal("0.7024"), "0,70"),
        (Decimal("999"), "999,00"),
    ],
)
def test_vietnamese_number_format(value, expected):
    """Decimal comma, dot thousands grouped by three (dtrack/formats/vi/formats.py)."""
    with translation.override("vi"):
        assert formats.number_format(value, 2, use_l10n=True) == expected


def test_vietnamese_date_format():
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2025, 7, 1), "SHORT_DATE_FORMAT") == "01/07/2025"


def test_env_bool_rejects_unknown_words(monkeypatch):
    monkeypatch.setenv("DTRACK_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DTRACK_TEST_FLAG"):
        env_bool("DTRACK_TEST_FLAG")


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("YES", True), (" 1 ", True), ("off", False), ("", False)]
)
def test_env_bool_accepts_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("DTRACK_TEST_FLAG", raw)
    assert env_bool("DTRACK_TEST_FLAG", not expected) is expected


@pytest.mark.postgresql
@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """The assessment's SQL would be JIT-compiled for seconds on every request (docs/performance.md)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
