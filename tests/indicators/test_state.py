"""The maintained facts (Target.known_*) stay equal to what the measurements say, through every kind of write."""

import random
from datetime import date, timedelta

import pytest

from indicators.models import Measurement, Target
from indicators.state import KNOWN_FIELDS
from tests.factories import link, make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


def snapshot():
    return {t.pk: tuple(getattr(t, name) for name in KNOWN_FIELDS) for t in Target.objects.order_by("pk")}


def test_known_facts_follow_saves_moves_and_deletes():
    rng = random.Random(7)
    old_a, old_b = make_province(code="80", era="2008"), make_province(code="81", era="2008")
    new = make_province(code="80", era="2025")
    link(old_a, new)
    link(old_b, new)
    provinces = [old_a, old_b, new, None]
    indicators = [make_indicator(), make_indicator()]
    for province in provinces:
        plan = make_plan(province=province)
        for indicator in indicators:
            make_target(plan=plan, indicator=indicator, value=50)
    reports = [make_report(province=p) for p in provinces]

    for step in range(40):
        live = list(Measurement.objects.all())
        action = rng.random()
        if action < 0.55 or not live:
            make_measurement(
                report=rng.choice(reports), indicator=rng.choice(indicators), value=rng.randint(0, 100),
                as_of=date(2023, 1, 1) + timedelta(days=rng.randint(0, 900)),
            )  # fmt: skip
        elif action < 0.8:
            figure = rng.choice(live)
            figure.value = rng.randint(0, 100)
            figure.indicator = rng.choice(indicators)  # may move it to another series
            figure.report = rng.choice(reports)
            figure.save()
        else:
            rng.choice(live).delete()
        maintained = snapshot()
        Target.objects.refresh_known()
        assert snapshot() == maintained, f"step {step}: maintained facts drifted from the measurements"
    assert any(values[0] is not None for values in maintained.values())
