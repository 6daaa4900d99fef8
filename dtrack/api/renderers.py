"""JSON responses written by orjson.

DRF's `JSONRenderer` walks the data with the standard library's encoder; for a scorecard of 600 targets that took
about a tenth of the request (docs/performance.md). This gives the same bytes (compact separators, UTF-8, U+2028
and U+2029 escaped as DRF does) several times faster; anything orjson does not know (lazy translations, Decimal,
datetime…) goes through DRF's own encoder. A request for indented output (`Accept: application/json; indent=4`)
is left to DRF. `tests/test_renderers.py` compares both byte for byte.
"""

import orjson
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder().default
# Dates and times as DRF writes them ("Z" for UTC): orjson's own form differs, so it hands them to DRF's encoder.
OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class JSONRenderer(DRFJSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        rendered = orjson.dumps(data, default=_fallback, option=OPTIONS)
        # As DRF does: these two are valid JSON but end a line in JavaScript.
        return rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
