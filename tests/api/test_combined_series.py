"""Stored combinations of a merged unit's predecessors' figures (indicators/merged.py, `CombinedSeries`): the writes
store what the rules combine, judging reads them, and no write leaves one the figures would no longer give.

New Quảng Ngãi (2025-51) = Kon Tum (2008-62) + old Quảng Ngãi (2008-51) (fixtures/provinces.json)."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from indicators import merged
from indicators.lineage import Figures
from indicators.models import CombinedSeries, Measurement, ProgressReport, Target
from indicators.rules import assessment
from indicators.services import progress_report_delete
from indicators.state import refresh
from reporting.workflow import reopen
from tests.api.test_reform_combined import detail, merged_target, provinces, reported  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def from_figures(row: CombinedSeries) -> merged.Stored:
    """What the predecessors' approved figures of the row's series combine into, read afresh."""
    key = (row.successor_id, row.indicator_id, row.level, row.unit)
    lineages = merged._lineages([merged.Series(0, *key)], "default")
    parts = merged._reported([key], lineages, None, "default", Figures.APPROVED)[key]
    return merged.Stored.of(lineages[key[0]], key[3], parts)


def assert_fresh() -> int:
    rows = list(CombinedSeries.objects.all())
    for row in rows:
        assert merged.Stored.loads(row.combined) == from_figures(row)
    return len(rows)


def test_writes_store_the_combination_and_no_write_leaves_a_stale_one(client, admin_user):
    indicator, target = merged_target(value="60")
    refresh(Target.objects.filter(pk=target.pk))
    # Nothing reported yet: stored as such (no reading, no date without one), and it answers for any day.
    assert assert_fresh() == 1
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    assert assert_fresh() == 1
    stored = merged.Stored.loads(CombinedSeries.objects.get().combined)
    assert [(r.on, r.value) for r in stored.readings] == [(date(2025, 3, 31), 65)]
    assert detail(client, target)["latest"]["value"] == "65.0000"
    # One predecessor's later figure alone: no new reading, and no reason stored for that date either: from the
    # first combined reading on, the readings answer.
    late = reported(client, "2008-51", "2025-06-30", indicator, "1.500/1.600")
    assert assert_fresh() == 1
    assert merged.Stored.loads(CombinedSeries.objects.get().combined).unmatched == ()
    # Its report reopened (its figures stop counting), then another report deleted: stored again each time from
    # what counts.
    reopen(report=ProgressReport.objects.get(pk=late["report"]), user=admin_user, reason="Sai số liệu")
    assert assert_fresh() == 1
    progress_report_delete(report=ProgressReport.objects.filter(province__key="2008-62").get())
    assert assert_fresh() == 1
    assert merged.Stored.loads(CombinedSeries.objects.get().combined).readings == ()
    assert detail(client, target)["explanation"]["no_figure"]["why_not"] == "not_all_reported"


def test_judging_reads_the_stored_combination_while_it_answers(client):
    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    row = CombinedSeries.objects.get()
    # A stored reading that said otherwise would show: judging reads it instead of the figures...
    data = json.loads(row.combined)
    data["readings"][0][1] = "70"
    row.combined = json.dumps(data)
    row.save()
    assert detail(client, target)["latest"]["value"] == "70.0000"
    # ...also for a day before its first reading (none of the figures is dated by 2025-01-31: nothing to say)...
    early = detail(client, target, as_of="2025-01-31")
    assert early["latest"] is None and early["explanation"]["no_figure"] is None
    # ...and why a date gave no figure: a stored reason that said otherwise would show too.
    data = {"readings": [], "unmatched": [["2025-03-31", "does_not_combine", []]]}
    CombinedSeries.objects.update(combined=json.dumps(data))
    assert detail(client, target)["explanation"]["no_figure"]["why_not"] == "does_not_combine"
    refresh(Target.objects.filter(pk=target.pk))
    # Submitted figures counted too: never the stored combination of approved ones.
    response = client.get(f"/api/v1/targets/{target.pk}/", {"figures": "submitted", "as_of": "2025-12-31"})
    assert response.json()["latest"]["value"] == "65.0000"
    # Deleted, it is combined from the figures again, and stored again by the next write that judges the target.
    CombinedSeries.objects.all().delete()
    assert detail(client, target)["latest"]["value"] == "65.0000"
    assert not CombinedSeries.objects.exists()
    refresh(Target.objects.filter(pk=target.pk))
    assert assert_fresh() == 1


def test_a_stored_combination_answers_as_combining_the_figures_would():
    a, b = assessment.AdminUnit("2008-51", "A"), assessment.AdminUnit("2008-62", "B")
    lineage = assessment.Lineage(assessment.AdminUnit("2025-51", "AB"), predecessors=(a, b))

    def figure(unit, on, value, seq):
        return assessment.UnitFigure(unit, assessment.Reading(on=on, value=value, seq=seq), None, None)

    days = [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)]
    parts = [figure(a, days[0], 1, 1), figure(b, days[1], 2, 2), figure(a, days[1], 3, 3), figure(a, days[2], 4, 4),
             figure(b, days[2], 5, 5), figure(b, days[2], 6, 6), figure(a, days[3], 7, 7)]  # fmt: skip
    # Counts combine on the dates both reported; ranks never do, and each date says why (one missing, or ranks).
    for unit in ("count", "rank"):
        stored = merged.Stored.of(lineage, unit, parts)
        assert merged.Stored.loads(stored.dumps()) == stored
        for on in [date(2024, 12, 31), *days, date(2025, 12, 31)]:
            expected = assessment.combination(lineage, unit, [p for p in parts if p.reading.on <= on])
            assert stored.answer(on, lineage) == expected
    # Stored: the first date of each run of the same reason (days[1] and days[2] both "ranks do not combine").
    assert [(u.on, u.why_not) for u in merged.Stored.of(lineage, "rank", parts).unmatched] == [
        (days[0], assessment.NoCombination.MISSING), (days[1], assessment.NoCombination.DOES_NOT_COMBINE),
        (days[3], assessment.NoCombination.MISSING),
    ]  # fmt: skip


def test_check_finds_a_stale_combination_and_writes_nothing(client):
    from tests.integrity.test_write_path import check

    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    assert check()[0] == 0
    Measurement.objects.filter(province__key="2008-62").update(numerator=300)  # raw SQL: no service saw it
    code, out = check()
    assert code == 1
    assert "combined series" in out and '"65.00"' in out and '"75.00"' in out  # (1200+300)/(1600+400)
    assert '"65.00"' in CombinedSeries.objects.get().combined  # nothing written
    call_command("refresh_assessments", stdout=StringIO())
    assert check()[0] == 0 and '"75.00"' in CombinedSeries.objects.get().combined


def test_the_ranking_claims_the_stored_combination_as_it_would_the_figures(client, django_assert_num_queries):
    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    reported(client, "2008-51", "2025-06-30", indicator, "1.500/1.600")  # alone: no combined figure that day
    url = f"/api/v1/indicators/{indicator.pk}/ranking/"

    def entry():
        response = client.get(url, {"as_of": "2025-12-31", "era": "2025"})
        assert response.status_code == 200, response.content
        return next(e for e in response.json()["results"] if e["province"]["key"] == "2025-51")

    # The indicator, the successions, the units with their latest figure's id (none has one here), the stored
    # combinations, and for the other merged units of the fixture (none stored for them) the date from which
    # their predecessors' figures decide: none reported, so no figure is read.
    with django_assert_num_queries(5):
        stored = entry()
    assert (stored["latest"]["value"], stored["latest"]["basis"], stored["rank"]) == ("65.0000", "combined", 1)
    row = CombinedSeries.objects.get()
    data = json.loads(row.combined)
    data["readings"][0][1] = "70"
    CombinedSeries.objects.filter(pk=row.pk).update(combined=json.dumps(data))
    assert entry()["latest"]["value"] == "70.0000"  # read indeed
    CombinedSeries.objects.all().delete()
    with django_assert_num_queries(6):  # none stored: its predecessors' figures from that date, combined here
        assert entry() == stored


def test_a_row_of_another_shape_is_as_if_missing(client):
    """During a deploy a worker of the former version may write a row without the reasons by date: read as missing
    (the figures are combined), never a 500."""
    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    former = {"readings": [["2025-03-31", "70", "exact", False, 1]], "why_not": None, "missing": [], "newest": None}
    CombinedSeries.objects.update(combined=json.dumps(former))
    assert detail(client, target)["latest"]["value"] == "65.0000"
