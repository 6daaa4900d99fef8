"""Answers in the language of Accept-Language (Vietnamese by default), with a matching Content-Language."""

import pytest

from tests.factories import make_indicator, make_plan, make_province, make_target

pytestmark = pytest.mark.django_db


def detail_of(response, pointer):
    return next(error["detail"] for error in response.json()["errors"] if error["pointer"] == pointer)


@pytest.mark.parametrize(
    ("language", "reason"),
    [("vi", "mẫu số bằng 0"), ("en", "the denominator is zero")],
)
def test_figure_reader_reasons_follow_accept_language(client, language, reason):
    make_province(code="51", era="2025", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="a")
    body = {
        "province": "2025-51",
        "title": "Báo cáo",
        "reported_on": "2025-12-31",
        "measurements": [{"indicator": indicator.pk, "value_text": "1.223/0"}],
    }
    response = client.post(
        "/api/v1/progress-reports/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 422, response.content
    assert response["Content-Language"] == language
    assert detail_of(response, "#/measurements/0/value_text") == reason


@pytest.mark.parametrize(
    ("language", "rule", "unknown"),
    [
        ("vi", "Chưa có số liệu nào tính đến ngày đánh giá.", "Tham số truy vấn không được hỗ trợ."),
        ("en", "No measurement on or before the assessment date.", "Unknown query parameter."),
    ],
)
def test_explanation_rule_and_parameter_errors_follow_accept_language(client, language, rule, unknown):
    target = make_target(plan=make_plan(), indicator=make_indicator(code="b"), value=90)
    response = client.get(f"/api/v1/targets/{target.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Language"] == language
    assert response.json()["explanation"]["rule"] == rule
    refused = client.get("/api/v1/targets/", {"fields": "id"}, HTTP_ACCEPT_LANGUAGE=language)
    assert refused["Content-Language"] == language
    assert detail_of(refused, "#/fields") == unknown


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_problem_title_and_default_detail_has_a_vietnamese_translation():
    from django.utils import translation

    import accounts.idempotency  # noqa: F401  the modules that define problems, all imported
    import dtrack.api.conditional  # noqa: F401
    import indicators.outputs.report
    import indicators.services  # noqa: F401
    import reporting.workflow  # noqa: F401
    from dtrack.api.exceptions import _PHRASES, DomainError

    problems = [cls for cls in _subclasses(DomainError) if not cls.__module__.startswith("tests.")]
    assert len(problems) >= 10
    texts = set(_PHRASES) | {cls.title for cls in problems if cls.title}
    texts |= {str(cls.default_detail) for cls in problems if isinstance(cls.default_detail, str)}
    with translation.override("vi"):
        untranslated = sorted(text for text in texts if translation.gettext(text) == text)
    assert untranslated == []


@pytest.mark.parametrize(
    ("language", "title", "detail", "broken"),
    [
        ("vi", "Không tìm thấy", "Không có chỉ tiêu nào với mã này.", "lỗi ở dòng 1, cột 11"),
        ("en", "Not Found", "There is no target with this identifier.", "breaks at line 1, column 11"),
    ],
)
def test_not_found_and_broken_json_speak_the_readers_language(client, language, title, detail, broken):
    missing = client.get("/api/v1/targets/999999/", HTTP_ACCEPT_LANGUAGE=language)
    assert (missing.status_code, missing["Content-Language"]) == (404, language)
    assert (missing.json()["title"], missing.json()["detail"]) == (title, detail)
    response = client.post("/api/v1/plans/", '{"title": ', content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    assert response.status_code == 400 and broken in response.json()["detail"], response.json()
