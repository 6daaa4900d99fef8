"""The hand-built target body (indicators/api/rendering.py) equals DRF's rendering of the declared fields.

On the parity test's generated targets: every status and deadline status, every qualifier, baselines present and
absent, milestones, national and provincial plans, rows judged from maintained facts and from searched ones.
"""

import json
import random
from datetime import date

import pytest

from indicators.api.serializers import ReportMeasurementSerializer, TargetDetailSerializer, TargetSerializer
from indicators.api.serializers.aggregates import ScorecardTargetSerializer
from indicators.api.views import TargetViewSet
from indicators.conf import thresholds
from indicators.judging import judge_targets
from indicators.models import Measurement, Target
from indicators.selectors.aggregates import judged_targets
from indicators.state import store_assessments
from tests.indicators.test_parity import build_cases, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("as_of", [date(2024, 10, 11), date(2025, 12, 31)])
def test_fast_rendering_equals_drf_rendering(world, as_of):  # noqa: F811
    provinces, _ = world
    build_cases(random.Random(f"render-{as_of}"), provinces, as_of)
    rows = list(TargetViewSet.page_rows(Target.objects.order_by("pk")))
    judged = judge_targets(rows, as_of, thresholds())
    context = {"as_of": as_of, "thresholds": thresholds()}
    statuses = set()
    for row in rows:
        row.judged = judged[row.pk]
        # No cascade among the generated targets (tests/api/test_cascade.py renders children both ways).
        row.children_rows, row.children_by_status, row.competing_with = [], {}, []
        statuses.add(judged[row.pk].assessment.status)
        for serializer in (TargetSerializer(context=context), TargetDetailSerializer(context=context)):
            fast, generic = serializer.to_representation(row), serializer.generic_representation(row)
            # Compared as JSON: the same keys in the same order, the same strings for every decimal and date.
            assert json.dumps(fast) == json.dumps(generic), row.pk
    assert len(statuses) == 7 and len(rows) > 1000

    scorecard = ScorecardTargetSerializer()
    judged_rows = judged_targets(Target.objects.all(), as_of)
    for row in judged_rows:
        assert json.dumps(scorecard.to_representation(row)) == json.dumps(scorecard.generic_representation(row))

    # Scorecards read the stored assessment when it holds for as_of: the same answer as judging every target.
    store_assessments(Target.objects.all(), on=as_of)
    stored_rows = judged_targets(Target.objects.all(), as_of, use_stored=True)
    # Judged again: the targets with a figure dated after as_of, and a merged unit's (its predecessors' figures
    # combined are in no stored column).
    later = {row.pk for row in stored_rows if row.known_latest_as_of and row.known_latest_as_of > as_of}
    merged = {row.pk for row in stored_rows if (row.plan_predecessors or 0) > 1}
    assert {row.pk for row in stored_rows if hasattr(row, "judged")} == later | merged
    later |= merged
    assert len(stored_rows) - len(later) > 800
    assert [scorecard.to_representation(r) for r in stored_rows] == [
        scorecard.to_representation(r) for r in judged_rows
    ]


def test_report_measurements_render_as_drf_would(world):  # noqa: F811
    provinces, _ = world
    build_cases(random.Random("render-report"), provinces, date(2024, 10, 11))
    figures = list(Measurement.objects.select_related("indicator").order_by("pk"))
    Measurement.objects.filter(pk__in=[m.pk for m in figures[::7]]).update(
        numerator=1223, denominator=1712, value_text="1.223/1.712", note="ghi chú"
    )
    figures = list(Measurement.objects.select_related("indicator").order_by("pk"))
    serializer = ReportMeasurementSerializer()
    assert len(figures) > 1000 and any(m.numerator for m in figures)
    for m in figures:
        assert json.dumps(serializer.to_representation(m)) == json.dumps(serializer.generic_representation(m))
