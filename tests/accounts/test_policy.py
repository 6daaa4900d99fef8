"""accounts/policy.py and the admin mixins built on it (accounts/admin_mixins.py), tested directly.

The admin's ModelAdmins (indicators/admin/) are wired to the mixins separately; here the mixins are combined with
plain ModelAdmins on a throw-away AdminSite, so the matrix holds whatever the admin pages look like.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from accounts import policy
from accounts.admin_mixins import (
    MemberAuthenticationForm,
    ProvinceAdminSite,
    ProvinceScopedAdminMixin,
    ProvinceScopedInlineMixin,
)
from accounts.models import Membership, Role
from indicators.models import Measurement, Milestone, Plan, ProgressReport, Target
from tests.factories import link, make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "no_role", "elsewhere_planner", "new_reporter", "reporter", "planner", "staff"]
SCOPES = ["own", "successor", "predecessor_sibling", "other", "national"]
# Written out by hand. "own" is old Quảng Trị 2008-45; "successor" new Quảng Trị 2025-44; "predecessor_sibling"
# old Quảng Bình 2008-44, which also merged into 2025-44 (a membership in 2025-44 does not reach back to it).
REPORTS = {
    "anonymous": set(),
    "no_role": set(),
    "elsewhere_planner": set(),
    "new_reporter": {"successor"},
    "reporter": {"own", "successor"},
    "planner": {"own", "successor"},
    "staff": set(SCOPES),
}
PLANS = {**REPORTS, "new_reporter": set(), "reporter": set()}
# Who sees a plan or target in the admin (read only where PLANS says no): every member, whatever the role, in the
# lineage of their provinces (predecessors and successors); a membership in 2025-44 reaches back to both old units.
PLAN_VIEWS = {
    **REPORTS,
    "new_reporter": {"successor", "own", "predecessor_sibling"},
}


def build_world():
    old = make_province(code="45", era="2008", name="Tỉnh Quảng Trị")
    sibling = make_province(code="44", era="2008", name="Tỉnh Quảng Bình")
    new = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    link(old, new)
    link(sibling, new)
    other = make_province(code="01", era="2025", name="Thành phố Hà Nội")
    elsewhere = make_province(code="02", era="2025", name="Tỉnh Tuyên Quang")
    provinces = {"own": old, "successor": new, "predecessor_sibling": sibling, "other": other, "national": None}
    User = get_user_model()
    memberships = {
        "no_role": [],
        "elsewhere_planner": [(elsewhere, Role.PLANNER)],
        "new_reporter": [(new, Role.REPORTER)],
        "reporter": [(old, Role.REPORTER)],
        "planner": [(old, Role.PLANNER)],
    }
    users = {"anonymous": AnonymousUser(), "staff": User.objects.create_superuser("staff", None, "pw-for-tests")}
    for name, grants in memberships.items():
        users[name] = User.objects.create_user(name, None, None)
        for province, role in grants:
            Membership.objects.create(user=users[name], province=province, role=role)
    indicator = make_indicator(code="dvc")
    rows = {}
    for scope, province in provinces.items():
        plan = make_plan(province=province, number=f"{scope}/QĐ")
        target = make_target(plan=plan, indicator=indicator, value="90")
        report = make_report(province=province, document_number=f"{scope}/BC")
        rows[scope] = {
            "province": province,
            "plan": plan,
            "target": target,
            "report": report,
            "milestone": Milestone.objects.create(target=target, on="2024-12-31", value=80),
            "measurement": make_measurement(report=report, indicator=indicator, value="50"),
        }
    return {"users": users, "rows": rows}


def user(world, actor):
    """A fresh user object per check, as a request has (the policy remembers province ids on it)."""
    found = world["users"][actor]
    return found if actor == "anonymous" else get_user_model().objects.get(pk=found.pk)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("scope", SCOPES)
def test_policy_functions(world, actor, scope):
    who, province = user(world, actor), world["rows"][scope]["province"]
    assert policy.can_report(who, province) is (scope in REPORTS[actor])
    assert policy.can_plan(who, province) is (scope in PLANS[actor])
    assert policy.can_manage_indicators(who) is (actor == "staff")
    pk = province.pk if province is not None else None
    assert policy.can_report(who, pk) is (scope in REPORTS[actor]), "ids work as well as provinces"


def test_reading_follows_the_setting(world, settings):
    assert policy.can_read(AnonymousUser())
    settings.DTRACK_PUBLIC_READ = False
    assert not policy.can_read(AnonymousUser())
    assert policy.can_read(user(world, "no_role"))


def test_inactive_members_may_not_write(world):
    reporter = user(world, "reporter")
    reporter.is_active = False
    assert not policy.can_report(reporter, world["rows"]["own"]["province"])


# ---------------------------------------------------------------------------------------------------------------
# Admin


class ScopedModelAdmin(ProvinceScopedAdminMixin, admin.ModelAdmin):
    pass


class MilestoneInline(ProvinceScopedInlineMixin, admin.TabularInline):
    model = Milestone


class MeasurementInline(ProvinceScopedInlineMixin, admin.TabularInline):
    model = Measurement


SITE = ProvinceAdminSite(name="scoped-test")
ADMINS = {
    "plan": ScopedModelAdmin(Plan, SITE),
    "target": ScopedModelAdmin(Target, SITE),
    "report": ScopedModelAdmin(ProgressReport, SITE),
    "measurement": ScopedModelAdmin(Measurement, SITE),
}
ALLOWED = {"plan": PLANS, "target": PLANS, "report": REPORTS, "measurement": REPORTS}
VIEWS = {"plan": PLAN_VIEWS, "target": PLAN_VIEWS, "report": REPORTS, "measurement": REPORTS}


def request_as(world, actor):
    request = RequestFactory().get("/admin/")
    request.user = user(world, actor)
    return request


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("model", ADMINS)
@pytest.mark.parametrize("scope", SCOPES)
def test_admin_object_matrix(world, actor, model, scope):
    model_admin, obj = ADMINS[model], world["rows"][scope][model]
    request = request_as(world, actor)
    allowed = scope in ALLOWED[model][actor]
    assert model_admin.has_change_permission(request, obj) is allowed
    assert model_admin.has_delete_permission(request, obj) is allowed
    assert model_admin.has_view_permission(request, obj) is (scope in VIEWS[model][actor])
    assert policy.can_view(request.user, obj) is (scope in VIEWS[model][actor])


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("model", ADMINS)
def test_admin_lists_and_add(world, actor, model):
    model_admin, request = ADMINS[model], request_as(world, actor)
    expected = {world["rows"][scope][model].pk for scope in VIEWS[model][actor]}
    shown = set(model_admin.get_queryset(request).values_list("pk", flat=True))
    if actor == "staff":
        assert shown >= expected
    else:
        assert shown == expected
    # A role anywhere (the elsewhere planner's is in a province without rows here) opens the add form.
    may_add = bool(ALLOWED[model][actor]) or actor == "elsewhere_planner"
    assert model_admin.has_add_permission(request) is may_add
    assert model_admin.has_module_permission(request) is (may_add or bool(VIEWS[model][actor]))
    assert model_admin.has_view_permission(request) is (may_add or bool(VIEWS[model][actor]))


def test_admin_form_choices_are_limited(world):
    request = request_as(world, "reporter")
    province_field = ADMINS["report"].formfield_for_foreignkey(ProgressReport._meta.get_field("province"), request)
    rows = world["rows"]
    assert set(province_field.queryset) == {rows["own"]["province"], rows["successor"]["province"]}
    report_field = ADMINS["measurement"].formfield_for_foreignkey(Measurement._meta.get_field("report"), request)
    assert set(report_field.queryset) == {rows["own"]["report"], rows["successor"]["report"]}
    planner = request_as(world, "planner")
    plan_field = ADMINS["target"].formfield_for_foreignkey(Target._meta.get_field("plan"), planner)
    assert set(plan_field.queryset) == {rows["own"]["plan"], rows["successor"]["plan"]}
    staff = request_as(world, "staff")
    assert (
        ADMINS["report"].formfield_for_foreignkey(ProgressReport._meta.get_field("province"), staff).queryset.count()
        == 5
    )


def test_members_get_plain_limited_selects_and_no_import(world):
    class ImportingAdmin(admin.ModelAdmin):  # like ImportExportAdmin in indicators/admin/common.py
        def has_import_permission(self, request):
            return True

    class WithAutocomplete(ProvinceScopedAdminMixin, ImportingAdmin):
        autocomplete_fields = ["province"]

    model_admin = WithAutocomplete(ProgressReport, SITE)
    assert model_admin.get_autocomplete_fields(request_as(world, "reporter")) == []
    assert model_admin.has_import_permission(request_as(world, "reporter")) is False
    assert model_admin.get_autocomplete_fields(request_as(world, "staff")) == ["province"]
    assert model_admin.has_import_permission(request_as(world, "staff")) is True


def test_admin_save_and_delete_check_the_province(world):
    request, rows = request_as(world, "reporter"), world["rows"]
    report = ProgressReport.objects.get(pk=rows["own"]["report"].pk)
    report.province = rows["other"]["province"]  # a crafted POST moving it out
    with pytest.raises(PermissionDenied):
        ADMINS["report"].save_model(request, report, form=None, change=True)
    with pytest.raises(PermissionDenied):
        ADMINS["report"].delete_model(request, ProgressReport.objects.get(pk=rows["other"]["report"].pk))
    ADMINS["report"].delete_queryset(request, Measurement.objects.none())  # nothing to do, nothing raised
    assert ProgressReport.objects.get(pk=rows["own"]["report"].pk).province == rows["own"]["province"]
    mine = ProgressReport.objects.get(pk=rows["own"]["report"].pk)
    mine.title = "Sửa trong admin"
    ADMINS["report"].save_model(request, mine, form=None, change=True)
    assert ProgressReport.objects.get(pk=mine.pk).title == "Sửa trong admin"


def test_admin_bulk_delete_only_touches_writable_rows(world):
    request = request_as(world, "reporter")
    ADMINS["measurement"].delete_queryset(request, Measurement.objects.all())
    left = {m.report.document_number for m in Measurement.objects.select_related("report")}
    assert left == {"predecessor_sibling/BC", "other/BC", "national/BC"}


@pytest.mark.parametrize(
    ("actor", "scope", "allowed"),
    [
        ("planner", "own", True),
        ("planner", "successor", True),
        ("planner", "other", False),
        ("reporter", "own", False),
        ("staff", "national", True),
    ],
)
def test_admin_inline_follows_the_parent(world, actor, scope, allowed):
    request, target = request_as(world, actor), world["rows"][scope]["target"]
    inline = MilestoneInline(Target, SITE)
    assert inline.has_change_permission(request, target) is allowed
    assert inline.has_add_permission(request, target) is allowed
    assert inline.has_delete_permission(request, target) is allowed


@pytest.mark.parametrize(("actor", "scope"), [("reporter", "own"), ("new_reporter", "predecessor_sibling")])
def test_admin_inline_is_read_only_for_members_who_may_not_plan(world, actor, scope):
    request, target = request_as(world, actor), world["rows"][scope]["target"]
    inline = MilestoneInline(Target, SITE)
    assert inline.has_view_permission(request, target)
    assert not inline.has_change_permission(request, target)
    assert not inline.has_add_permission(request, target)
    assert not inline.has_delete_permission(request, target)
    assert not inline.has_view_permission(request, world["rows"]["other"]["target"])


def test_reporters_edit_measurements_inside_their_reports(world):
    request, rows = request_as(world, "reporter"), world["rows"]
    inline = MeasurementInline(ProgressReport, SITE)
    assert inline.has_change_permission(request, rows["own"]["report"])
    assert not inline.has_change_permission(request, rows["other"]["report"])


@pytest.mark.parametrize(
    ("actor", "admitted"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("elsewhere_planner", True),
        ("reporter", True),
        ("staff", True),
    ],
)
def test_admin_site_admits_members_and_staff(world, actor, admitted):
    assert SITE.has_permission(request_as(world, actor)) is admitted


def test_member_login_form(world):
    reporter = user(world, "reporter")
    form = MemberAuthenticationForm(request=None)
    form.confirm_login_allowed(reporter)  # no error
    with pytest.raises(ValidationError) as refused:
        form.confirm_login_allowed(user(world, "no_role"))
    assert refused.value.code == "invalid_login"
    reporter.is_active = False
    with pytest.raises(ValidationError) as inactive:
        form.confirm_login_allowed(reporter)
    assert inactive.value.code == "inactive"
