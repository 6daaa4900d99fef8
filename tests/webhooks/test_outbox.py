"""The outbox: approving or reopening a report and a change of a target's stored status write one delivery per
subscription that wants the event, in the same transaction, in a number of queries that does not grow with the
subscriptions."""

import json
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from indicators import events, services
from indicators.models import Target
from indicators.state import store_assessments
from reporting import workflow
from tests.factories import make_measurement, make_report, make_target
from tests.webhooks.conftest import SECRET, approve, submitted_report
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db
PUBLIC = "https://93.184.215.14/dtrack"
ALL = ["report.approved", "report.reopened", "target.status_changed"]


def subscribe(province=None, events=ALL, **extra):
    return Subscription.objects.create(
        name="s", url=PUBLIC, secret=SECRET, events=list(events), province=province, **extra
    )


def payloads(event):
    return [json.loads(d.body) for d in Delivery.objects.filter(event=event).order_by("created_at", "subscription_id")]


def test_approval_writes_one_delivery_per_matching_subscription(world):
    national = subscribe()
    mine = subscribe(world["province"], events=["report.approved"])
    subscribe(world["other"])  # another province: nothing
    subscribe(world["province"], events=["report.reopened"])  # another event: nothing
    subscribe(world["province"], active=False)  # switched off: nothing
    report = submitted_report(world)
    assert approve(world, report).status_code == 200
    approved = Delivery.objects.filter(event="report.approved")
    assert sorted(approved.values_list("subscription_id", flat=True)) == [national.pk, mine.pk]
    [body, _] = payloads("report.approved")
    assert body["event"] == "report.approved"
    assert body["data"] == {"report": report.pk, "province": world["province"].key, "period": None, "state": "approved"}
    assert body["id"] == str(approved.get(subscription=national).pk)  # the delivery id, also a header
    assert set(approved.values_list("status", flat=True)) == {"pending"}
    # The figure (95 of 90) changed the target's stored status: announced to those who asked.
    [changed] = payloads("target.status_changed")
    assert changed["data"]["target"] == world["target"].pk
    assert changed["data"]["province"] == world["province"].key
    assert changed["data"]["indicator"] == "dvc"
    assert changed["data"]["to"] == Target.objects.get(pk=world["target"].pk).known_status
    assert changed["data"]["from"] != changed["data"]["to"]
    reopened = world["clients"]["approver"].post(
        f"/api/v1/progress-reports/{report.pk}/reopen/", {"reason": "sai số liệu"}, content_type="application/json"
    )
    assert reopened.status_code == 200, reopened.content
    # The national subscription and the one for reopenings only.
    assert [p["data"]["state"] for p in payloads("report.reopened")] == ["draft", "draft"]
    back = [p["data"] for p in payloads("target.status_changed")][1:]
    assert [(p["from"], p["to"]) for p in back] == [(changed["data"]["to"], changed["data"]["from"])]


class Rollback(Exception):
    pass


def approval_cost(world, report) -> tuple[int, int]:
    """Queries of approving `report`, and the deliveries it wrote; rolled back after, so it can be repeated."""
    with CaptureQueriesContext(connection) as queries:
        try:
            with transaction.atomic():
                workflow.approve(report=report, user=world["users"]["approver"])
                written = Delivery.objects.count()
                raise Rollback
        except Rollback:
            pass
    return len(queries.captured_queries) - 1, written  # less the count just above


def test_an_approval_runs_the_same_number_of_queries_whatever_the_subscriptions(world):
    report = submitted_report(world)
    subscribe(world["province"])
    approval_cost(world, report)  # once first: what the first call caches (content types…) is not counted
    one = approval_cost(world, report)
    for _ in range(19):
        subscribe(world["province"])
    twenty = approval_cost(world, report)
    assert one[1] == 2 and twenty[1] == 40  # report.approved and target.status_changed, per subscription
    assert one[0] == twenty[0], (one, twenty)
    with CaptureQueriesContext(connection) as queries:
        workflow.approve(report=report, user=world["users"]["approver"])
    # Per event: the subscriptions, one INSERT; and the targets' province keys for their payloads.
    outbox = [q["sql"] for q in queries.captured_queries if "webhooks_" in q["sql"]]
    assert len(outbox) == 4, outbox


def test_nothing_is_written_when_the_change_rolls_back(world):
    subscribe()
    report = submitted_report(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.approve(report=report, user=world["users"]["approver"])
        assert Delivery.objects.count() == 2
        raise RuntimeError("the approval fails after the event")
    assert Delivery.objects.count() == 0


def test_no_subscription_costs_one_query_and_writes_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        events.emit("report.approved", {"report": 1, "province": None, "period": None, "state": "approved"})
    assert not Delivery.objects.exists()


def test_unknown_event_names_are_a_programming_error():
    with pytest.raises(ValueError):
        events.emit("report.deleted", {})


def test_a_target_update_that_changes_its_status_is_announced(world):
    subscribe(events=["target.status_changed"])
    report = make_report(province=world["province"], reported_on=date(2026, 1, 10))
    make_measurement(report=report, indicator=world["indicator"], value="50", as_of=date(2026, 1, 5))
    before = Target.objects.get(pk=world["target"].pk).known_status
    # As the API and the admin do: the target read fresh (its stored status is written back by save()).
    services.target_update(target=Target.objects.get(pk=world["target"].pk), data={"value": 40})  # 50 meets it
    after = Target.objects.get(pk=world["target"].pk).known_status
    assert before != after
    assert [(p["data"]["from"], p["data"]["to"]) for p in payloads("target.status_changed")][-1] == (before, after)


def test_a_refresh_of_many_targets_announces_each_change_in_constant_queries(world):
    """`manage.py refresh_assessments` (a new day): every target whose status moves is announced, set-based."""
    subscribe(events=["target.status_changed"])
    targets = [
        make_target(
            plan=world["target"].plan, indicator=world["indicator"], value="90", deadline=date(2031 + i, 12, 31)
        )
        for i in range(5)
    ]
    Target.objects.filter(pk__in=[t.pk for t in targets]).update(known_status="met", known_basis="")
    Delivery.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        store_assessments(Target.objects.filter(pk__in=[t.pk for t in targets]))
    assert sorted(p["data"]["target"] for p in payloads("target.status_changed")) == sorted(t.pk for t in targets)
    assert all(p["data"]["from"] == "met" for p in payloads("target.status_changed"))
    assert len([q for q in queries.captured_queries if "webhooks_" in q["sql"]]) == 2


def test_a_report_entered_approved_is_announced_as_approved(world):
    subscribe(world["province"], events=["report.approved"])
    body = {
        "province": world["province"].key,
        "title": "Báo cáo 9 tháng",
        "reported_on": "2026-01-10",
        "state": "approved",
        "measurements": [{"indicator": world["indicator"].pk, "value_text": "95%"}],
    }
    response = world["clients"]["approver"].post("/api/v1/progress-reports/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    [sent] = payloads("report.approved")
    assert sent["data"] == {
        "report": response.json()["id"],
        "province": world["province"].key,
        "period": None,
        "state": "approved",
    }
    draft = world["clients"]["approver"].post(
        "/api/v1/progress-reports/", {**body, "state": "draft"}, content_type="application/json"
    )
    assert draft.status_code == 201 and len(payloads("report.approved")) == 1  # a draft is not announced
