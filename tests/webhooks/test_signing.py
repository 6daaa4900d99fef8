"""Signing and backoff: the receiver's side of the contract (docs/outputs.md) and the retry schedule."""

import hashlib
import hmac

import pytest

from webhooks import sender, signing


def test_signature_is_hmac_sha256_of_timestamp_dot_body_in_hex():
    body = '{"event":"report.approved","data":{"report":1,"province":"2025-44"}}'
    expected = hmac.new(b"k" * 16, f"1767225600.{body}".encode(), hashlib.sha256).hexdigest()
    assert signing.sign("k" * 16, 1767225600, body) == expected
    assert signing.signature_header("k" * 16, 1767225600, body) == f"sha256={expected}"
    # A known vector, so that the documented recipe cannot drift from the code unnoticed.
    assert signing.sign("secret", 0, "{}") == hmac.new(b"secret", b"0.{}", hashlib.sha256).hexdigest()


def test_non_ascii_bodies_are_signed_as_utf8():
    body = '{"province":"Quảng Ngãi"}'
    expected = hmac.new(b"secret", f"5.{body}".encode(), hashlib.sha256).hexdigest()
    assert signing.sign("secret", 5, body) == expected


def test_verify_refuses_another_body_secret_or_an_old_timestamp():
    header = signing.signature_header("secret", 1000, "{}")
    assert signing.verify("secret", 1000, "{}", header, now=1010)
    assert not signing.verify("secret", 1000, "{ }", header, now=1010)
    assert not signing.verify("other", 1000, "{}", header, now=1010)
    assert not signing.verify("secret", 1001, "{}", header, now=1010)  # the timestamp is part of what is signed
    assert not signing.verify("secret", 1000, "{}", header, now=1000 + 301)  # replayed too late


def test_headers_carry_the_delivery_id_event_timestamp_and_signature():
    headers = sender.headers_for(delivery_id="d-1", event="report.approved", secret="secret", body="{}", timestamp=7)
    assert headers["X-Dtrack-Delivery"] == headers["Idempotency-Key"] == "d-1"
    assert headers["X-Dtrack-Event"] == "report.approved"
    assert headers["X-Dtrack-Timestamp"] == "7"
    assert headers["X-Dtrack-Signature"] == "sha256=" + signing.sign("secret", 7, "{}")
    assert headers["Content-Type"] == "application/json; charset=utf-8"


def test_backoff_doubles_from_the_base_up_to_the_cap():
    assert [signing.backoff_seconds(n, 30, 3600) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert signing.backoff_seconds(50, 30, 3600) == 3600
    assert signing.backoff_seconds(1, 0, 3600) == 0
    with pytest.raises(ValueError):
        signing.backoff_seconds(0, 30, 3600)
