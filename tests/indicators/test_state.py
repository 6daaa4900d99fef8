"""The maintained fields (Target.known_*: the facts of the measurements and today's stored assessment) stay equal to
a full recompute through every kind of write the services make: figures saved, moved and deleted, targets and
milestones edited."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from indicators import services
from indicators.models import Measurement, Milestone, ProgressReport, Target
from indicators.state import KNOWN_FIELDS, refresh
from reporting import workflow
from tests.factories import link, make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


def snapshot():
    return {t.pk: tuple(getattr(t, name) for name in KNOWN_FIELDS) for t in Target.objects.order_by("pk")}


def corrected(reports, change):
    """An approved report is locked (docs/reporting.md): reopened to be corrected, then submitted and approved
    again, each step refreshing the facts of the targets its figures judge."""
    staff = get_user_model().objects.get_or_create(username="staff", defaults={"is_staff": True})[0]
    reopened = [r for r in ProgressReport.objects.filter(pk__in={r.pk for r in reports}, state="approved")]
    for report in reopened:
        workflow.reopen(report=report, user=staff, reason="sửa số liệu")
    change()
    for report in reopened:
        workflow.submit(report=report, user=staff)
        workflow.approve(report=report, user=staff)


def test_known_facts_follow_saves_moves_and_deletes():
    rng = random.Random(7)
    old_a, old_b = make_province(code="80", era="2008"), make_province(code="81", era="2008")
    # Valid from 2020 so that figures of any date in the walk may be filed under it (the facts are the subject here,
    # not the reform's lifetimes).
    new = make_province(code="80", era="2025", valid_from=date(2020, 1, 1))
    link(old_a, new)
    link(old_b, new)
    provinces = [old_a, old_b, new, None]
    indicators = [make_indicator(), make_indicator()]
    for province in provinces:
        plan = make_plan(province=province)
        for indicator, deadline in zip(indicators, (date(2025, 12, 31), date(2027, 6, 30)), strict=True):
            make_target(
                plan=plan,
                indicator=indicator,
                value=50,
                deadline=deadline,
                baseline_value=10,
                baseline_date=date(2022, 1, 1),
            )
    reports = [make_report(province=p, reported_on=date(2025, 6, 30)) for p in provinces]  # figures up to 2025-06

    statuses = set()
    for step in range(60):
        live = list(Measurement.objects.all())
        action = rng.random()
        if action < 0.2:
            # A report with several figures at once: the bulk path folds them into the facts without a search.
            figures = [
                {
                    "indicator": rng.choice(indicators),
                    "level": "overall",
                    "value": Decimal(rng.randint(0, 100)),
                    "qualifier": rng.choice(["exact", "above", "nearly", "below"]),
                    "is_estimate": rng.random() < 0.3,
                    "as_of": date(2023, 1, 1) + timedelta(days=rng.choice([0, 0, 300, 600, 900])),
                }
                for _ in range(rng.randint(1, 6))
            ]
            services.progress_report_create(
                province=rng.choice(provinces),
                title="r",
                reported_on=date(2025, 6, 30),  # its figures are dated up to 2025-06-19
                measurements=figures,
                state="approved",
            )
        elif action < 0.55 or not live:
            make_measurement(
                report=rng.choice(reports),
                indicator=rng.choice(indicators),
                value=rng.randint(0, 100),
                as_of=date(2023, 1, 1) + timedelta(days=rng.randint(0, 900)),
            )
        elif action < 0.65:
            target = rng.choice(list(Target.objects.all()))
            services.target_update(target=target, data={"value": Decimal(rng.randint(40, 90))})
        elif action < 0.8:
            target = rng.choice(list(Target.objects.filter(deadline__year=2027)))
            on = date(2025, 6, 1) + timedelta(days=rng.randint(0, 700))
            points = {m.on: m.value for m in target.milestones.all()} | {on: Decimal(rng.randint(0, 100))}
            services.target_update(
                target=target, data={"milestones": [{"on": d, "value": v} for d, v in points.items()]}
            )
        elif action < 0.85 and Milestone.objects.exists():
            target = rng.choice(list(Milestone.objects.all())).target
            kept = [{"on": m.on, "value": m.value} for m in target.milestones.all()][1:]
            services.target_update(target=target, data={"milestones": kept})
        elif action < 0.93:
            figure = rng.choice(live)
            # May move it to another series and another report.
            to = rng.choice(reports)
            data = {"value": Decimal(rng.randint(0, 100)), "indicator": rng.choice(indicators), "report": to}
            corrected(
                [figure.report, to],
                lambda pk=figure.pk, data=data: services.measurement_update(
                    measurement=Measurement.objects.get(pk=pk),
                    data={**data, "report": ProgressReport.objects.get(pk=data["report"].pk)},
                ),
            )
        else:
            figure = rng.choice(live)
            corrected(
                [figure.report],
                lambda pk=figure.pk: services.measurement_delete(measurement=Measurement.objects.get(pk=pk)),
            )
        maintained = snapshot()
        refresh(Target.objects.all())
        assert snapshot() == maintained, f"step {step}: maintained fields drifted from a full recompute"
        statuses.update(values[KNOWN_FIELDS.index("known_status")] for values in maintained.values())
    assert any(values[0] is not None for values in maintained.values())
    assert len(statuses) >= 4, statuses  # more than achieved/missed: the pace rules and milestones took part
