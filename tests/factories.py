"""Keyword-only builders for test data, with defaults that make a valid row.

They write rows directly (tests of the database's own constraints need rows the services would refuse), then keep
the targets' maintained facts and stored assessment as the services do (`indicators.state`): there are no signals
doing it behind a `.save()`."""

import itertools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accounts import tokens
from accounts.models import Membership, Role
from indicators.models import Indicator, Measurement, Milestone, Plan, ProgressReport, Target
from indicators.state import refresh, refresh_for_series
from provinces.models import Province, Succession

_seq = itertools.count(1)


def make_province(*, code=None, era="2025", name=None, valid_from=None, valid_until=None, kind="tinh"):
    code = code or f"{next(_seq) % 100:02d}"
    name = name or f"Tỉnh Thử {code}"
    valid_from = valid_from or (date(2025, 7, 1) if era == "2025" else date(2008, 8, 1))
    if era == "2008" and valid_until is None:
        valid_until = date(2025, 6, 30)
    return Province.objects.create(
        code=code,
        era=era,
        name=name,
        short_name=name.removeprefix("Tỉnh "),
        codename=f"p{code}",
        kind=kind,
        kind_since=valid_from,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def link(predecessor, successor):
    succession = Succession.objects.create(
        predecessor=predecessor, successor=successor, effective_on=date(2025, 7, 1), basis="Nghị quyết 202/2025/QH15"
    )
    refresh(Target.objects.all())  # what `manage.py refresh_assessments` does after a change of the divisions
    return succession


def make_indicator(*, code=None, unit="percent", direction=None, pillar="chinh_quyen_so", name=None):
    code = code or f"ind-{next(_seq)}"
    direction = direction or ("lower" if unit == "rank" else "higher")
    return Indicator.objects.create(code=code, name=name or code, unit=unit, direction=direction, pillar=pillar)


def make_plan(*, province=None, number=None, **fields):
    fields.setdefault("document_type", "quyet_dinh")
    fields.setdefault("title", "Kế hoạch chuyển đổi số")
    fields.setdefault("issuer", "UBND tỉnh")
    # A plan is issued while its unit exists: a 2025-era unit's plans are dated after the reform.
    fields.setdefault(
        "issued_on", date(2025, 9, 1) if province is not None and province.era == "2025" else date(2022, 7, 29)
    )
    return Plan.objects.create(province=province, number=number or f"{next(_seq)}/QĐ-UBND", **fields)


def make_target(
    *,
    plan,
    indicator,
    value,
    deadline=date(2025, 12, 31),
    comparator="at_least",
    level="overall",
    milestones=(),
    **fields,
):
    target = Target.objects.create(
        plan=plan,
        indicator=indicator,
        value=Decimal(value),
        deadline=deadline,
        comparator=comparator,
        level=level,
        **fields,
    )
    for on, milestone_value in milestones:
        Milestone.objects.create(target=target, on=on, value=Decimal(milestone_value))
    refresh(Target.objects.filter(pk=target.pk))
    return target


def make_report(*, province=None, reported_on=date(2024, 10, 11), **fields):
    """An approved report by default (a published document): its figures count. `state="draft"` for a draft."""
    fields.setdefault("title", "Báo cáo kết quả chuyển đổi số")
    fields.setdefault("state", "approved")
    if fields["state"] != "draft":
        fields.setdefault("submitted_at", timezone.now())
    return ProgressReport.objects.create(province=province, reported_on=reported_on, **fields)


def make_measurement(*, report, indicator, value, as_of=None, level="overall", qualifier="exact", **fields):
    measurement = Measurement.objects.create(
        report=report,
        indicator=indicator,
        value=Decimal(value),
        as_of=as_of or report.reported_on,
        level=level,
        qualifier=qualifier,
        **fields,
    )
    refresh_for_series([(measurement.indicator_id, measurement.level, measurement.province_id)])
    return measurement


def assessed(target, as_of, thresholds=None):
    """`target` assessed on `as_of` as a list judges it on a day not stored: the facts searched by the database,
    the pure rules in Python (indicators/selectors/targets.py). The `Judged`: the assessment and the key of the
    province whose figure is the latest."""
    from indicators.conf import thresholds as configured
    from indicators.selectors.targets import assess_all

    [row] = assess_all(Target.objects.filter(pk=target.pk), as_of, thresholds or configured())
    return row.judged


def token_client(user):
    """A test client that authenticates as `user` with a new API token."""
    _, raw = tokens.issue(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def make_people_world(*, elsewhere_role: str, deadline: date) -> dict:
    """Two provinces, `province` (44) and `other` (45); a staff user; a reporter, an approver and a planner of
    `province` and `elsewhere` with `elsewhere_role` in `other`; a token client for each; a target of `province`
    due on `deadline`. The world of the reporting-cycle and webhook tests."""
    province, other = make_province(code="44"), make_province(code="45")
    User = get_user_model()
    users = {"staff": User.objects.create_user("staff", "staff@example.org", None, is_staff=True)}
    roles = {
        "reporter": (Role.REPORTER, province),
        "approver": (Role.APPROVER, province),
        "planner": (Role.PLANNER, province),
        "elsewhere": (elsewhere_role, other),
    }
    for name, (role, where) in roles.items():
        users[name] = User.objects.create_user(name, f"{name}@example.org", None)
        Membership.objects.create(user=users[name], province=where, role=role)
    indicator = make_indicator(code="dvc")
    target = make_target(plan=make_plan(province=province), indicator=indicator, value="90", deadline=deadline)
    clients = {name: token_client(user) for name, user in users.items()}
    world = {"province": province, "other": other, "users": users, "clients": clients}
    return {**world, "indicator": indicator, "target": target}
