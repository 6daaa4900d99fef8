"""API tokens: created by `manage.py create_token` or the admin, shown once, stored hashed, revocable."""

import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from accounts import tokens
from accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("ci", "ci@example.org", None, is_staff=True)


def test_create_token_prints_the_token_alone_on_stdout(staff):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_token", "ci", "--name", "schemathesis", "--expires-in-days", "2", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert tokens.TOKEN_PATTERN.match(raw)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (staff, "schemathesis", raw[:12])
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert token.expires_at is not None
    assert "not stored" in err.getvalue() and raw not in err.getvalue()
    assert tokens.find(raw) == token


def test_create_token_refuses_unknown_and_inactive_users(staff):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_token", "nobody")
    staff.is_active = False
    staff.save()
    with pytest.raises(CommandError, match="inactive"):
        call_command("create_token", "ci")


def test_revoke_token_by_prefix_or_whole_token(staff):
    token, raw = tokens.issue(user=staff, name="t")
    out = io.StringIO()
    call_command("revoke_token", raw, stdout=out)
    assert "Revoked" in out.getvalue()
    call_command("revoke_token", token.prefix, stdout=out)
    assert "already revoked" in out.getvalue()
    assert tokens.find(raw) is None
    with pytest.raises(CommandError, match="No token"):
        call_command("revoke_token", "dtk_zzzzzzzz")


def test_admin_shows_a_new_token_once_and_stores_its_digest(staff):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    browser = Client()
    browser.force_login(admin)
    response = browser.post("/admin/accounts/apitoken/add/", {"user": staff.pk, "name": "Cổng dữ liệu"})
    assert response.status_code == 200, response.content[:500]
    token = ApiToken.objects.get()
    page = response.content.decode()
    raw = next(word for word in page.replace("<", " ").replace(">", " ").split() if word.startswith(token.prefix + "_"))
    assert tokens.find(raw) == token
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    # Never again: not on the change page, not in the list.
    for url in (f"/admin/accounts/apitoken/{token.pk}/change/", "/admin/accounts/apitoken/"):
        shown = browser.get(url)
        assert shown.status_code == 200
        assert raw not in shown.content.decode()
        assert token.digest not in shown.content.decode()


def test_admin_revoke_action(staff):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    browser = Client()
    browser.force_login(admin)
    token, raw = tokens.issue(user=staff, name="t")
    response = browser.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert tokens.find(raw) is None


def test_admin_membership_pages_load():
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    browser = Client()
    browser.force_login(admin)
    assert browser.get("/admin/accounts/membership/").status_code == 200
    assert browser.get("/admin/accounts/membership/add/").status_code == 200
