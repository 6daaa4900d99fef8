"""The ranking reads a merged unit's predecessors' figures only from the date that decides what it can claim
(`merged.windows`), not every figure they have: the claim must be the one `assessment.claim` makes from every
figure, whatever the figures.

New Quảng Ngãi (2025-51) = Kon Tum (2008-62) + old Quảng Ngãi (2008-51) (fixtures/provinces.json). No target of
the ranked indicator exists, so no stored combination answers and the figures are read."""

import random
from datetime import date
from decimal import Decimal

import pytest

from indicators.models import CombinedSeries, Measurement
from indicators.rules import assessment
from indicators.rules.figures import Qualifier
from provinces.models import Province
from tests.api.test_reform_combined import provinces  # noqa: F401  (a fixture)
from tests.factories import make_indicator, make_measurement, make_report

pytestmark = pytest.mark.django_db
UNIT, PARTS = "2025-51", ("2008-51", "2008-62")
DAYS = [date(2024, 3, 31), date(2024, 6, 30), date(2024, 12, 31), date(2025, 3, 31), date(2025, 6, 30)]


def figure(indicator, key: str, on: date, value: str, numerator=None, denominator=None) -> None:
    report = make_report(province=Province.objects.get(key=key), reported_on=on)
    make_measurement(report=report, indicator=indicator, value=value, as_of=on, level="provincial",
                     numerator=numerator, denominator=denominator)  # fmt: skip


def ranked(client, indicator, as_of: date) -> dict:
    response = client.get(
        f"/api/v1/indicators/{indicator.pk}/ranking/", {"as_of": as_of, "level": "provincial", "era": "2025"}
    )
    assert response.status_code == 200, response.content
    return next(e for e in response.json()["results"] if e["province"]["key"] == UNIT)


def claimed(indicator, as_of: date) -> assessment.Claim:
    """What the rules claim for the merged unit from every figure of it and its predecessors."""
    units = {p.key: assessment.AdminUnit(p.key, p.name) for p in Province.objects.filter(key__in=(UNIT, *PARTS))}
    lineage = assessment.Lineage(units[UNIT], predecessors=tuple(units[k] for k in sorted(PARTS)))
    rows = Measurement.objects.filter(indicator=indicator, level="provincial", as_of__lte=as_of)
    figures = [
        assessment.UnitFigure(
            units[m.province.key],
            assessment.Reading(on=m.as_of, value=m.value, qualifier=Qualifier(m.qualifier), seq=m.pk, ref=m.pk),
            m.numerator,
            m.denominator,
        )
        for m in rows.select_related("province")
    ]
    return assessment.claim(lineage, indicator.unit, figures)


def same(entry: dict, claim: assessment.Claim) -> None:
    if claim.figure is None:
        assert entry["latest"] is None
        why_not = None if claim.why_not is None else str(claim.why_not)
        assert (entry["no_figure"] or {}).get("why_not") == why_not
        return
    latest = entry["latest"]
    assert (latest["as_of"], latest["basis"]) == (claim.figure.reading.on.isoformat(), str(claim.basis))
    assert Decimal(latest["value"]) == claim.figure.reading.value


@pytest.mark.parametrize("unit", ["percent", "count", "rank"])
@pytest.mark.parametrize("seed", range(6))
def test_the_claim_from_the_deciding_date_is_the_claim_from_every_figure(client, unit, seed):
    rng = random.Random(f"{unit}{seed}")
    indicator = make_indicator(unit=unit)
    for _ in range(rng.randint(3, 12)):
        # Mostly the predecessors, before and after one another; sometimes the merged unit itself; corrections of
        # a date (a second entry) and shares without their counts included.
        key = rng.choice([*PARTS, *PARTS, UNIT])
        on = rng.choice(DAYS)
        if unit == "percent" and rng.random() < 0.75:
            denominator = rng.randint(1, 500)
            numerator = rng.randint(0, denominator)
            figure(indicator, key, on, str(round(Decimal(numerator * 100) / denominator, 2)), numerator, denominator)
        else:
            figure(indicator, key, on, str(rng.randint(1, 60)))
    assert not CombinedSeries.objects.exists()
    for as_of in [*DAYS, date(2025, 12, 31)]:
        same(ranked(client, indicator, as_of), claimed(indicator, as_of))


def test_a_complete_date_that_does_not_combine_after_all_reads_every_figure(client, django_assert_num_queries):
    """Both predecessors' shares of 2025-06-30 have their counts, but old Quảng Ngãi corrected its figure that day
    without them: the correction stands and that date gives nothing, so the claim is 2025-03-31's combination,
    found by reading every figure (one query more)."""
    indicator = make_indicator(unit="percent")
    figure(indicator, "2008-62", date(2025, 3, 31), "25", 100, 400)
    figure(indicator, "2008-51", date(2025, 3, 31), "75", 1200, 1600)
    figure(indicator, "2008-62", date(2025, 6, 30), "30", 120, 400)
    figure(indicator, "2008-51", date(2025, 6, 30), "80", 1280, 1600)
    figure(indicator, "2008-51", date(2025, 6, 30), "81")  # the correction, without its counts
    with django_assert_num_queries(7):
        entry = ranked(client, indicator, date(2025, 12, 31))
    assert (entry["latest"]["as_of"], entry["latest"]["value"]) == ("2025-03-31", "65.0000")
    same(entry, claimed(indicator, date(2025, 12, 31)))


def test_only_the_deciding_date_is_read_when_it_combines(client, django_assert_num_queries):
    indicator = make_indicator(unit="count")
    for on in DAYS:
        figure(indicator, "2008-62", on, "10")
        figure(indicator, "2008-51", on, "20")
    figure(indicator, "2008-51", date(2025, 9, 30), "5")  # alone: why the newest date gives nothing is not asked

    with django_assert_num_queries(6) as queries:
        entry = ranked(client, indicator, date(2025, 12, 31))
    read = queries.captured_queries[-1]["sql"]
    assert "\"as_of\" >= '2025-06-30'" in read or "\"as_of\" >= '2025-06-30'::date" in read, read
    assert (entry["latest"]["as_of"], entry["latest"]["value"], entry["latest"]["basis"]) == (
        "2025-06-30",
        "30.0000",
        "combined",
    )
