"""Settings of the benchmark server: the real application, plus what only the benchmark enables.

`DJANGO_SETTINGS_MODULE=bench.settings` is the only switch: it adds the floor endpoint (bench/urls.py) and a
middleware that counts the SQL statements of each request into an `X-Bench-Queries` response header. Nothing here
is imported by dtrack's own settings or URLs, so a normal deployment cannot expose them.
"""

from dtrack.settings import *  # noqa: F403
from dtrack.settings import LOGGING, MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# An access log line per request would cost as much as the floor itself.
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}
