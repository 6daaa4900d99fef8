"""Webhooks in the admin (Vietnamese): subscriptions with a write-only secret and the SSRF check, the read-only
delivery log with its "Gửi lại" action, members limited to their provinces."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Role
from tests.factories import make_province
from tests.webhooks.conftest import SECRET
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db
SUBSCRIPTIONS = "/admin/webhooks/subscription/"
DELIVERIES = "/admin/webhooks/delivery/"
PUBLIC = "https://93.184.215.14/dtrack"


@pytest.fixture
def people(db):
    province, other = make_province(code="44"), make_province(code="45")
    User = get_user_model()
    clients = {}
    staff = User.objects.create_superuser("staff", "staff@example.org", "pw")
    planner = User.objects.create_user("planner", "planner@example.org", "pw")
    Membership.objects.create(user=planner, province=province, role=Role.PLANNER)
    for name, user in (("staff", staff), ("planner", planner)):
        clients[name] = Client(HTTP_ACCEPT_LANGUAGE="vi")
        clients[name].force_login(user)
    return {"province": province, "other": other, "clients": clients}


def form(people, **extra):
    return {
        "name": "Hệ thống báo cáo",
        "url": PUBLIC,
        "secret": SECRET,
        "events": ["report.approved"],
        "province": people["province"].pk,
        "active": "on",
        **extra,
    }


def test_a_subscription_is_added_and_edited_in_vietnamese_without_showing_the_secret(people):
    client = people["clients"]["planner"]
    page = client.get(f"{SUBSCRIPTIONS}add/")
    assert page.status_code == 200
    assert "khóa bí mật" in page.content.decode().lower() or "Khóa bí mật" in page.content.decode()
    assert client.post(f"{SUBSCRIPTIONS}add/", form(people)).status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.secret == SECRET and subscription.created_by.username == "planner"
    change = client.get(f"{SUBSCRIPTIONS}{subscription.pk}/change/")
    assert change.status_code == 200 and SECRET not in change.content.decode()
    # Left empty, the secret stays.
    assert (
        client.post(f"{SUBSCRIPTIONS}{subscription.pk}/change/", form(people, secret="", name="Mới")).status_code == 302
    )
    subscription.refresh_from_db()
    assert (subscription.name, subscription.secret) == ("Mới", SECRET)


def test_the_admin_form_refuses_private_addresses_and_other_provinces(people):
    client = people["clients"]["planner"]
    page = client.post(f"{SUBSCRIPTIONS}add/", form(people, url="http://127.0.0.1/hook"))
    assert page.status_code == 200 and "địa chỉ nội bộ" in page.content.decode()
    page = client.post(f"{SUBSCRIPTIONS}add/", form(people, province=people["other"].pk))
    assert page.status_code == 200  # not among the choices
    page = client.post(f"{SUBSCRIPTIONS}add/", form(people, province=""))
    assert page.status_code == 200 and "chỉ cán bộ quản trị" in page.content.decode()
    assert not Subscription.objects.exists()


def test_the_delivery_log_is_read_only_and_redelivers(people):
    subscription = Subscription.objects.create(
        name="a", url=PUBLIC, secret=SECRET, events=["report.approved"], province=people["province"]
    )
    theirs = Subscription.objects.create(
        name="b", url=PUBLIC, secret=SECRET, events=["report.approved"], province=people["other"]
    )
    rows = Delivery.objects.bulk_create(
        [
            Delivery(subscription=subscription, event="report.approved", body="{}", status="failed", attempts=10)
            for _ in range(3)
        ]
    )
    Delivery.objects.create(subscription=theirs, event="report.approved", body="{}")
    client = people["clients"]["planner"]
    listing = client.get(DELIVERIES)
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 3  # the other province's delivery is not shown
    assert "Gửi lại" in listing.content.decode()
    assert PUBLIC in listing.content.decode() and "b (" not in listing.content.decode()  # the filter: theirs not named
    detail = client.get(f"{DELIVERIES}{rows[0].pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.get(f"{DELIVERIES}add/").status_code == 403
    done = client.post(DELIVERIES, {"action": "redeliver", "_selected_action": [str(r.pk) for r in rows]}, follow=True)
    assert "Sẽ gửi lại 3 lần gửi" in done.content.decode()
    assert set(Delivery.objects.filter(subscription=subscription).values_list("status", "attempts")) == {("pending", 0)}
    staff = people["clients"]["staff"]
    staff.get(DELIVERIES)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(DELIVERIES).status_code == 200
        counts.append(len(queries.captured_queries))
        Delivery.objects.bulk_create(
            [Delivery(subscription=theirs, event="report.approved", body="{}") for _ in range(20)]
        )
    assert counts[0] == counts[1], counts  # 4 rows, then 24: the same queries
