"""Throttling: 429 problem details with Retry-After (dtrack/api/throttling.py; rates from DTRACK_THROTTLE_*)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from accounts import tokens
from dtrack import settings as dtrack_settings
from tests.api import assert_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(anon, user):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user}}

    return set_rates


def test_anonymous_clients_get_429_with_retry_after(rates):
    rates("3/min", "5/min")
    client = Client()
    for _ in range(3):
        assert client.get("/api/v1/provinces/").status_code == 200
    response = client.get("/api/v1/indicators/")
    body = assert_problem(response, 429)
    assert 0 < int(response["Retry-After"]) <= 60
    # Vietnamese by default (DRF ships no Vietnamese for it; locale/vi has it), English when asked.
    assert body["detail"] == "Yêu cầu bị giới hạn tần suất. Có thể gửi lại sau 60 giây."
    english = assert_problem(client.get("/api/v1/indicators/", HTTP_ACCEPT_LANGUAGE="en"), 429)
    assert english["detail"].startswith("Request was throttled.")
    # Another address has its own count.
    assert Client(REMOTE_ADDR="10.0.0.2").get("/api/v1/provinces/").status_code == 200


def test_x_forwarded_for_is_not_trusted_by_default(rates):
    rates("2/min", "5/min")
    for n in range(2):
        assert Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").get("/api/v1/provinces/").status_code == 200
    assert_problem(Client(HTTP_X_FORWARDED_FOR="203.0.113.99").get("/api/v1/provinces/"), 429)


def test_users_are_counted_per_user_at_their_own_rate(rates):
    rates("1/min", "3/min")
    User = get_user_model()
    first = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(user=User.objects.create_user('a'), name='t')[1]}")
    second = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(user=User.objects.create_user('b'), name='t')[1]}")
    for _ in range(3):
        assert first.get("/api/v1/provinces/").status_code == 200
    assert_problem(first.get("/api/v1/provinces/"), 429)
    assert second.get("/api/v1/provinces/").status_code == 200


def test_a_rate_of_none_switches_the_limit_off(rates):
    rates(None, None)
    client = Client()
    assert all(client.get("/api/v1/provinces/").status_code == 200 for _ in range(30))


@pytest.mark.parametrize(
    ("raw", "rate"), [("600/min", "600/min"), ("10/s", "10/s"), ("off", None), ("", None), ("5/Hour", "5/hour")]
)
def test_rate_setting(monkeypatch, raw, rate):
    monkeypatch.setenv("DTRACK_THROTTLE_TEST", raw)
    assert dtrack_settings._rate("DTRACK_THROTTLE_TEST", "1/s") == rate


@pytest.mark.parametrize("raw", ["600", "600/fortnight", "many/min", "-1/min"])
def test_bad_rate_setting_stops_the_start(monkeypatch, raw):
    monkeypatch.setenv("DTRACK_THROTTLE_TEST", raw)
    with pytest.raises(ImproperlyConfigured, match="DTRACK_THROTTLE_TEST"):
        dtrack_settings._rate("DTRACK_THROTTLE_TEST", "1/s")
