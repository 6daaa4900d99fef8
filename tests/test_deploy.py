"""`manage.py check --deploy` is clean with the production variables of README/docs/security.md set."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DTRACK_DEBUG": "false",
    "DTRACK_SECRET_KEY": secrets.token_urlsafe(50),
    "DTRACK_ALLOWED_HOSTS": "dtrack.example.gov.vn",
    "DTRACK_CSRF_TRUSTED_ORIGINS": "https://dtrack.example.gov.vn",
    "DTRACK_HTTPS": "true",
    "DTRACK_HSTS_SECONDS": "31536000",
    "DTRACK_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DTRACK_HSTS_PRELOAD": "true",
    "DTRACK_SECURE_PROXY_SSL_HEADER": "true",
}


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    """`manage.py check --deploy --fail-level WARNING` with only the given DTRACK_* variables."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DTRACK_")}
    clean.update(DJANGO_SETTINGS_MODULE="dtrack.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_variables():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_names_what_is_missing_without_them():
    """The same check fails on the defaults (local HTTP), so the test above is not vacuous."""
    result = check_deploy(
        DTRACK_SECRET_KEY=PRODUCTION["DTRACK_SECRET_KEY"], DTRACK_ALLOWED_HOSTS="dtrack.example.gov.vn"
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output, warning


def test_a_weak_secret_key_is_reported():
    result = check_deploy(**{**PRODUCTION, "DTRACK_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr
