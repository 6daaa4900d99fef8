"""The response examples of openapi.yaml are what the API answers on the demo data (dtrack/api/examples.py).

Each example below is fetched again from the seeded database and compared whole, so a change of the fixtures or of
a serializer that makes an example untrue fails here; update the example from the answer this test prints. Long
lists are cut as the examples cut them. The examples of the reporting cycle (webhook subscription and delivery,
evidence, reminder, history entry) and the problem answers come from writes with their own ids and times, and are
checked against their schema only (tests/test_openapi_examples.py).
"""

import pytest

from dtrack.api.examples import RESPONSES

AS_OF = "as_of=2026-12-01"
SERVER = "http://127.0.0.1:8000"  # the server of openapi.yaml, where the API root's links point

# component: (URL, how to pick the example from the answer)
SOURCES = {
    "ApiRoot": ("/api/v1/", None),
    "Indicator": ("/api/v1/indicators/2/", None),
    "Province": ("/api/v1/provinces/2025-51/", None),
    "ProvinceDetail": ("/api/v1/provinces/2008-51/", None),
    "Measurement": ("/api/v1/measurements/101/", None),
    "Plan": ("/api/v1/plans/2/", None),
    "Target": (f"/api/v1/targets/?plan=3&{AS_OF}", lambda page: next(t for t in page["results"] if t["id"] == 302)),
    "TargetDetail": (f"/api/v1/targets/302/?{AS_OF}", None),
    "TargetSeries": (f"/api/v1/targets/302/series/?{AS_OF}", None),
    "PlanScorecard": (f"/api/v1/plans/3/scorecard/?{AS_OF}", lambda card: {**card, "targets": card["targets"][:2]}),
    "ProvinceScorecard": (
        f"/api/v1/provinces/2008-51/scorecard/?{AS_OF}&plan_status=draft&plan_status=in_force",
        lambda card: {**card, "plans": [{**plan, "targets": plan["targets"][:2]} for plan in card["plans"]]},
    ),
    "Ranking": (
        f"/api/v1/indicators/1/ranking/?{AS_OF}&era=2008&level=provincial",
        lambda ranking: {**ranking, "results": ranking["results"][:2]},
    ),
    "ProgressReport": (
        "/api/v1/progress-reports/1/",
        lambda report: {**report, "measurements": report["measurements"][:2]},
    ),
    "Obligation": (f"/api/v1/obligations/?province=2008-51&period=2&{AS_OF}", lambda page: page["results"][0]),
    "Period": ("/api/v1/reporting-periods/2/", None),
    "Regime": ("/api/v1/reporting-regimes/2/", None),
    "RatesReport": (f"/api/v1/reporting-rates/?province=2008-51&{AS_OF}", None),
}
FROM_WRITES = {"Delivery", "Evidence", "HistoryEntry", "Reminder", "Subscription"}


def test_every_response_example_is_sourced_here_or_from_writes():
    assert set(RESPONSES) == set(SOURCES) | FROM_WRITES


@pytest.mark.parametrize("component", sorted(SOURCES))
def test_the_example_is_the_answer_on_the_demo_data(seeded, client, component):
    url, pick = SOURCES[component]
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    answer = response.json()
    if component == "ApiRoot":
        answer = {
            group: {k: v.replace("http://testserver", SERVER) for k, v in links.items()}
            for group, links in answer.items()
        }
    answer = pick(answer) if pick else answer
    assert RESPONSES[component] == answer
