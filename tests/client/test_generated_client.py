"""A Python client generated from the committed openapi.yaml talks to the running app.

openapi-python-client turns openapi.yaml into a typed package; a live server (pytest-django's
`live_server`) runs the app. Through the generated package only, the test records what a clerk would
enter from a report (an indicator, a plan, a target, a progress report whose figure is typed as text)
and reads the assessment back. test_openapi.py keeps openapi.yaml equal to the code, so this proves
that the published contract is usable as published.

Generation reads a local file and runs no post hooks: nothing goes to the network.
"""

import importlib
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts import tokens

SCHEMA = Path(settings.BASE_DIR) / "openapi.yaml"
PROVINCES_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "provinces.json"
PACKAGE = "dtrack_client"
# No post hooks: the defaults run ruff on the generated code, which this test does not need. The XLSX reports are
# binary downloads: openapi-python-client reads unknown content types only when told they are octet streams
# (docs/aggregates.md, "The generated client", gives the same setting to users).
CONFIG = (
    "post_hooks: []\n"
    "content_type_overrides:\n"
    "  application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: application/octet-stream\n"
)


@pytest.fixture(scope="module")
def schema() -> dict:
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The client package generated from openapi.yaml, importable as `dtrack_client`."""
    out = tmp_path_factory.mktemp("generated")
    config = out / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(SCHEMA),
        "--output-path",
        str(out / PACKAGE),
        "--meta",
        "none",
        "--config",
        str(config),
        "--fail-on-warning",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}"
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


class Api:
    """Finds, for a method and path of openapi.yaml, the generated function module and body model."""

    def __init__(self, package, schema: dict):
        self.package, self.schema = package, schema
        self.models = importlib.import_module(f"{package.__name__}.models")

    def operation(self, method: str, path: str) -> dict:
        operation = self.schema["paths"].get(path, {}).get(method)
        if operation is None:
            pytest.fail(f"openapi.yaml has no {method.upper()} {path}: regenerate it (make schema)", pytrace=False)
        return operation

    def module(self, method: str, path: str):
        operation_id = self.operation(method, path)["operationId"]
        found = sorted((Path(self.package.__file__).parent / "api").glob(f"*/{operation_id}.py"))
        assert len(found) == 1, (operation_id, found)
        return importlib.import_module(f"{self.package.__name__}.api.{found[0].parent.name}.{operation_id}")

    def body_model(self, method: str, path: str):
        content = self.operation(method, path)["requestBody"]["content"]["application/json"]
        return getattr(self.models, content["schema"]["$ref"].rsplit("/", 1)[1])

    def body_component(self, method: str, path: str) -> dict:
        content = self.operation(method, path)["requestBody"]["content"]["application/json"]
        return self.component(content["schema"])

    def component(self, schema: dict) -> dict:
        return self.schema["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]

    def create(self, client, path: str, data: dict) -> dict:
        """POST `data` through the generated model and function; the created object as a dict."""
        body = self.body_model("post", path).from_dict(data)
        response = self.module("post", path).sync_detailed(client=client, body=body)
        assert response.status_code == 201, (path, response.status_code, response.content)
        return response.parsed.to_dict()


def reference(component: dict, name: str, created: dict, key: str):
    """How a request refers to another object: its id, or its natural key when the schema says string."""
    return created["id"] if component["properties"][name].get("type") == "integer" else created[key]


def test_request_bodies_are_json_only(schema):
    """A body offered in several content types with one schema makes the generated function send it as the last
    one (multipart, with no boundary: upstream issue openapi-python-client#1276); so bodies are JSON only, except a
    file upload, offered as multipart/form-data only (the evidence of a report)."""
    offered = {
        f"{method.upper()} {path}": sorted(operation["requestBody"]["content"])
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "requestBody" in operation
    }
    others = {name: types for name, types in offered.items() if types != ["application/json"]}
    assert others == {"POST /api/v1/evidence/": ["multipart/form-data"]}


@pytest.mark.django_db(transaction=True)
def test_generated_client_round_trip_reports_an_achieved_target(generated, schema, live_server):
    call_command("loaddata", str(PROVINCES_FIXTURE), verbosity=0)
    clerk = get_user_model().objects.create_user("clerk", "clerk@example.org", None, is_staff=True)
    api = Api(generated, schema)
    # The security scheme openapi.yaml declares: an API token as `Authorization: Bearer <token>`.
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    _, token = tokens.issue(user=clerk, name="round trip")
    client = generated.AuthenticatedClient(base_url=live_server.url, token=token, raise_on_unexpected_status=True)

    with client:
        indicator = api.create(
            client,
            "/api/v1/indicators/",
            {
                "code": "ho-so-truc-tuyen-cap-tinh",
                "name": "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng",
                "unit": "percent",
                "direction": "higher",
                "pillar": "chinh_quyen_so",
            },
        )
        plan = api.create(
            client,
            "/api/v1/plans/",
            {
                "document_type": "nghi_quyet",
                "number": "05-NQ/TU",
                "title": "Chuyển đổi số tỉnh Quảng Ngãi đến năm 2025",
                "issuer": "Tỉnh ủy Quảng Ngãi",
                "issued_on": "2021-10-20",
                "province": "2008-51",
            },
        )
        target_body = api.body_component("post", "/api/v1/targets/")
        target = api.create(
            client,
            "/api/v1/targets/",
            {
                "plan": plan["id"],
                "indicator": reference(target_body, "indicator", indicator, "code"),
                "level": "provincial",
                "comparator": "at_least",
                "value": "90",
                "deadline": "2025-12-31",
            },
        )
        report_body = api.body_component("post", "/api/v1/progress-reports/")
        measurement_body = api.component(report_body["properties"]["measurements"]["items"])
        api.create(
            client,
            "/api/v1/progress-reports/",
            {
                "province": "2008-51",
                "title": "Báo cáo kết quả chuyển đổi số",
                "reported_on": "2024-10-11",
                "state": "approved",  # a published document, entered by staff: its figures count at once
                "measurements": [
                    {
                        "indicator": reference(measurement_body, "indicator", indicator, "code"),
                        "level": "provincial",
                        "value_text": "trên 99%",
                    }
                ],
            },
        )

        read = api.module("get", "/api/v1/targets/{id}/").sync_detailed(
            id=target["id"], client=client, as_of=date(2025, 1, 1)
        )
        assert read.status_code == 200, read.content
        assessed = read.parsed.to_dict()
        assert assessed["status"] == "achieved", assessed

        scorecard = api.module("get", "/api/v1/plans/{id}/scorecard/").sync_detailed(
            id=plan["id"], client=client, as_of=date(2025, 1, 1)
        )
        assert scorecard.status_code == 200, scorecard.content
        assert scorecard.parsed.counts.achieved == 1
        assert scorecard.parsed.share_achieved == "1.0000"
        [row] = scorecard.parsed.targets
        assert (row.status.value, row.latest.qualifier.value, row.latest.value) == ("achieved", "above", "99.0000")

        # The periodic report, a binary download through the content-type override in CONFIG.
        report = api.module("get", "/api/v1/plans/{id}/report.xlsx").sync_detailed(
            id=plan["id"], client=client, as_of=date(2025, 1, 1)
        )
        assert report.status_code == 200, report.content
        assert report.headers["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
        assert "trên 99%" in [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.mark.django_db(transaction=True)
def test_generated_client_filters_orders_pages_writes_conditionally_and_reads_typed_errors(
    generated, schema, live_server
):
    """What a client of the lists and the conditional writes does, through the generated package only: repeated
    filters and sort keys as the schema declares them (arrays of named enums), pages, If-Match on update and
    delete, and the 4xx answers parsed as the schema's `Problem`."""
    from tests.factories import make_indicator, make_plan, make_province, make_target

    quang_tri = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    hue = make_province(code="46", era="2025", name="Thành phố Huế")
    indicator = make_indicator(code="ho-so", pillar="chinh_quyen_so")
    rows = {}
    for province, level, value in [(quang_tri, "provincial", 90), (quang_tri, "district", 80), (hue, "commune", 70)]:
        plan = make_plan(province=province, number=f"{province.code}/{level}")
        rows[level] = make_target(plan=plan, indicator=indicator, level=level, value=value)
    staff = get_user_model().objects.create_user("staff", "staff@example.org", None, is_staff=True)
    _, token = tokens.issue(user=staff, name="lists")
    api = Api(generated, schema)
    models = api.models
    client = generated.AuthenticatedClient(base_url=live_server.url, token=token)
    targets_list = api.module("get", "/api/v1/targets/")

    with client:
        # Filters: several levels, several provinces (one well-formed key naming none), as arrays.
        page = targets_list.sync_detailed(
            client=client,
            level=[models.LevelEnum.PROVINCIAL, models.LevelEnum.COMMUNE],
            province=["2025-44", "2025-46", "2025-99"],
            ordering=[models.TargetsOrderingEnum.VALUE_DESC],
        ).parsed
        assert [row.id for row in page.results] == [rows["provincial"].pk, rows["commune"].pk]
        # Two sort keys, the second breaking no tie here but sent as the schema says (repeated).
        ordered = targets_list.sync_detailed(
            client=client, ordering=[models.TargetsOrderingEnum.DEADLINE, models.TargetsOrderingEnum.VALUE]
        ).parsed
        assert [row.value for row in ordered.results] == ["70.0000", "80.0000", "90.0000"]
        # Pages: limit and offset, count and next.
        first = targets_list.sync_detailed(client=client, limit=2, ordering=[models.TargetsOrderingEnum.ID]).parsed
        second = targets_list.sync_detailed(
            client=client, limit=2, offset=2, ordering=[models.TargetsOrderingEnum.ID]
        ).parsed
        assert first.count == second.count == 3 and "offset=2" in first.next_
        assert [r.id for r in first.results + second.results] == sorted(t.pk for t in rows.values())

        # Typed 4xx: a bad limit is a Problem with a pointer, a missing target a Problem 404.
        bad = targets_list.sync_detailed(client=client, limit=100000)
        assert bad.status_code == 400 and isinstance(bad.parsed, models.Problem)
        assert [error.pointer for error in bad.parsed.errors] == ["#/limit"]
        detail = api.module("get", "/api/v1/targets/{id}/")
        missing = detail.sync_detailed(id=999999, client=client)
        assert missing.status_code == 404 and isinstance(missing.parsed, models.Problem)

        # If-Match: the ETag read, then a stale one (412, typed), then delete with the current one.
        target = rows["district"]
        read = detail.sync_detailed(id=target.pk, client=client)
        assert isinstance(read.parsed, models.TargetDetail)
        etag = read.headers["ETag"]
        patch = api.module("patch", "/api/v1/targets/{id}/")
        body = models.PatchedTargetWriteRequest.from_dict({"value": "85"})
        changed = patch.sync_detailed(id=target.pk, client=client, body=body, if_match=etag)
        assert changed.status_code == 200 and changed.parsed.value == "85.0000"
        stale = patch.sync_detailed(id=target.pk, client=client, body=body, if_match=etag)
        assert stale.status_code == 412 and isinstance(stale.parsed, models.Problem)
        assert stale.parsed.type_ == "/problems/stale-etag"
        delete = api.module("delete", "/api/v1/targets/{id}/")
        assert delete.sync_detailed(id=target.pk, client=client, if_match=etag).status_code == 412
        assert delete.sync_detailed(id=target.pk, client=client, if_match=changed.headers["ETag"]).status_code == 204
        assert detail.sync_detailed(id=target.pk, client=client).status_code == 404
