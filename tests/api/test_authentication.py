"""Tokens for systems (`Authorization: Bearer`), sessions with CSRF for people (accounts/authentication.py)."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from tests.api import assert_problem
from tests.factories import make_indicator

pytestmark = pytest.mark.django_db

INDICATOR = {"code": "moi", "name": "Chỉ số mới", "unit": "percent", "pillar": "kinh_te_so"}


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("staff", None, None, is_staff=True)


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_only_the_digest_is_stored(staff):
    token, raw = tokens.issue(user=staff, name="Cổng dữ liệu tỉnh")
    assert tokens.TOKEN_PATTERN.match(raw)
    assert raw.startswith(token.prefix + "_")
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert row["digest"] == hashlib.sha256(raw.encode()).hexdigest()
    assert not any(isinstance(value, str) and raw in value for value in row.values()), "the raw token is stored"
    secret = raw[len(token.prefix) + 1 :]
    assert not any(isinstance(value, str) and secret in value for value in row.values())


def test_a_valid_token_writes_and_is_marked_used(staff):
    token, raw = tokens.issue(user=staff, name="t")
    assert token.last_used_at is None
    response = bearer(raw).post("/api/v1/indicators/", INDICATOR, content_type="application/json")
    assert response.status_code == 201, response.content
    token.refresh_from_db()
    used = token.last_used_at
    assert used is not None
    bearer(raw).get("/api/v1/indicators/")
    token.refresh_from_db()
    assert token.last_used_at == used, "written at most once a minute"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer dtk_aaaaaaaa_" + "A" * 43,  # well-formed, unknown
        "Bearer not-a-token",
        "Bearer",
        "Bearer one two",
        "bearer dtk_aaaaaaaa_" + "A" * 43,  # the scheme is case-insensitive: still checked, still unknown
    ],
)
def test_a_bad_bearer_header_is_401_even_on_public_reads(header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/indicators/")
    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    # Vietnamese by default: "Mã truy cập …" (token) or "Tiêu đề Authorization …".
    assert "mã truy cập" in body["detail"].lower() or "authorization" in body["detail"].lower()


def test_a_right_prefix_with_a_wrong_secret_is_401(staff):
    token, raw = tokens.issue(user=staff, name="t")
    forged = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    assert_problem(bearer(forged).get("/api/v1/indicators/"), 401)


def test_revoked_expired_and_inactive_are_401(staff, capsys):
    from django.core.management import call_command

    revoked, raw_revoked = tokens.issue(user=staff, name="revoked")
    assert bearer(raw_revoked).get("/api/v1/indicators/").status_code == 200
    call_command("revoke_token", revoked.prefix)
    assert "Revoked" in capsys.readouterr().out
    body = assert_problem(
        bearer(raw_revoked).post("/api/v1/indicators/", INDICATOR, content_type="application/json"), 401
    )
    assert body["detail"] == "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi."
    assert_problem(bearer(raw_revoked).get("/api/v1/indicators/"), 401)

    _, raw_expired = tokens.issue(user=staff, name="expired", expires_at=timezone.now() - timedelta(seconds=1))
    assert_problem(bearer(raw_expired).get("/api/v1/indicators/"), 401)

    _, raw_inactive = tokens.issue(user=staff, name="inactive")
    staff.is_active = False
    staff.save()
    assert_problem(bearer(raw_inactive).get("/api/v1/indicators/"), 401)


def test_other_schemes_are_not_ours():
    """Basic is not accepted: the request is anonymous, so a write is a 401 naming Bearer."""
    basic = Client(HTTP_AUTHORIZATION="Basic c3RhZmY6cGFzc3dvcmQ=")
    assert basic.get("/api/v1/indicators/").status_code == 200
    response = basic.post("/api/v1/indicators/", INDICATOR, content_type="application/json")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_sessions_need_the_csrf_token(staff):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    refused = browser.post("/api/v1/indicators/", INDICATOR, content_type="application/json")
    body = assert_problem(refused, 403)
    assert "CSRF" in body["detail"]
    browser.get("/auth/login/")  # any page that sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post("/api/v1/indicators/", INDICATOR, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201, accepted.content


def test_session_sign_in_page_for_the_browsable_api():
    assert Client().get("/auth/login/").status_code == 200


def test_an_unused_indicator_is_not_deletable_by_a_member_token():
    from accounts.models import Membership, Role
    from tests.factories import make_province

    member = get_user_model().objects.create_user("member", None, None)
    Membership.objects.create(user=member, province=make_province(code="44"), role=Role.PLANNER)
    indicator = make_indicator(code="x")
    client = bearer(tokens.issue(user=member, name="t")[1])
    assert_problem(client.delete(f"/api/v1/indicators/{indicator.pk}/", HTTP_IF_MATCH="*"), 403)
