"""The API tests' clients. `client` reads anonymously and writes as staff, sending If-Match by itself;
permissions, ETags, Idempotency-Key and history have their own tests (test_permissions.py, test_conditional.py,
test_idempotency.py, test_history.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts import tokens
from tests.api import etag_headers

UNSAFE = ("post", "put", "patch", "delete")


class StaffClient(Client):
    """Reads anonymously (so query counts are the endpoint's own); POST, PUT, PATCH and DELETE carry a staff token,
    and PUT, PATCH and DELETE also If-Match with the ETag a GET shows just before, unless the test gives one: the
    domain tests are not about credentials or preconditions."""

    def __init__(self, token: str, **defaults):
        super().__init__(**defaults)
        self.token = token

    def _write(self, path, extra, *, conditional: bool):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        if conditional and "HTTP_IF_MATCH" not in extra and "If-Match" not in (extra.get("headers") or {}):
            headers.update(etag_headers(self, path.split("?", 1)[0]))
        return {**headers, **extra}

    def post(self, path, *args, **extra):
        return super().post(path, *args, **self._write(path, extra, conditional=False))

    def put(self, path, *args, **extra):
        return super().put(path, *args, **self._write(path, extra, conditional=True))

    def patch(self, path, *args, **extra):
        return super().patch(path, *args, **self._write(path, extra, conditional=True))

    def delete(self, path, *args, **extra):
        return super().delete(path, *args, **self._write(path, extra, conditional=True))


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user("staff", "staff@example.org", None, is_staff=True)


@pytest.fixture
def client(staff_user):
    """Overrides pytest-django's `client`: anonymous reads, staff writes with If-Match (see StaffClient)."""
    _, raw = tokens.issue(user=staff_user, name="tests")
    return StaffClient(raw)


@pytest.fixture
def anon_client():
    return Client()
