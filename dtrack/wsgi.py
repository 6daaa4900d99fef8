"""The WSGI entry point (gunicorn: `dtrack.wsgi:application`)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtrack.settings")
application = get_wsgi_application()

# Import now what the first request would (URLconf, views, serializers), then take everything loaded so far out of
# the cyclic garbage collector's rounds: the objects a process keeps for life otherwise get scanned again in every
# full collection, which made one request in a hundred 5-10x slower than the rest (docs/performance.md, "Tail
# latency": p99 132 -> 37 ms for a page of targets, one process).
get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
