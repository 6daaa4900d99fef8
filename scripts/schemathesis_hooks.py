"""schemathesis hooks for scripts/fuzz_api.sh: each POST's Idempotency-Key made unique.

Hypothesis draws the same short key ("0", "A") again and again, and replays whole sequences while it shrinks a
stateful test. The API then does what the header promises: the same key and body get the first answer again,
naming a resource an earlier step of the sequence may have deleted since, which the "created resource not found"
check takes for a bug. A fresh suffix keeps every key valid and every generated value in it, and makes each call
a new request, as a real client's keys are; replays themselves are tested in tests/api/test_idempotency.py.
"""

import itertools
import re

import schemathesis

KEY = re.compile(r"[\x21-\x7e]{1,255}")
HEADER = "Idempotency-Key"
_calls = itertools.count(1)


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    for name in [name for name in headers if name.lower() == HEADER.lower()]:
        key = headers[name]
        if isinstance(key, str) and KEY.fullmatch(key):
            suffix = f".{next(_calls)}"
            headers[name] = key[: 255 - len(suffix)] + suffix
