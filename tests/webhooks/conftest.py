"""Fixtures of the webhook tests: two provinces, people with roles, token clients, a report waiting for approval, and
a local HTTP receiver (http.server in a thread) that records what it gets and fails the first attempts."""

import hashlib
import hmac
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts.models import Role
from tests.factories import make_measurement, make_people_world, make_report

SECRET = "s3cret-for-tests-only-0123456789"


@pytest.fixture
def world(db):
    return make_people_world(elsewhere_role=Role.PLANNER, deadline=date(2030, 12, 31))


def submitted_report(world, value="95"):
    """A submitted report of the province with one figure for the world's target (counts once approved)."""
    report = make_report(province=world["province"], state="submitted", reported_on=date(2026, 1, 10))
    make_measurement(
        report=report, indicator=world["indicator"], value=value, as_of=date(2026, 1, 5), standing=report.standing
    )
    return report


def approve(world, report, who="approver"):
    return world["clients"][who].post(
        f"/api/v1/progress-reports/{report.pk}/approve/", {"reason": ""}, content_type="application/json"
    )


class Receiver:
    """Records every request; answers 500 to the first `fail_first` attempts of each delivery id, then 204."""

    def __init__(self, secret: str, fail_first: int = 2):
        self.secret, self.fail_first = secret, fail_first
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                timestamp = self.headers["X-Dtrack-Timestamp"]
                expected = hmac.new(receiver.secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
                signed = hmac.compare_digest(self.headers["X-Dtrack-Signature"], f"sha256={expected.hexdigest()}")
                delivery = self.headers["X-Dtrack-Delivery"]
                with receiver.lock:
                    seen = sum(1 for r in receiver.requests if r["delivery"] == delivery)
                    ok = signed and seen >= receiver.fail_first
                    receiver.requests.append(
                        {
                            "delivery": delivery,
                            "event": self.headers["X-Dtrack-Event"],
                            "signed": signed,
                            "ok": ok,
                            "body": json.loads(body),
                            "path": self.path,
                        }
                    )
                self.send_response(204 if ok else 500)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def received(self) -> set[str]:
        """Delivery ids answered 2xx at least once."""
        with self.lock:
            return {r["delivery"] for r in self.requests if r["ok"]}

    def attempts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self.lock:
            for r in self.requests:
                counts[r["delivery"]] = counts.get(r["delivery"], 0) + 1
        return counts


@pytest.fixture
def receiver(settings):
    settings.DTRACK_WEBHOOKS_ALLOW_PRIVATE = True  # the receiver is on 127.0.0.1
    settings.DTRACK_WEBHOOKS_BACKOFF = 0  # retries due at once: the test does not wait
    settings.DTRACK_WEBHOOKS_TIMEOUT = 5
    server = Receiver(SECRET)
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
