"""Cards made stale by a request's writes are deleted in its transaction and rendered after its response
(indicators/cards.py, indicators/middleware.py): in between the list reads those targets the old way, after it
their cards are what the targets are now. Writes outside a request keep writing them in their transaction."""

import threading
from datetime import date

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from indicators import cards, services
from indicators.conf import thresholds
from indicators.middleware import CardsAfterResponse
from indicators.models import Target, TargetCard
from indicators.state import store_assessments
from tests.factories import make_indicator, make_plan, make_province, make_target

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 10, 1)


@pytest.fixture
def world():
    province = make_province(code="44", era="2025")
    plan = make_plan(province=province)
    indicators = [make_indicator(code=f"I{n}") for n in range(3)]
    targets = [make_target(plan=plan, indicator=i, value="90", deadline=date(2026, 12, 31)) for i in indicators]
    store_assessments(Target.objects.all())
    return {"province": province, "indicators": indicators, "targets": targets}


def report(world, value="40"):
    return {
        "province": world["province"].key,
        "title": "Báo cáo",
        "reported_on": AS_OF.isoformat(),
        "state": "approved",
        "measurements": [{"indicator": i.pk, "value": value} for i in world["indicators"][:2]],
    }


def bodies() -> dict[int, str]:
    return dict(TargetCard.objects.values_list("target_id", "body"))


def fresh(pks) -> dict[int, str]:
    """The cards of `pks` rendered from the targets as they are now."""
    return {pk: body for batch in cards.rendered("default", pks, date.today(), thresholds()) for pk, body, _ in batch}


def close(response):
    """What the server does once the body is sent, as Django's test client does it: the connection is kept."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_a_request_deletes_the_cards_it_makes_stale_and_renders_them_after_its_response(world):
    judged = [t.pk for t in world["targets"][:2]]
    untouched = world["targets"][2].pk
    before = bodies()

    def view(request):
        services.progress_report_create(
            province=world["province"], title="r", reported_on=AS_OF, state="approved",
            measurements=[{"indicator": i, "value": 40} for i in world["indicators"][:2]],
        )  # fmt: skip
        return HttpResponse("ok")

    response = CardsAfterResponse(view)(RequestFactory().post("/"))
    assert set(bodies()) == {untouched}  # the judged targets' cards are gone, the others kept
    close(response)
    after = bodies()
    assert {pk: after[pk] for pk in judged} == fresh(judged) != {pk: before[pk] for pk in judged}
    assert b'"latest":{' in after[judged[0]].encode() and after[untouched] == before[untouched]


def test_through_the_api_the_list_shows_the_new_figures_from_the_cards(client, world, anon_client):
    assert client.post("/api/v1/progress-reports/", report(world), content_type="application/json").status_code == 201
    judged = [t.pk for t in world["targets"][:2]]
    assert {pk: bodies()[pk] for pk in judged} == fresh(judged)
    from_cards = anon_client.get("/api/v1/targets/").content
    TargetCard.objects.all().delete()
    assert anon_client.get("/api/v1/targets/").content == from_cards


def test_outside_a_request_the_cards_are_written_in_the_transaction(world):
    services.progress_report_create(
        province=world["province"], title="r", reported_on=AS_OF, state="approved",
        measurements=[{"indicator": world["indicators"][0], "value": 40}],
    )  # fmt: skip
    pk = world["targets"][0].pk
    assert bodies()[pk] == fresh([pk])[pk]


def test_a_response_that_wrote_nothing_renders_nothing(world, django_assert_num_queries):
    response = CardsAfterResponse(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    with django_assert_num_queries(0):
        close(response)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_target_a_write_holds_is_skipped_not_waited_for(world):
    """Rendering after the response never waits for a write (no lock cycle with it): the target that write holds
    keeps no card until its own write renders it; the others are rendered."""
    held, free = world["targets"][0].pk, world["targets"][1].pk
    TargetCard.objects.filter(target_id__in=[held, free]).delete()
    locked, release = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                list(Target.objects.select_for_update().filter(pk=held))
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert locked.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # waiting would raise, and the test would see no card
        cards.render_after([held, free])
        assert set(bodies()) >= {free} and held not in bodies()
    finally:
        release.set()
        thread.join()
