"""Serializers of the reporting cycle's API (output; the few inputs are a reason and a file)."""

from rest_framework import serializers

from dtrack.api.inputs import StrictCharField, StrictInputMixin
from indicators.api.serializers.briefs import ProvinceBriefSerializer
from indicators.rules.cycle import Compliance
from reporting.models import Evidence, Reminder, ReportingPeriod, ReportingRegime

SHARE = {"max_digits": 5, "decimal_places": 4, "allow_null": True}


class RegimeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingRegime
        fields = [
            "id",
            "name",
            "legal_basis",
            "frequency",
            "cutoff_day",
            "deadline_days",
            "due_soon_days",
            "indicators",
            "levels",
            "units",
            "starts_on",
            "ends_on",
        ]
        read_only_fields = fields
        extra_kwargs = {"units": {"help_text": "Ids of the reporting units; empty: every unit in force."}}


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "regime", "year", "number", "label", "window_start", "window_end", "due_on"]
        read_only_fields = fields


class BestReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    submitted_on = serializers.DateField()


class ObligationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="obligation.id")
    province = ProvinceBriefSerializer(source="obligation.province")
    period = PeriodSerializer(source="obligation.period")
    status = serializers.ChoiceField(choices=[c.value for c in Compliance])
    timeliness = serializers.ChoiceField(
        choices=["on_time", "late", "missing"], allow_null=True, help_text="Null while the report is not due."
    )
    report = BestReportSerializer(allow_null=True, help_text="The report judged: approved, else submitted.")
    closed_at = serializers.DateTimeField(source="obligation.closed_at", allow_null=True)


class RatesSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Province key, regime id or period id.")
    name = serializers.CharField()
    expected = serializers.IntegerField(help_text="Obligations due on or before as_of.")
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    on_time_rate = serializers.DecimalField(**SHARE)
    late_rate = serializers.DecimalField(**SHARE)
    missing_rate = serializers.DecimalField(**SHARE)


class RatesReportSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    by = serializers.ChoiceField(choices=["unit", "regime", "period"])
    results = RatesSerializer(many=True)


class ReminderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reminder
        fields = ["id", "obligation", "kind", "occasion", "recipients", "subject", "sent_at"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "report",
            "measurement",
            "file",
            "original_name",
            "content_type",
            "size",
            "narrative",
            "uploaded_at",
        ]
        read_only_fields = fields

    def get_file(self, evidence) -> str | None:
        return evidence.file.url if evidence.file else None


class EvidenceUploadSerializer(StrictInputMixin, serializers.Serializer):
    report = serializers.IntegerField(help_text="Id of the progress report.")
    # Not nullable: a multipart form has no null; leave it out for evidence of the whole report.
    measurement = serializers.IntegerField(required=False, help_text="Id of one of its figures.")
    file = serializers.FileField(required=False, allow_empty_file=False, use_url=False)
    narrative = StrictCharField(required=False, allow_blank=True, default="", max_length=20000)


class ReasonSerializer(StrictInputMixin, serializers.Serializer):
    reason = StrictCharField(required=False, allow_blank=True, default="", max_length=1000)


class RequiredReasonSerializer(StrictInputMixin, serializers.Serializer):
    reason = StrictCharField(max_length=1000, help_text="Why (required); kept in the obligation's history.")
