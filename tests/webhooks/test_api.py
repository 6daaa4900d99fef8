"""Subscriptions and the delivery log through the API: who may manage them, the write-only secret, bad input (SSRF,
unknown events) as clear 4xx, filters and query counts."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.api import assert_problem
from tests.webhooks.conftest import SECRET
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db
URL = "/api/v1/webhook-subscriptions/"
DELIVERIES = "/api/v1/webhook-deliveries/"
PUBLIC = "https://93.184.215.14/dtrack"  # a public address written as one: no DNS needed


def body(world, **extra):
    return {
        "name": "Hệ thống báo cáo tỉnh",
        "url": PUBLIC,
        "secret": SECRET,
        "events": ["report.approved"],
        "province": world["province"].key,
        **extra,
    }


def post(world, who="planner", **extra):
    return world["clients"][who].post(
        URL, body(world, **extra), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_planner_subscribes_for_their_province_and_the_secret_is_never_returned(world):
    response = post(world)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["province"] == world["province"].key
    assert created["events"] == ["report.approved"]
    assert "secret" not in created and SECRET not in response.content.decode()
    assert Subscription.objects.get().secret == SECRET
    listed = world["clients"]["planner"].get(URL)
    assert [s["id"] for s in listed.json()["results"]] == [created["id"]]
    assert SECRET not in listed.content.decode()
    detail = world["clients"]["planner"].get(f"{URL}{created['id']}/")
    assert "secret" not in detail.json()
    changed = world["clients"]["planner"].patch(
        f"{URL}{created['id']}/", {"secret": "n" * 20, "active": False}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["active"] is False and "secret" not in changed.json()
    assert Subscription.objects.get().secret == "n" * 20
    assert world["clients"]["planner"].delete(f"{URL}{created['id']}/").status_code == 204
    assert not Subscription.objects.exists()


def test_who_may_manage_subscriptions(world):
    assert post(world, "staff", province=None).status_code == 201  # every province and national data: staff only
    assert_problem(post(world, "planner", province=None), 403)
    assert_problem(post(world, "elsewhere"), 403)  # a planner of another province
    assert_problem(post(world, "approver"), 403)  # not a planner
    assert_problem(post(world, "reporter"), 403)
    assert_problem(Client().post(URL, body(world), content_type="application/json"), 401)
    assert_problem(Client().get(URL), 401)  # where a province's data goes is not public
    mine = post(world).json()["id"]
    # Out of their provinces: not found; staff see everything.
    assert_problem(world["clients"]["elsewhere"].get(f"{URL}{mine}/"), 404)
    assert world["clients"]["elsewhere"].get(URL).json()["count"] == 0
    assert world["clients"]["staff"].get(URL).json()["count"] == 2
    moved = world["clients"]["planner"].patch(
        f"{URL}{mine}/", {"province": world["other"].key}, content_type="application/json"
    )
    assert_problem(moved, 403)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://93.184.215.14/x", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("https://", "no host"),
        ("https://user:pw@93.184.215.14/x", "user name or password"),
        ("https://exa mple.org/x", "host name"),
        ("http://[::1]/hook", "host name"),
        ("http://[::ffff:127.0.0.1]/hook", "host name"),
        ("HTtPS://[E2204]?m", "valid URL"),
        ("http://d.vw.example:70364/hook", "valid URL"),
    ],
)
def test_malformed_urls_are_400_naming_the_reason(world, url, words):
    problem = assert_problem(post(world, url=url), 400, type_uri="/problems/validation")
    [error] = problem["errors"]
    assert error["pointer"] == "#/url"
    assert words in error["detail"], error


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:8000/hook", "private, loopback or link-local"),
        ("http://localhost/hook", "private, loopback or link-local"),
        ("http://10.0.0.5/hook", "private, loopback or link-local"),
        ("http://192.168.1.10/hook", "private, loopback or link-local"),
        ("http://169.254.169.254/latest/meta-data/", "private, loopback or link-local"),
        ("http://0.0.0.0/hook", "private, loopback or link-local"),
        ("https://no-such-host.invalid/hook", "could not be resolved"),
    ],
)
def test_urls_leading_nowhere_public_are_422_naming_the_reason(world, url, words):
    """Well formed (the schema's pattern), refused for where they lead."""
    problem = assert_problem(post(world, url=url), 422, type_uri="/problems/refused-address")
    [error] = problem["errors"]
    assert error["pointer"] == "#/url"
    assert words in error["detail"], error


def test_bad_urls_are_explained_in_vietnamese_too(world):
    response = world["clients"]["planner"].post(
        URL, body(world, url="http://127.0.0.1/hook"), content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    problem = assert_problem(response, 422, type_uri="/problems/refused-address")
    assert "địa chỉ nội bộ" in problem["errors"][0]["detail"], problem


def test_private_addresses_are_accepted_when_the_setting_allows_them(world, settings):
    settings.DTRACK_WEBHOOKS_ALLOW_PRIVATE = True
    assert post(world, url="http://127.0.0.1:9/hook").status_code == 201


@pytest.mark.parametrize(
    ("events", "code"),
    [(["report.deleted"], "unknown_event"), ([], "min_length"), ("report.approved", "not_a_list")],
)
def test_unknown_or_missing_events_are_400(world, events, code):
    problem = assert_problem(post(world, events=events), 400, type_uri="/problems/validation")
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("#/events", code)], problem


def test_unknown_event_message_lists_the_known_ones(world):
    problem = post(world, events=["report.approved", "target.created"]).json()
    assert "target.created" in problem["errors"][0]["detail"]
    assert "target.status_changed" in problem["errors"][0]["detail"]


def test_short_secret_and_unknown_province_are_400(world):
    problem = assert_problem(post(world, secret="short"), 400, type_uri="/problems/validation")
    assert problem["errors"][0]["pointer"] == "#/secret"
    problem = assert_problem(post(world, province="9999-99"), 422, type_uri="/problems/unknown-reference")
    assert problem["errors"][0]["pointer"] == "#/province"


def make_deliveries(subscription, count, **fields):
    now = timezone.now()
    rows = [
        Delivery(subscription=subscription, event="report.approved", body='{"data":{}}', created_at=now, **fields)
        for _ in range(count)
    ]
    return Delivery.objects.bulk_create(rows)


def test_delivery_log_is_filtered_and_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    mine = Subscription.objects.create(
        name="a", url=PUBLIC, secret=SECRET, events=["report.approved"], province=world["province"]
    )
    theirs = Subscription.objects.create(
        name="b", url=PUBLIC, secret=SECRET, events=["report.approved"], province=world["other"]
    )
    make_deliveries(mine, 3)
    make_deliveries(mine, 2, status="failed")
    make_deliveries(theirs, 4)
    client = world["clients"]["planner"]
    client.get(DELIVERIES)  # the token's last use is recorded once a minute: not in the counts below
    for count in (3, 9):
        make_deliveries(mine, count - 3 if count > 3 else 0)
        with django_assert_num_queries(4):  # the token, the planner's provinces, COUNT, the page
            response = client.get(DELIVERIES, {"subscription": mine.pk})
        assert response.status_code == 200
    assert response.json()["count"] == 11  # 3 + 2 + 6, none of the other province's
    failed = client.get(DELIVERIES, {"subscription": mine.pk, "status": "failed"}).json()
    assert failed["count"] == 2 and {d["status"] for d in failed["results"]} == {"failed"}
    assert client.get(DELIVERIES, {"event": "target.status_changed"}).json()["count"] == 0
    assert world["clients"]["staff"].get(DELIVERIES).json()["count"] == 15
    assert_problem(client.get(DELIVERIES, {"status": "lost"}), 400, type_uri="/problems/validation")
    assert_problem(client.get(DELIVERIES, {"event": "x"}), 400, type_uri="/problems/validation")
    assert_problem(client.get(DELIVERIES, {"subscription": "abc"}), 400, type_uri="/problems/validation")
    assert_problem(client.get(DELIVERIES, {"sort": "x"}), 400, type_uri="/problems/validation")


def test_subscription_list_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    world["clients"]["planner"].get(URL)  # the token's last use is recorded once a minute
    for count in (1, 6):
        while Subscription.objects.count() < count:
            Subscription.objects.create(
                name="s", url=PUBLIC, secret=SECRET, events=["report.approved"], province=world["province"]
            )
        with django_assert_num_queries(4):  # the token, the planner's provinces, COUNT, the page with provinces
            assert world["clients"]["planner"].get(URL).json()["count"] == count


def test_redeliver_puts_a_failed_delivery_back_in_the_queue_with_the_same_id(world):
    mine = Subscription.objects.create(
        name="a", url=PUBLIC, secret=SECRET, events=["report.approved"], province=world["province"]
    )
    [failed] = make_deliveries(mine, 1, status="failed", attempts=10, last_error="HTTP 500")
    response = world["clients"]["planner"].post(f"{DELIVERIES}{failed.pk}/redeliver/")
    assert response.status_code == 200, response.content
    again = response.json()
    assert again["id"] == str(failed.pk)
    assert (again["status"], again["attempts"], again["last_error"]) == ("pending", 0, "")
    assert_problem(world["clients"]["elsewhere"].post(f"{DELIVERIES}{failed.pk}/redeliver/"), 404)
    assert_problem(world["clients"]["planner"].get(f"{DELIVERIES}not-a-uuid/"), 404)


def test_a_subscriptions_own_delivery_log(world, django_assert_num_queries):
    mine = Subscription.objects.create(
        name="a", url=PUBLIC, secret=SECRET, events=["report.approved"], province=world["province"]
    )
    other = Subscription.objects.create(
        name="b", url=PUBLIC, secret=SECRET, events=["report.approved"], province=world["province"]
    )
    make_deliveries(mine, 2)
    make_deliveries(mine, 1, status="failed")
    make_deliveries(other, 5)
    client = world["clients"]["planner"]
    path = f"{URL}{mine.pk}/deliveries/"
    client.get(path)  # the token's last use is recorded once a minute
    with django_assert_num_queries(5):  # the token, the provinces, the subscription, COUNT, the page
        page = client.get(path, {"limit": 2})
    assert page.json()["count"] == 3 and len(page.json()["results"]) == 2
    assert {d["subscription"] for d in page.json()["results"]} == {mine.pk}
    assert client.get(path, {"status": "failed"}).json()["count"] == 1
    assert_problem(client.get(path, {"subscription": other.pk}), 400, type_uri="/problems/validation")
    assert_problem(world["clients"]["elsewhere"].get(path), 404)
