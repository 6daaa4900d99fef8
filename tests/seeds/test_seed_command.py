"""`manage.py seed`: loads provinces then the demo fixtures, creates no users, and a second run changes nothing."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.db import IntegrityError

from indicators import services
from indicators.management.commands import seed
from indicators.models import Indicator, Measurement, Plan, ProgressReport, Target
from provinces.models import Province, Succession
from reporting.models import ReportingRegime

# Counted by hand from the fixtures (docs/data.md lists every row's origin).
EXPECTED_COUNTS = {
    Province: 97,
    Succession: 63,
    Indicator: 58,
    Plan: 4,  # 749/QĐ-TTg, 1982/QĐ-UBND (Quảng Trị), the Quảng Ngãi draft resolution of 2021, 09-NQ/TU (Quảng Ninh)
    Target: 36,  # 15 of 749/QĐ-TTg, 20 of the Quảng Ngãi draft, 1 of 09-NQ/TU, none of 1982/QĐ-UBND
    ProgressReport: 4,  # seeds 000 (Quảng Ngãi 2024), 001 (Quảng Trị 2023), 004 (Quảng Ninh 2022), 003 (undated)
    Measurement: 30,  # 11 + 4 + 11 + 4
}


def data_models():
    """Every model of the two apps the fixtures fill, history tables included."""
    return [m for label in ("provinces", "indicators", "reporting") for m in apps.get_app_config(label).get_models()]


def snapshot():
    """Counts and every row's values, per model, in a comparable form."""
    return {
        m._meta.label: json.loads(serializers.serialize("json", m._base_manager.order_by("pk"))) for m in data_models()
    }


@pytest.mark.django_db
def test_seed_loads_the_expected_rows():
    out = StringIO()
    call_command("seed", stdout=out)
    assert {model: model.objects.count() for model in EXPECTED_COUNTS} == EXPECTED_COUNTS
    assert "provinces.json, indicators.json, plans.json, regimes.json, reports.json" in out.getvalue()
    # The reports are published documents: approved, each attached to the period it covers (the rule of
    # services.window_errors: its data period inside the window, dated on or after the window's start).
    periods = {
        r.pk: (r.state, r.period.regime.frequency, r.period.label)
        for r in ProgressReport.objects.filter(period__isnull=False)
    }
    # The articles' own periods ("9 tháng đầu năm 2024", "từ đầu năm đến giữa tháng 7/2022") lie inside calendar
    # years; the undated article has no period, so no reporting period either (the period is optional).
    assert periods == {
        1: ("approved", "yearly", "Năm 2024"),
        2: ("approved", "yearly", "Năm 2022"),
        3: ("approved", "yearly", "Năm 2022"),
    }
    assert ProgressReport.objects.get(pk=4).state == "approved"
    for report in ProgressReport.objects.select_related("period").filter(period__isnull=False):
        period = report.period
        assert period.window_start <= report.period_start <= report.period_end <= period.window_end
        assert report.reported_on >= period.window_start
    assert set(Measurement.objects.values_list("standing", flat=True)) == {2}, "their figures count"
    regimes = {r.frequency: r for r in ReportingRegime.objects.all()}
    assert set(regimes) == {"yearly", "quarterly"}
    quarter = regimes["quarterly"].periods.get(year=2025, number=3)
    assert (quarter.window_start, quarter.window_end) == (date(2025, 6, 15), date(2025, 9, 14))
    # Every unit in force at the window's end owes a report: the 34 units of the 2025 division.
    assert quarter.obligations.count() == 34


@pytest.mark.django_db
def test_seed_twice_leaves_the_same_rows():
    call_command("seed", verbosity=0)
    first = snapshot()
    call_command("seed", verbosity=0)
    second = snapshot()
    assert {label: len(rows) for label, rows in second.items()} == {label: len(rows) for label, rows in first.items()}
    assert second == first
    # loaddata saves raw rows: no history entries are written for fixture rows, on either run.
    assert all(not rows for label, rows in second.items() if ".Historical" in label)


@pytest.mark.django_db
def test_seed_leaves_the_maintained_assessment_facts_current():
    """Raw fixture rows bypass the services that keep Target.known_* current; seed recomputes them once at the end."""
    call_command("seed", verbosity=0)

    def known():
        return {t.pk: {f.name: getattr(t, f.name) for f in known_fields()} for t in Target.objects.order_by("pk")}

    after_seed = known()
    Target.objects.refresh_known()
    assert known() == after_seed
    # Quảng Ngãi's provincial work-files target (draft resolution, seed 002) knows "trên 99%" of 11/10/2024.
    assert after_seed[302]["known_latest_id"] == 101
    assert after_seed[302]["known_latest_as_of"] == date(2024, 10, 11)
    assert after_seed[302]["known_met_on_time"] is True
    # The national target at the same level has no national figure.
    assert after_seed[102]["known_latest_id"] is None


def known_fields():
    return [f for f in Target._meta.concrete_fields if f.name.startswith("known_")]


@pytest.mark.django_db
def test_seed_creates_no_users():
    call_command("seed", verbosity=0)
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_seed_keeps_an_edited_fixture_row_with_its_history_and_other_rows():
    """Issue 18, defect 7: `make run` (seed) never overwrites what a person changed."""
    call_command("seed", verbosity=0)
    target = Target.objects.get(pk=302)
    services.target_update(target=target, data={"value": Decimal(95), "source_note": "sửa tay"})
    history = list(target.history.values_list("history_id", "value", "source_note"))
    extra = ProgressReport.objects.create(title="Nhập tay", reported_on="2025-01-01", province_id=200851)
    Measurement.objects.filter(pk=Measurement.objects.order_by("pk").values("pk")[:1]).delete()
    call_command("seed", verbosity=0)
    target = Target.objects.get(pk=302)
    assert (target.value, target.source_note) == (Decimal(95), "sửa tay")
    assert list(target.history.values_list("history_id", "value", "source_note")) == history
    assert history[0][1:] == (Decimal(95), "sửa tay")
    assert ProgressReport.objects.filter(pk=extra.pk).exists()
    assert Measurement.objects.count() == EXPECTED_COUNTS[Measurement]  # the deleted seeded figure: loaded again


@pytest.mark.django_db
def test_seed_is_all_or_nothing(tmp_path, monkeypatch):
    broken = tmp_path / "broken.json"
    # A rank where higher is better breaks the constraint indicator_rank_lower_is_better.
    row = {"code": "x", "name": "x", "unit": "rank", "direction": "higher", "pillar": "chinh_quyen_so"}
    broken.write_text(json.dumps([{"model": "indicators.indicator", "pk": 999, "fields": row}]), encoding="utf-8")
    real = seed.fixture_paths()
    monkeypatch.setattr(seed, "fixture_paths", lambda: [*real[:2], broken])
    with pytest.raises(IntegrityError):
        call_command("seed", verbosity=0)
    assert Province.objects.count() == 0
    assert Indicator.objects.count() == 0


@pytest.mark.django_db
def test_seed_names_a_missing_fixture_file(tmp_path, monkeypatch):
    monkeypatch.setattr(seed, "fixture_paths", lambda: [tmp_path / "nowhere.json"])
    with pytest.raises(FileNotFoundError, match="nowhere.json"):
        call_command("seed", verbosity=0)


@pytest.mark.django_db
def test_rows_entered_after_seeding_get_fresh_keys():
    """loaddata moves the key sequences past the fixtures' explicit keys (PostgreSQL), so new rows do not collide."""
    call_command("seed", verbosity=0)
    indicator = Indicator.objects.create(code="moi", name="Mới", unit="percent", pillar="chinh_quyen_so")
    plan = Plan.objects.create(document_type="ke_hoach", number="1/KH-UBND", title="Mới", issuer="UBND tỉnh")
    target = Target.objects.create(
        plan=plan, indicator=indicator, comparator="at_least", value=50, deadline=date(2026, 12, 31)
    )
    report = ProgressReport.objects.create(title="Mới", reported_on=date(2026, 1, 1))
    figure = Measurement.objects.create(report=report, indicator=indicator, as_of=date(2026, 1, 1), value=40)
    assert indicator.pk > 51 and plan.pk > 4 and target.pk > 401 and report.pk > 4 and figure.pk > 404
