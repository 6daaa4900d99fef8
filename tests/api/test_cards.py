"""Cards (indicators/cards.py): the targets list served from each target's ready body is byte for byte the list
rendered from the targets, and the cards follow every write that changes what they show."""

import random
from datetime import date

import pytest
from django.core.cache import cache

from indicators.models import Plan, Target, TargetCard
from indicators.state import store_assessments
from provinces.models import Province
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target
from tests.indicators.test_parity import build_cases, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db

URL = "/api/v1/targets/"
AS_OF = date(2025, 12, 31)


def pages(client, **params) -> list[bytes]:
    return [client.get(URL, {"limit": 500, "offset": offset, **params}).content for offset in range(0, 1500, 500)]


def test_the_list_from_cards_is_byte_identical(client, world, django_assert_num_queries):  # noqa: F811
    provinces, _ = world
    build_cases(random.Random("cards"), provinces, AS_OF)
    store_assessments(Target.objects.all(), on=AS_OF)
    assert TargetCard.objects.count() == Target.objects.count() > 1000
    asks = [
        {"as_of": AS_OF},
        {"as_of": AS_OF, "status": ["off_track", "at_risk"], "ordering": "-gap"},
        {"as_of": AS_OF, "ordering": "status,-progress"},
        {"as_of": AS_OF, "cursor": ""},
    ]
    with django_assert_num_queries(3):  # served from the cards: COUNT, the page's ids, their cards
        client.get(URL, {"limit": 500, "as_of": AS_OF})
    carded = [pages(client, **ask) for ask in asks]
    indented = client.get(URL, {"as_of": AS_OF, "limit": 20}, HTTP_ACCEPT="application/json; indent=2").content
    plans = Plan.objects.order_by("pk").values_list("pk", flat=True)
    provinces = Province.objects.filter(plans__isnull=False).distinct().order_by("key").values_list("key", flat=True)
    scorecards = [f"/api/v1/plans/{pk}/scorecard/" for pk in list(plans)[::7][:40]] + [
        f"/api/v1/provinces/{key}/scorecard/" for key in list(provinces)[:20]
    ]
    with django_assert_num_queries(2):  # the plan, then its targets from their cards
        client.get(scorecards[0], {"as_of": AS_OF})
    carded_scorecards = [client.get(url, {"as_of": AS_OF}).content for url in scorecards]
    assert all(b'"targets":[{' in body or b'"plans":[{' in body for body in carded_scorecards)
    TargetCard.objects.all().delete()
    cache.clear()  # the throttle's counts: 600 anonymous requests a minute
    assert [client.get(url, {"as_of": AS_OF}).content for url in scorecards] == carded_scorecards
    assert [pages(client, **ask) for ask in asks] == carded
    assert client.get(URL, {"as_of": AS_OF, "limit": 20}, HTTP_ACCEPT="application/json; indent=2").content == indented


@pytest.fixture
def target():
    province = make_province(code="44", era="2025")
    plan = make_plan(province=province, number="1/KH", title="Kế hoạch cũ")
    target = make_target(plan=plan, indicator=make_indicator(code="c-1", name="Tên cũ"), value=80)
    return target


def shown(client, target_id):
    return next(row for row in client.get(URL, {"limit": 500}).json()["results"] if row["id"] == target_id)


def card(target_id) -> str:
    return TargetCard.objects.get(pk=target_id).body


def test_cards_follow_every_write(client, target):
    assert '"Kế hoạch cũ"' in card(target.pk)
    # The plan and the indicator it shows.
    response = client.patch(
        f"/api/v1/plans/{target.plan_id}/", {"title": "Kế hoạch mới"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert shown(client, target.pk)["plan"]["title"] == "Kế hoạch mới" and '"Kế hoạch mới"' in card(target.pk)
    response = client.patch(
        f"/api/v1/indicators/{target.indicator_id}/", {"name": "Tên mới"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert shown(client, target.pk)["indicator"]["name"] == "Tên mới" and '"Tên mới"' in card(target.pk)
    # The target itself, and a figure judging it.
    response = client.patch(
        f"/api/v1/targets/{target.pk}/", {"source_note": "ghi chú"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert shown(client, target.pk)["source_note"] == "ghi chú"
    report = make_report(province=target.plan.province, reported_on=date(2024, 10, 11))
    figure = make_measurement(report=report, indicator=target.indicator, value=85)
    row = shown(client, target.pk)
    assert row["latest"]["id"] == figure.pk and row["status"] == "achieved"
    assert f'"id":{figure.pk}' in card(target.pk)
    # Deleted with its target.
    assert client.delete(f"/api/v1/targets/{target.pk}/").status_code == 204
    assert not TargetCard.objects.filter(pk=target.pk).exists()


def test_a_card_for_another_day_is_never_shown(client, target):
    TargetCard.objects.filter(pk=target.pk).update(body='{"id":0}')  # would show if served
    Target.objects.filter(pk=target.pk).update(known_basis="2020-01-01 0.95 0.60 90")
    assert shown(client, target.pk)["id"] == target.pk
    store_assessments(Target.objects.all())  # today's again: the card is rendered again too
    assert shown(client, target.pk)["plan"]["title"] == "Kế hoạch cũ"
