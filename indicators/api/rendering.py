"""A judged target as the API shows it, built directly as a dict.

`TargetSerializer` declares the fields (and so the OpenAPI schema); this builds the same output without DRF's
per-field machinery, which cost more than the rest of a list request together (docs/performance.md). Each value
goes through the same DRF field's `to_representation` the serializer would use, and
`tests/api/test_rendering.py` checks the result equals DRF's own rendering on every kind of row.
"""

from datetime import date
from decimal import Decimal

from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from indicators.judging import judging_basis
from indicators.models import VALUE, IndexFamily
from indicators.rule_texts import rule_text
from indicators.rules import dti
from indicators.rules.cascade import Flag

# Each cascade flag's column on Target (indicators/maintained.py FLAGS, kept by indicators/cascade.py).
FLAG_COLUMNS = tuple((flag.value, f"flag_{flag.value}") for flag in Flag)

__all__ = [
    "cascade_dict",
    "explanation_dict",
    "figure_cohort",
    "flags_of",
    "report_measurement_dict",
    "scorecard_target_dict",
    "target_dict",
]

_VALUE = serializers.DecimalField(**VALUE)
_SHOWN = serializers.DecimalField(max_digits=None, decimal_places=4)
_GAP = serializers.DecimalField(max_digits=21, decimal_places=4)
_RELATIVE = serializers.DecimalField(max_digits=9, decimal_places=4)
_DATE = serializers.DateField()
_DATE_IS_ISO = str(api_settings.DATE_FORMAT).lower() == ISO_8601


def _decimal(field, value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        sign, digits, exponent = value.as_tuple()
        if exponent == -4 and len(digits) <= (field.max_digits or len(digits)):
            return f"{value:f}"  # what the field's quantize would give: already at its 4 places
    return field.to_representation(value)


def _date(value):
    if value is None:
        return None
    if _DATE_IS_ISO and type(value) is date:
        return value.isoformat()  # what DateField.to_representation gives for ISO 8601, without its checks
    return _DATE.to_representation(value)


def _plan(plan) -> dict:
    return {
        "id": plan.id,
        "document_type": plan.document_type,
        "number": plan.number,
        "title": plan.title,
        "issuer": plan.issuer,
        "issued_on": _date(plan.issued_on),
        "status": plan.status,
        "province": plan.province.key if plan.province_id else None,
    }


def _indicator(indicator) -> dict:
    return {
        "id": indicator.id,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
    }


def _point(point) -> dict | None:
    return None if point is None else {"date": _date(point["date"]), "value": _decimal(_SHOWN, point["value"])}


def explanation_dict(explanation: dict) -> dict:
    """`ExplanationSerializer` output for `assessment.Assessment.explanation`."""
    thresholds = explanation["thresholds"]
    latest, reference, expected = explanation.get("latest"), explanation.get("reference"), explanation.get("expected")
    return {
        "as_of": _date(explanation["as_of"]),
        "comparator": explanation["comparator"],
        "target": _decimal(_VALUE, explanation["target"]),
        "deadline": _date(explanation["deadline"]),
        "thresholds": {
            "on_track": _decimal(_SHOWN, thresholds["on_track"]),
            "at_risk": _decimal(_SHOWN, thresholds["at_risk"]),
            "due_soon_days": thresholds["due_soon_days"],
        },
        "latest": None
        if latest is None
        else {
            "date": _date(latest["date"]),
            "value": _decimal(_VALUE, latest["value"]),
            "qualifier": latest["qualifier"],
            "is_estimate": latest["is_estimate"],
            "ref": latest["ref"],
        },
        "reference": None
        if reference is None
        else {
            "date": _date(reference["date"]),
            "value": _decimal(_VALUE, reference["value"]),
            "source": reference["source"],
        },
        "expected": None
        if expected is None
        else {
            "value": _decimal(_SHOWN, expected["value"]),
            "from": _point(expected["from"]),
            "to": _point(expected["to"]),
        },
        "ratio": _decimal(_SHOWN, explanation.get("ratio")),
        "rule": rule_text(explanation["rule"]),
    }


def target_dict(row) -> dict:
    """`TargetSerializer` output for a target whose `judged` is set (indicators/judging.py)."""
    result = row.judged.assessment
    latest = result.latest
    return {
        "id": row.id,
        "plan": _plan(row.plan),
        "indicator": _indicator(row.indicator),
        "level": row.level,
        "comparator": row.comparator,
        "value": _decimal(_VALUE, row.value),
        "relative_change": _decimal(_RELATIVE, row.relative_change),
        "unit": row.unit,
        "deadline": _date(row.deadline),
        "baseline_value": _decimal(_VALUE, row.baseline_value),
        "baseline_date": _date(row.baseline_date),
        "milestones": [{"on": _date(m.on), "value": _decimal(_VALUE, m.value)} for m in row.milestone_points()],
        "source_quote": row.source_quote,
        "source_note": row.source_note,
        "cohort": row.cohort,
        "relative_form": row.relative_form,
        "value_source": row.value_source,
        "caveat": row.caveat or None,
        "caveat_note": row.caveat_note,
        "continues": row.continues_id,
        "parent": row.parent_id,
        "responsible_unit": row.responsible_unit,
        "flags": flags_of(row),
        "latest": None
        if latest is None
        else latest_dict(latest.ref, latest.on, latest, row.judged.latest_province_key),
        "gap": _decimal(_GAP, result.gap),
        "progress": _decimal(_SHOWN, result.progress),
        "status": result.status.value,
        "deadline_status": result.deadline_status.value,
        "days_remaining": result.days_remaining,
        "provisional": result.provisional,
        "declining": result.declining,
        "explanation": explanation_dict(result.explanation) | judging_basis(row, row.judged),
    }


def flags_of(row) -> list[str]:
    """The cascade flags stored on a target, as the API names them."""
    return [name for name, column in FLAG_COLUMNS if getattr(row, column)]


def cascade_dict(row) -> dict:
    """The detail's cascade: the children judged on the same day (`row.children`, `row.children_by_status`: set by
    the view from indicators/cascade.py) and the ids of the targets it competes with (`row.competing_with`)."""
    return {
        "children": {
            "count": len(row.children_rows),
            "by_status": row.children_by_status,
            "targets": [
                {
                    "id": child.id,
                    "plan": _plan(child.plan),
                    "level": child.level,
                    "responsible_unit": child.responsible_unit,
                    "comparator": child.comparator,
                    "value": _decimal(_VALUE, child.value),
                    "deadline": _date(child.deadline),
                    "status": child.judged.assessment.status.value,
                    "deadline_status": child.judged.assessment.deadline_status.value,
                    "flags": flags_of(child),
                }
                for child in row.children_rows
            ],
        },
        "competing_with": list(row.competing_with),
    }


def figure_cohort(m) -> int | None:
    """Among how many units a figure ranks (indicators/rules/dti.py); reads its indicator (load it)."""
    return dti.cohort(m.unit, m.indicator.index_family == IndexFamily.DTI, m.denominator, m.as_of)


def scorecard_target_dict(row) -> dict:
    """`ScorecardTargetSerializer` output for a target from `aggregates.judged_targets`."""
    latest = row.latest
    return {
        "id": row.id,
        "indicator": _indicator(row.indicator),
        "level": row.level,
        "comparator": row.comparator,
        "value": _decimal(_VALUE, row.value),
        "deadline": _date(row.deadline),
        "latest": None if latest is None else latest_dict(latest.id, latest.as_of, latest, latest.province),
        "gap": _decimal(_GAP, row.gap),
        "status": row.status,
        "deadline_status": row.deadline_status,
        "days_remaining": row.days_remaining,
        "provisional": row.provisional,
        "declining": row.declining,
    }


def latest_dict(ref, on, figure, province: str | None) -> dict:
    """`LatestMeasurementSerializer` output: a target's newest figure (`figure` has value, qualifier, is_estimate)."""
    return {
        "id": ref,
        "as_of": _date(on),
        "value": _decimal(_VALUE, figure.value),
        "qualifier": str(figure.qualifier),
        "is_estimate": figure.is_estimate,
        "province": province,
    }


def report_measurement_dict(m) -> dict:
    """`ReportMeasurementSerializer` output: a figure inside its report (a report may bring thousands)."""
    return {
        "id": m.id,
        "indicator": _indicator(m.indicator),
        "level": m.level,
        "as_of": _date(m.as_of),
        "as_of_precision": m.as_of_precision,
        "value": _decimal(_VALUE, m.value),
        "qualifier": m.qualifier,
        "is_estimate": m.is_estimate,
        "numerator": _decimal(_VALUE, m.numerator),
        "denominator": _decimal(_VALUE, m.denominator),
        "value_text": m.value_text,
        "note": m.note,
        "methodology": m.methodology,
        "cohort": figure_cohort(m),
    }
