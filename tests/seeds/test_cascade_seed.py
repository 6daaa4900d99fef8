"""The seed's cascade and DTI: the Quảng Ngãi draft's targets derive from the 749/QĐ-TTg targets they repeat, the
national targets show them as children, and the DTI indicators carry their family (docs/data.md)."""

import pytest
from django.test import Client

from indicators.models import Indicator, Target

pytestmark = pytest.mark.usefixtures("seeded")

# Quảng Ngãi draft target → the 749/QĐ-TTg target of the same indicator and level (fixtures/plans.json).
LINKS = {301: 101, 302: 102, 303: 103, 304: 104, 310: 107, 311: 108, 312: 113, 313: 114, 319: 109}


def test_the_draft_targets_derive_from_the_national_ones():
    assert dict(Target.objects.filter(parent__isnull=False).values_list("pk", "parent_id")) == LINKS
    for child, parent in Target.objects.filter(pk__in=LINKS).values_list("pk", "parent__plan__number"):
        assert parent == "749/QĐ-TTg", child
    # Each repeats its national value or is stricter (319: "tối thiểu 70%" against 7%): nothing is looser.
    looser = Target.objects.filter(pk__in=LINKS).filter(flag_looser_value=True) | Target.objects.filter(
        pk__in=LINKS, flag_later_deadline=True
    )
    assert not looser.exists()


def test_a_national_target_lists_the_draft_target_among_its_children():
    body = Client().get("/api/v1/targets/102/", {"as_of": "2024-10-11"}).json()
    assert body["children"]["count"] == 1
    [child] = body["children"]["targets"]
    assert (child["id"], child["level"], child["plan"]["status"]) == (302, "provincial", "draft")
    assert child["status"] == "achieved"  # "trên 99%" against ≥ 90% (the seed's report of 11/10/2024)
    assert body["children"]["by_status"]["achieved"] == 1
    listed = Client().get("/api/v1/targets/", {"parent": 101}).json()["results"]
    assert [row["id"] for row in listed] == [301]


def test_the_dti_indicators_are_of_the_dti_family():
    codes = set(Indicator.objects.filter(index_family="dti").values_list("code", flat=True))
    assert codes == {
        "xep-hang-dti-cap-tinh",
        "diem-dti-cap-tinh",
        "diem-dti-chinh-quyen-so",
        "xep-hang-dti-chinh-quyen-so",
        "diem-dti-kinh-te-so",
        "xep-hang-dti-kinh-te-so",
        "diem-dti-xa-hoi-so",
        "xep-hang-dti-xa-hoi-so",
    }
    # The leading-group targets: rank ≤ N among 63, with the words and N's source on the target.
    for target in Target.objects.filter(indicator__code="xep-hang-dti-cap-tinh"):
        assert (target.comparator, target.cohort) == ("at_most", 63)
        assert "dẫn đầu" in target.relative_form and target.value_source
