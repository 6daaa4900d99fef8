"""The filter sets' forms (indicators/filtersets.py) are built once per filter set and language, not per request;
their labels stay in the language asked for."""

from django.utils import translation

from indicators.filtersets import PlanFilterSet, TargetFilterSet


def form_class(filterset, language):
    with translation.override(language):
        return filterset(data={}).get_form_class()


def test_one_form_class_per_filter_set_and_language():
    assert form_class(TargetFilterSet, "vi") is form_class(TargetFilterSet, "vi")
    assert form_class(TargetFilterSet, "en") is not form_class(TargetFilterSet, "vi")
    assert form_class(PlanFilterSet, "vi") is not form_class(TargetFilterSet, "vi")
    assert form_class(TargetFilterSet, "vi").base_fields["plan_status"].label == "Kế hoạch tình trạng"
    assert form_class(TargetFilterSet, "en").base_fields["plan_status"].label == "Plan status"


def test_each_request_validates_its_own_values():
    with translation.override("en"):
        first, second = TargetFilterSet(data={"status": ["off_track"]}), TargetFilterSet(data={"status": ["nope"]})
        assert first.is_valid() and first.form.cleaned_data["status"] == ["off_track"]
        assert not second.is_valid() and "status" in second.errors
