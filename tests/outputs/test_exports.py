"""CSV and XLSX of the API's lists: the whole filtered list, the assessment columns, languages, errors, queries."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from indicators import snapshots
from indicators.models import AssessmentSnapshot, Level, Target, TargetCard
from indicators.state import refresh, store_assessments
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def listed():
    unit = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    online = make_indicator(code="ho-so", name="Hồ sơ xử lý trực tuyến")
    plan = make_plan(province=unit, number="1982/QĐ-UBND")
    met = make_target(plan=plan, indicator=online, value="90", level="provincial")
    unmet = make_target(plan=plan, indicator=online, value="95", level="commune", deadline=date(2025, 6, 30))
    report = make_report(province=unit, reported_on=date(2024, 10, 11))
    make_measurement(report=report, indicator=online, value="99", level="provincial", qualifier="above")
    make_measurement(report=report, indicator=online, value="70", level="commune", qualifier="above")
    return {"plan": plan, "met": met, "unmet": unmet}


def number(text):
    return Decimal(text) if text else None


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_target_csv_has_the_assessment_columns_with_vietnamese_labels(client, listed):
    rows = rows_of(client.get("/api/v1/targets/?format=csv&as_of=2024-12-01&ordering=deadline"))
    assert [row["id"] for row in rows] == [str(listed["unmet"].pk), str(listed["met"].pk)]
    met = rows[1]
    assert met["Kế hoạch"] == "1982/QĐ-UBND" and met["Chỉ tiêu"] == "Hồ sơ xử lý trực tuyến"
    assert met["Mã đánh giá"] == "achieved" and met["Đánh giá"] == "đã đạt"
    assert met["Tình trạng thời hạn"] == "đạt đúng hạn" and met["Kết quả"] == "trên 99%"
    assert met["Ngày số liệu"] == "2024-10-11" and met["Giá trị mới nhất"] == "99.0000"
    assert met["Còn thiếu so với mục tiêu"] == "0.0000"  # as the JSON list shows it (4 places)


def test_todays_export_reads_the_cards_and_says_what_judging_says(client, listed):
    # Today's export reads each target's assessment from its card (the list body, indicators/cards.py) where one
    # holds for today; it must say what judging the targets from their figures says.
    store_assessments(Target.objects.all())
    assert TargetCard.objects.count() == 2
    from_cards = rows_of(client.get("/api/v1/targets/?format=csv&ordering=deadline"))
    TargetCard.objects.update(basis="2000-01-01 0.95 0.60 90")  # for another day: never read
    judged = rows_of(client.get("/api/v1/targets/?format=csv&ordering=deadline"))
    assert from_cards == judged
    assert {row["Mã đánh giá"] for row in judged} == {"achieved", "missed"}
    # The cards are read indeed (a card that held but said otherwise would show), and only while they hold.
    store_assessments(Target.objects.all())
    card = TargetCard.objects.get(target=listed["met"])
    card.body = card.body.replace('"status":"achieved"', '"status":"missed"')
    card.save()
    shown = {row["id"]: row["Mã đánh giá"] for row in rows_of(client.get("/api/v1/targets/?format=csv"))}
    assert shown[str(listed["met"].pk)] == "missed"
    Target.objects.filter(pk=listed["met"].pk).update(known_basis="")
    shown = {row["id"]: row["Mã đánh giá"] for row in rows_of(client.get("/api/v1/targets/?format=csv"))}
    assert shown[str(listed["met"].pk)] == "achieved"


def test_a_back_dated_export_reads_the_snapshots_and_says_what_judging_says(client, listed):
    # On a snapshotted past day (indicators/snapshots.py) the export reads each target's snapshot body, not its
    # figures; it must say what judging says, and read the snapshot indeed, whole or in part.
    day, url = date(2025, 6, 30), "/api/v1/targets/?format=csv&as_of=2025-06-30&ordering=deadline"
    judged = rows_of(client.get(url))
    assert {row["Mã đánh giá"] for row in judged} == {"achieved", "insufficient_data"}
    snapshots.store(day)
    assert rows_of(client.get(url)) == judged
    snapshot = AssessmentSnapshot.objects.get(target=listed["unmet"])
    snapshot.body = snapshot.body.replace('"status":"insufficient_data"', '"status":"at_risk"')
    snapshot.save()
    shown = {row["id"]: row["Mã đánh giá"] for row in rows_of(client.get(url))}
    assert shown == {str(listed["unmet"].pk): "at_risk", str(listed["met"].pk): "achieved"}
    AssessmentSnapshot.objects.filter(target=listed["unmet"]).update(body="")  # one without a body: judged
    assert rows_of(client.get(url)) == judged


def test_filters_and_as_of_apply_to_the_export(client, listed):
    missed = rows_of(client.get("/api/v1/targets/?format=csv&as_of=2025-08-01&status=missed"))
    assert [row["id"] for row in missed] == [str(listed["unmet"].pk)]
    assert missed[0]["Đánh giá"] == "không đạt" and missed[0]["Tình trạng thời hạn"] == "quá hạn"
    provincial = rows_of(client.get("/api/v1/targets/?format=csv&level=provincial"))
    assert [row["id"] for row in provincial] == [str(listed["met"].pk)]
    before = rows_of(client.get("/api/v1/targets/?format=csv&as_of=2024-01-01&ordering=-gap"))
    assert {row["Đánh giá"] for row in before} == {"chưa có số liệu"}  # the figures are dated after the day


def test_accept_header_and_english_headers(client, listed):
    rows = rows_of(client.get("/api/v1/targets/?as_of=2024-12-01", HTTP_ACCEPT="text/csv", HTTP_ACCEPT_LANGUAGE="en"))
    assert {row["Status code"] for row in rows} == {"achieved", "insufficient_data"}
    assert rows[0]["Plan"] == "1982/QĐ-UBND" and "Deadline status" in rows[0] and "Chỉ tiêu" not in rows[0]
    assert "achieved" in {row["Status"] for row in rows}


def test_the_export_is_the_whole_list_not_a_page(client, listed):
    plan, indicator = listed["plan"], listed["met"].indicator
    Target.objects.bulk_create(
        Target(
            plan=plan,
            indicator=indicator,
            comparator="at_least",
            value=50,
            unit="percent",
            deadline=date(2030, 1, 1) + timedelta(days=i),
            level="overall",
        )
        for i in range(60)
    )
    refresh(Target.objects.all())
    assert len(rows_of(client.get("/api/v1/targets/?format=csv"))) == 62  # a page holds 50
    refused = client.get("/api/v1/targets/?format=csv&limit=10")
    # Each parameter is valid alone: the pair is a 422, not a malformed request.
    assert refused.status_code == 422 and refused.json()["errors"][0]["pointer"] == "#/limit"
    assert refused.json()["type"] == "/problems/conflicting-parameters"


def test_control_characters_in_text_do_not_break_the_xlsx(client, listed):
    """Schemathesis: an indicator named with a stray control character made the XLSX export a 500."""
    make_indicator(code="ctrl", name="Tỷ lệ\x05 hồ sơ")
    response = client.get("/api/v1/indicators/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "Tỷ lệ\u2405 hồ sơ" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_xlsx_reads_back_with_number_and_date_cells(client, listed):
    response = client.get("/api/v1/targets/?format=xlsx&as_of=2024-12-01&ordering=deadline")
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[3], strict=True))
    assert row["Đánh giá"].value == "đã đạt"
    assert row["Mục tiêu"].value == 90 and row["Mục tiêu"].number_format == "#,##0"
    assert row["Thời hạn"].value.date() == date(2025, 12, 31) and row["Thời hạn"].number_format == "dd/mm/yyyy"


def test_other_lists_export_too(client, listed):
    for url in (
        "/api/v1/plans/",
        "/api/v1/indicators/",
        "/api/v1/measurements/",
        "/api/v1/progress-reports/",
        "/api/v1/provinces/",
        "/api/v1/obligations/",
        "/api/v1/reporting-periods/",
    ):
        response = client.get(url + "?format=csv")
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbf"), url
    plans = rows_of(client.get("/api/v1/plans/?format=csv"))
    assert plans[0]["Số hiệu"] == "1982/QĐ-UBND"


def test_unknown_format_is_400_and_unacceptable_accept_is_406(client, listed):
    unknown = client.get("/api/v1/targets/?format=pdf")
    assert unknown.status_code == 400 and "csv, xlsx" in unknown.json()["detail"]
    assert client.get(f"/api/v1/targets/{listed['met'].pk}/?format=csv").status_code == 400  # lists only
    refused = client.get("/api/v1/targets/", HTTP_ACCEPT="application/pdf")
    assert refused.status_code == 406 and refused["Content-Type"] == "application/problem+json"


def test_a_method_the_endpoint_lacks_is_405_whatever_the_format(client, listed):
    # The format is chosen before the method is looked at; a TRACE must still read as "not allowed", not as a 400.
    for url in ("/api/v1/reporting-regimes/?format=csv", "/api/v1/targets/?format=pdf"):
        response = client.generic("TRACE", url, HTTP_AUTHORIZATION=f"Bearer {client.token}")
        assert response.status_code == 405, (url, response.content)
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "query", ["", "&status=achieved", "&as_of=2024-10-01", "&as_of=2024-12-01&status=achieved", "&figures=submitted"]
)
def test_a_target_export_runs_a_constant_number_of_queries(client, listed, query):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            rows_of(client.get(url))
        return len(queries)

    url = "/api/v1/targets/?format=csv" + query
    few = count(url)
    plan, indicator = listed["plan"], listed["met"].indicator
    Target.objects.bulk_create(
        Target(
            plan=plan,
            indicator=indicator,
            comparator="at_least",
            value=50 + i,
            unit="percent",
            deadline=date(2030, 1, 1) + timedelta(days=i),
            level="provincial",
        )
        for i in range(40)
    )
    refresh(Target.objects.all())
    assert count(url) == few


def test_other_lists_take_their_headers_from_the_model_in_the_request_language(client, listed):
    vietnamese = rows_of(client.get("/api/v1/measurements/?format=csv"))[0]
    assert "Chỉ số – Mã" in vietnamese and "Số liệu tính đến" in vietnamese
    english = rows_of(client.get("/api/v1/measurements/?format=csv", HTTP_ACCEPT_LANGUAGE="en"))[0]
    assert english["Indicator – Code"] == "ho-so" and english["As of"] == "2024-10-11"


def test_the_csv_is_streamed(client, listed):
    response = client.get("/api/v1/targets/?format=csv")
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="targets.csv"'
    assert len(list(response.streaming_content)) >= 2  # the header, then the rows as the cursor hands them over


def test_memory_stays_flat_as_the_list_grows(monkeypatch):
    """The export's peak memory (tracemalloc) for 2,000 targets is that for 500: with chunks of 100, neither the
    targets nor their milestones are ever all in memory (the benchmark measures it for 20,000 through a server)."""
    import gc
    import tracemalloc

    from dtrack.api import exports
    from indicators.conf import thresholds
    from indicators.lineage import Figures
    from indicators.models import Milestone
    from indicators.outputs import target_export

    monkeypatch.setattr(exports, "CHUNK", 100)
    monkeypatch.setattr(target_export, "CHUNK", 100)
    unit = make_province(code="51")
    indicators = [make_indicator(code=f"i{i}") for i in range(20)]
    plans = [make_plan(province=unit, number=f"{i}/KH") for i in range(100)]
    targets = Target.objects.bulk_create(
        Target(
            plan=plans[i % 100],
            indicator=indicators[i // 100],
            value=90,
            unit="percent",
            comparator="at_least",
            deadline=date(2025, 12, 31),
            level="overall",
        )
        for i in range(2000)
    )
    Milestone.objects.bulk_create(
        Milestone(target=target, on=date(2022 + k, 12, 31), value=50 + k) for target in targets for k in range(3)
    )

    def peak(size: int) -> int:
        # A range, not a list of ids: the list's SQL parameters would grow with `size` and be measured too.
        rows = target_export.streamed_rows(
            Target.objects.filter(pk__lte=targets[size - 1].pk).order_by("deadline", "id"),
            date(2026, 1, 1),
            thresholds(),
            Figures.APPROVED,
        )
        gc.collect()
        tracemalloc.start()
        written = sum(len(chunk) for chunk in exports.csv_chunks(target_export.COLUMNS, rows))
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert written > size * 100
        return top

    small, large = peak(500), peak(2000)
    assert large < small * 1.25, (small, large)


@pytest.mark.parametrize("as_of", ["2023-06-30", "2024-12-01", "2026-01-01"])
def test_the_export_says_what_the_json_list_says(client, listed, as_of):
    """Milestones, baselines and back-dated days included: the same assessment as the JSON list, row for row."""
    plan, indicator = listed["plan"], listed["met"].indicator
    make_target(
        plan=plan,
        indicator=indicator,
        value="90",
        level="overall",
        baseline_value="20",
        baseline_date=date(2021, 1, 1),
        milestones=[(date(2023, 12, 31), "60"), (date(2024, 12, 31), "75")],
    )
    report = make_report(province=plan.province, reported_on=date(2023, 3, 1))
    make_measurement(report=report, indicator=indicator, value="40", level="overall")
    make_measurement(
        report=make_report(province=plan.province, reported_on=date(2024, 11, 1)),
        indicator=indicator,
        value="61.5",
        level="overall",
    )
    listed_json = client.get(f"/api/v1/targets/?as_of={as_of}&limit=500").json()["results"]
    exported = {row["id"]: row for row in rows_of(client.get(f"/api/v1/targets/?format=csv&as_of={as_of}"))}
    assert len(exported) == len(listed_json) == 3
    for target in listed_json:
        row = exported[str(target["id"])]
        assert row["Mã đánh giá"] == target["status"]
        assert row["Mã tình trạng thời hạn"] == target["deadline_status"]
        assert number(row["Còn thiếu so với mục tiêu"]) == number(target["gap"])
        assert number(row["Tiến độ"]) == number(target["progress"])


@pytest.mark.parametrize("path", ["plans", "measurements", "progress-reports", "indicators", "reporting-regimes"])
def test_other_list_exports_run_a_constant_number_of_queries(client, listed, path):
    from reporting.models import ReportingRegime

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/{path}/?format=csv")
            assert response.status_code == 200
            b"".join(response.streaming_content)
        return len(queries)

    def grow(n):
        for i in range(n):
            unit = listed["plan"].province
            indicator = make_indicator(code=f"more-{path}-{n}-{i}")
            make_target(plan=make_plan(province=unit), indicator=indicator, value="50")
            make_measurement(
                report=make_report(province=unit, document_number=f"{n}-{i}"), indicator=indicator, value="10"
            )
            regime = ReportingRegime.objects.create(name=f"r{n}-{i}", frequency="yearly", starts_on=date(2024, 1, 1))
            regime.indicators.add(indicator)
            regime.units.add(unit)

    grow(1)
    few = count()
    grow(6)
    assert count() == few


def test_list_exports_carry_codes_and_labels_with_headers_in_one_language(client, listed):
    rows = rows_of(client.get("/api/v1/measurements/?format=csv"))
    row = rows[0]
    # A field of choices gives its code (for programs) and its label (for people), side by side.
    with translation.override("vi"):
        assert row["Cấp"] == str(Level(row["Cấp (mã)"]).label) != row["Cấp (mã)"]
    assert row["Định tính"].endswith(f"({row['Định tính (mã)']})") and row["Định tính"] != row["Định tính (mã)"]
    assert "Tỉnh, thành phố – Khóa" in row and "Còn hiệu lực" in row
    english = [name for name in row if name.isascii() and name != "ID"]
    assert english == [], english
    en = rows_of(client.get("/api/v1/measurements/?format=csv", HTTP_ACCEPT_LANGUAGE="en"))[0]
    with translation.override("en"):
        assert en["Level"] == str(Level(en["Level (code)"]).label)
