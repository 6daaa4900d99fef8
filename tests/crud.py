"""Declarative CRUD tests of one API resource, after NetBox's `utilities/testing/api.py`.

A test module declares a subclass named `Test…` with the resource's URL and model, how to make a stored row
(`make`), a valid body to create one (`create_data`) and a change (`update_data`, with `updated`: what the answer
shows for it); this class runs the same checks on every resource:

- list: the row is listed, in the paginated envelope;
- detail: the row by id, with an ETag;
- create: 201 with Location, the answer equals a later GET, one row more in the database;
- update: PATCH shows the change, and a later GET shows the same;
- delete: 204, and the row is gone from the detail (`gone_status`: 404);
- permissions: anonymous writes are 401, a signed-in user without a role is 403, a write without If-Match is 428.

The domain rules of each resource stay in its own tests; this is the shape every resource shares.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.api import assert_problem
from tests.factories import token_client

JSON = "application/json"


@pytest.mark.django_db
class ResourceCRUD:
    url: str
    model: type
    update_data: dict
    updated: dict | None = None  # what the answer shows for update_data (default: update_data itself)
    gone_status = 404

    def make(self):
        """A stored row of the resource."""
        raise NotImplementedError

    def create_data(self) -> dict:
        """A valid body for POST."""
        raise NotImplementedError

    def detail(self, pk) -> str:
        return f"{self.url}{pk}/"

    def test_list(self, client):
        row = self.make()
        response = client.get(self.url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert {"count", "results"} <= body.keys() or {"next", "results"} <= body.keys(), body.keys()
        assert row.pk in [item["id"] for item in body["results"]]

    def test_detail(self, client):
        row = self.make()
        response = client.get(self.detail(row.pk))
        assert response.status_code == 200, response.content
        assert response.json()["id"] == row.pk
        assert response.has_header("ETag")

    def test_create(self, client):
        before = self.model.objects.count()
        response = client.post(self.url, self.create_data(), content_type=JSON)
        assert response.status_code == 201, response.content
        body = response.json()
        assert response["Location"].endswith(self.detail(body["id"]))
        assert client.get(self.detail(body["id"])).json() == body
        assert self.model.objects.count() == before + 1

    def test_update(self, client):
        row = self.make()
        response = client.patch(self.detail(row.pk), self.update_data, content_type=JSON)
        assert response.status_code == 200, response.content
        shown = {name: response.json()[name] for name in (self.updated or self.update_data)}
        assert shown == (self.updated or self.update_data)
        assert client.get(self.detail(row.pk)).json() == response.json()

    def test_delete(self, client):
        row = self.make()
        assert client.delete(self.detail(row.pk)).status_code == 204
        assert client.get(self.detail(row.pk)).status_code == self.gone_status

    def test_permissions(self, client):
        row = self.make()
        anonymous = Client()
        assert_problem(anonymous.post(self.url, self.create_data(), content_type=JSON), 401)
        assert_problem(anonymous.patch(self.detail(row.pk), self.update_data, content_type=JSON), 401)
        nobody = token_client(get_user_model().objects.create_user("nobody", "nobody@example.org", None))
        assert_problem(nobody.post(self.url, self.create_data(), content_type=JSON), 403)
        staff = Client(HTTP_AUTHORIZATION=f"Bearer {client.token}")  # the staff token, without StaffClient's If-Match
        stale = staff.patch(self.detail(row.pk), self.update_data, content_type=JSON)
        assert_problem(stale, 428, type_uri="/problems/if-match-required")
