"""Serializers of the indicators API: `<Model>Serializer` for output, `<Model>WriteSerializer` for input, one module
a resource (`indicators.py`, `plans.py`, `targets.py`, `reports.py`, `measurements.py`, `aggregates.py`).

Output nests related objects briefly (`briefs.py`, shared with the aggregate views and the reporting API, so each
is one OpenAPI component); input takes them by id, provinces by key. Serializers check shape and format only: the
domain rules are in `indicators.services`. A target's assessment (status, gap…) comes from the pure rules
(`row.judged`, indicators/judging.py; its explanation: `assessment.py`), never computed here.

The viewsets' serializers are re-exported here (`from indicators.api import serializers as s`).
"""

from indicators.api.serializers.indicators import IndicatorSerializer
from indicators.api.serializers.measurements import (
    MeasurementSerializer,
    MeasurementWriteSerializer,
    ReportMeasurementSerializer,
)
from indicators.api.serializers.plans import PlanSerializer, PlanWriteSerializer
from indicators.api.serializers.reports import (
    ProgressReportSerializer,
    ProgressReportUpdateSerializer,
    ProgressReportWriteSerializer,
    ReasonedTransitionSerializer,
    TransitionSerializer,
)
from indicators.api.serializers.targets import TargetDetailSerializer, TargetSerializer, TargetWriteSerializer

__all__ = [
    "IndicatorSerializer",
    "MeasurementSerializer",
    "MeasurementWriteSerializer",
    "PlanSerializer",
    "PlanWriteSerializer",
    "ProgressReportSerializer",
    "ProgressReportUpdateSerializer",
    "ProgressReportWriteSerializer",
    "ReasonedTransitionSerializer",
    "ReportMeasurementSerializer",
    "TargetDetailSerializer",
    "TargetSerializer",
    "TargetWriteSerializer",
    "TransitionSerializer",
]
