"""What the indicators API's serializers share: the enumerations' choice lists (named in the OpenAPI schema by
ENUM_NAME_OVERRIDES, dtrack/settings.py), the decimals as shown, a source URL field."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dtrack.api.inputs import StrictCharField
from indicators.models import source_url_validator
from indicators.rules.assessment import DeadlineStatus, Status
from indicators.rules.cascade import Flag
from indicators.rules.inputs import SOURCE_URL_PATTERN

# Choice lists of the StrEnums as (value, value) pairs, which is what a ChoiceField over them holds.
# ENUM_NAME_OVERRIDES points here: given the Enum class, drf-spectacular would hash (value, NAME) pairs instead
# and the names would not apply.
TARGET_STATUSES = [s.value for s in Status]


DEADLINE_STATUSES = [s.value for s in DeadlineStatus]


FLAG_CHOICES = [f.value for f in Flag]


REFERENCE_SOURCES = ["baseline", "earliest_measurement"]


SHOWN_DECIMAL = {"max_digits": None, "decimal_places": 4}


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 500,
        "pattern": SOURCE_URL_PATTERN,
        "description": "Address of the source document (http or https, with a host name), or empty.",
    }
)
class SourceURLField(StrictCharField):
    """A URL that may be empty. A URLField would be declared `format: uri`, which "" (no source) is not: found by
    schemathesis (ST108, response violates schema). The URL is checked here instead, by the models' validator
    (indicators/rules/inputs.py SOURCE_URL_PATTERN, which the schema states)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        if not kwargs.get("read_only"):
            kwargs.setdefault("allow_blank", True)
            kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value:
            try:
                source_url_validator(value)
                URLValidator()(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages, code="invalid") from None
        return value
