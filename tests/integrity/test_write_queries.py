"""Write paths run a constant number of queries (issue 18): as many for 6 milestones as for 1, for 20 figures of a
report as for 1. The numbers are exact on purpose, so that a change shows up in review; they count the savepoints
of the nested transactions and the locks of the documented lock order (docs/integrity.md):

- a target update: the duplicate check, the update, its history row, the old milestones deleted and the new ones
  inserted with their history (one INSERT each), then the refresh of its facts and stored assessment, then its
  indicator's cascade flags (indicators/cascade.py: the indicator locked, its targets read);
- a figure: its report locked and re-read, the targets it judges locked, the insert and its history row, the fold;
- a report with its figures: the report and its history, the targets locked, one INSERT of the figures and one of
  their history rows, the fold;
- deleting a report: its row locked, its figures' series, the targets locked, the update of its figures, the
  refresh;
- each of them then writes the ready rows of the targets it judged again (indicators/cards.py): the targets with
  plan, province and indicator, one INSERT … ON CONFLICT (two queries, whatever the count: their milestones were
  read for judging them, in the same transaction; for new figures only the INSERT: the targets the fold read
  carry what the cards show);
- and deletes the period-end snapshots of the targets it judged (indicators/snapshots.py): one DELETE (a report's
  new figures: only the snapshots on or after their earliest date);
- and, on the paths that refresh their targets (a target update, a report deletion), deletes the stored
  combinations of their merged units' predecessors' figures (indicators/merged.py): one DELETE (for a merged unit's
  target, the judging then reads them, or combines and stores them again: three queries);
- and, when a target's stored status changes, the outbox looks up the webhook subscriptions once (webhooks/outbox.py;
  with none, nothing more); a report entered approved once more for its own event, report.approved."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from indicators import services
from tests.factories import make_indicator, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = make_province(code="44", era="2008")  # its figures are of 2024: a unit of that time
    indicator = make_indicator(unit="percent")
    plan = make_plan(province=province)
    targets = [
        make_target(plan=plan, indicator=indicator, value="90", deadline=date(2025 + i, 12, 31)) for i in range(3)
    ]
    return {"province": province, "indicator": indicator, "plan": plan, "targets": targets}


@pytest.mark.parametrize("count", [1, 6])
def test_target_update_with_milestones(world, django_assert_num_queries, count):
    target = world["targets"][0]
    points = [{"on": date(2024, 1, 1) + timedelta(days=30 * i), "value": Decimal(10 + i)} for i in range(count)]
    with django_assert_num_queries(TARGET_UPDATE):
        services.target_update(target=target, data={"value": Decimal(80), "milestones": points})


def test_measurement_create(world, django_assert_num_queries):
    report = make_report(province=world["province"], state="draft")  # figures are added to a draft
    with django_assert_num_queries(MEASUREMENT_CREATE):
        services.measurement_create(report=report, indicator=world["indicator"], value=Decimal(50))


@pytest.mark.parametrize("count", [1, 20])
def test_report_with_figures(world, django_assert_num_queries, count):
    figures = [{"indicator": world["indicator"], "value": Decimal(i), "as_of": date(2024, 1, 1)} for i in range(count)]
    with django_assert_num_queries(REPORT_CREATE):
        services.progress_report_create(
            province=world["province"], title="r", reported_on=date(2024, 1, 2), measurements=figures, state="approved"
        )


@pytest.mark.parametrize("count", [1, 20])
def test_report_delete(world, django_assert_num_queries, count):
    figures = [{"indicator": world["indicator"], "value": Decimal(i), "as_of": date(2024, 1, 1)} for i in range(count)]
    report = services.progress_report_create(
        province=world["province"], title="r", reported_on=date(2024, 1, 2), measurements=figures, state="approved"
    )
    with django_assert_num_queries(REPORT_DELETE):
        services.progress_report_delete(report=report)


TARGET_UPDATE = (
    15 + 2 + 1 + 1 + 2 + 1
)  # + the cascade's flags (the indicator locked, its targets read), + merged.forget
MEASUREMENT_CREATE = 6  # into a draft: its figures judge nothing until approved (docs/reporting.md)
REPORT_CREATE = 14 + 2 + 1 + 1 + 1 - 1  # - the cards' read of the targets (state.add_figures)
REPORT_DELETE = 16 + 2 + 1 + 1 + 1
