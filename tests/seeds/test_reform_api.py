"""The 2025 reform on the seeded rows, through the API and the admin: what a user of the seed sees.

1982/QĐ-UBND (old Quảng Trị, 2008-45) has no targets in the articles: every place that shows the plan says so.
The Quảng Ngãi draft resolution of 2021 is a draft: left out of new Quảng Ngãi's scorecard unless asked for."""

import pytest

from indicators.models import Plan

pytestmark = pytest.mark.usefixtures("seeded")


def get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def plan_1982():
    return Plan.objects.get(number="1982/QĐ-UBND")


def test_1982_says_it_has_no_targets_wherever_the_plan_is_shown(client, plan_1982):
    note = plan_1982.targets_note
    assert note.startswith("Chưa có chỉ tiêu")
    assert get(client, f"/api/v1/plans/{plan_1982.pk}/")["targets_note"] == note
    listed = {p["id"]: p for p in get(client, "/api/v1/plans/", {"province": "2008-45"})["results"]}
    assert listed[plan_1982.pk]["targets_note"] == note
    scorecard = get(client, f"/api/v1/plans/{plan_1982.pk}/scorecard/", {"as_of": "2025-12-31"})
    assert (scorecard["total"], scorecard["targets"], scorecard["targets_note"]) == (0, [], note)
    # New Quảng Trị's scorecard lists its predecessors' plans: the empty group says why it is empty.
    province = get(client, "/api/v1/provinces/2025-44/scorecard/", {"as_of": "2025-12-31"})
    [group] = [g for g in province["plans"] if g["plan"]["id"] == plan_1982.pk]
    assert (group["total"], group["targets_note"]) == (0, note)


def test_1982_says_it_has_no_targets_in_the_admin(admin_client, plan_1982):
    page = admin_client.get(f"/admin/indicators/plan/{plan_1982.pk}/change/").content.decode()
    assert "Chưa có chỉ tiêu" in page


def test_the_seeded_draft_is_left_out_of_new_quang_ngais_scorecard_unless_asked_for(client):
    draft = Plan.objects.get(province__key="2008-51", status="draft")
    default = get(client, "/api/v1/provinces/2025-51/scorecard/", {"as_of": "2025-12-31"})
    assert draft.pk not in [g["plan"]["id"] for g in default["plans"]]
    assert default["plan_statuses"] == ["in_force"]
    asked = get(client, "/api/v1/provinces/2025-51/scorecard/", {"as_of": "2025-12-31", "plan_status": "draft"})
    [group] = [g for g in asked["plans"] if g["plan"]["id"] == draft.pk]
    assert (group["plan"]["status"], group["total"]) == ("draft", draft.targets.count())
    assert draft.targets.count() == 20


def test_the_seeded_district_targets_due_in_2025_are_flagged(client):
    from indicators.models import Target

    district = Target.objects.filter(plan__status="draft", level="district", deadline__gte="2025-07-01")
    assert district.exists()
    judged = []
    for target in district:
        body = get(client, f"/api/v1/targets/{target.pk}/", {"as_of": "2025-12-31"})
        assert body["explanation"]["level_abolished"] is True, target.pk
        if body["latest"] is not None:
            judged.append((body["latest"]["as_of"], body["explanation"]["basis"]))
    # Its figures from before the reform still judge it: old Quảng Ngãi's "gần 88%" of 2024-10-11.
    assert ("2024-10-11", "own") in judged
