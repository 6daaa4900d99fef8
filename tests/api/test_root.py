"""`/api/v1/` lists the collections and the docs; `/` sends a visitor to the API docs."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_api_root_links_every_collection_and_the_docs(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert set(body["resources"]) == {
        "provinces", "indicators", "plans", "targets", "progress-reports", "measurements", "evidence", "obligations",
        "reminders", "reporting-periods", "reporting-regimes", "webhook-subscriptions", "webhook-deliveries",
    }  # fmt: skip
    assert body["resources"]["targets"] == "http://testserver/api/v1/targets/"
    assert body["docs"] == {
        "docs": "http://testserver/api/docs/",
        "redoc": "http://testserver/api/redoc/",
        "schema": "http://testserver/api/schema/",
    }
    for url in body["resources"].values():
        # Each link answers (webhooks only to staff: the token of the tests' staff client).
        answer = client.get(url.removeprefix("http://testserver"), HTTP_AUTHORIZATION=f"Bearer {client.token}")
        assert answer.status_code == 200, url


def test_site_root_redirects_to_the_api_docs():
    browser = Client(HTTP_ACCEPT="text/html")
    response = browser.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs/"
    assert browser.get(response["Location"]).status_code == 200
