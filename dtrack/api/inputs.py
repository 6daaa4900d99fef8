"""Strict request bodies: what a client sends is used or refused with a 400, never dropped or coerced.

- a property the body does not take (`{"titel": …}`) is a 400 naming it, at any depth (`#/measurements/0/x`);
- a text field takes text: `{"reason": 0}` is a 400, where DRF alone would store "0".

The schema says the same (openapi.yaml: `additionalProperties: false` on every request body, see
`dtrack.api.schema.postprocess_strict_inputs`). Read-only fields of a representation sent back (a client that PUTs
what it read) are not unknown: they are ignored, as their description says.
"""

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

__all__ = ["StrictCharField", "StrictDecimalField", "StrictInputMixin", "StrictSlugField", "StrictSlugRelatedField"]


# What the browsable API's HTML forms add to the fields.
FORM_EXTRAS = {"csrfmiddlewaretoken"}


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": _("Not a valid string.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            # Before trimming: the schema's maxLength counts every character sent.
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictSlugField(StrictCharField, serializers.SlugField):
    """A key (an indicator's code): text only, as StrictCharField; `{"code": 0}` was stored as "0"."""


class StrictDecimalField(serializers.DecimalField):
    """A number as a string or a JSON number; an empty string is refused (DRF reads it as null where null is
    allowed: `"denominator": ""` passed as "no denominator")."""

    def validate_empty_values(self, data):
        if isinstance(data, str) and not data.strip():
            self.fail("invalid")
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        # The schema declares a decimal as a string ("90.5"): a JSON number (90.5) is refused, not converted
        # through a float.
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false: DRF also takes 0, 1, "yes", "on"…, which the schema's boolean does not."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictSlugRelatedField(serializers.SlugRelatedField):
    """A related object by its key; an empty string is refused (DRF reads it as null: `"province": ""` made a
    national plan), null stays null where allowed."""

    default_error_messages = {"blank": _("This field may not be blank.")}

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)


class StrictInputMixin:
    """For serializers that take input: unknown properties refused, text fields strict."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.DecimalField: StrictDecimalField,
        models.BooleanField: StrictBooleanField,
    }

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields) - FORM_EXTRAS)  # type: ignore[attr-defined]
            if unknown:
                message = _("Unknown field: this request does not take it.")
                raise serializers.ValidationError(
                    {name: [ErrorDetail(message, code="unknown_field")] for name in unknown}
                )
        return super().to_internal_value(data)  # type: ignore[misc]
