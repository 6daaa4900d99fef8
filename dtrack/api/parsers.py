"""The JSON parser of the API: DRF's, with the inputs it would let through to a 500 answered 400 instead.

- JSON nested deeper than Python's recursion limit (`[[[[…]]]]` a thousand deep) raised RecursionError;
- a lone surrogate (`"\\ud800"`) is valid JSON but no text: it could not be stored, echoed in an error (the orjson
  renderer refuses it) or fingerprinted for Idempotency-Key;
- a NUL character cannot be stored by PostgreSQL in any text column.
"""

import re

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

__all__ = ["JSONParser", "bad_text"]


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None
        except ParseError as exc:
            raise ParseError(located(str(exc.detail))) from None
        try:
            problem = bad_text(data)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None
        if problem:
            raise ParseError(problem)
        return data


# DRF's message carries Python's, in English: "JSON parse error - Expecting value: line 1 column 10 (char 9)".
_WHERE = re.compile(r"line (\d+) column (\d+)")


def located(message: str) -> str:
    """DRF's JSON parse error in the reader's language, with the line and column where the JSON breaks."""
    if where := _WHERE.search(message):
        return _("The body is not valid JSON: it breaks at line %(line)s, column %(column)s.") % {
            "line": where.group(1), "column": where.group(2)
        }  # fmt: skip
    return _("The body is not valid JSON.")


def bad_text(data) -> str | None:
    """Why a string in `data` (keys included) cannot be taken, or None."""
    if isinstance(data, str):
        if "\x00" in data:
            return _("JSON parse error - a string contains a NUL character.")
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return _("JSON parse error - a string contains a lone surrogate (\\ud800-\\udfff).")
        return None
    if isinstance(data, dict):
        for key, value in data.items():
            if problem := bad_text(key) or bad_text(value):
                return problem
    elif isinstance(data, list):
        for item in data:
            if problem := bad_text(item):
                return problem
    return None
