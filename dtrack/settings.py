"""dtrack settings: one module, configured through DTRACK_* environment variables (see README)."""

import re
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dtrack.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DTRACK_DEBUG", False)
SECRET_KEY = env_str("DTRACK_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DTRACK_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DTRACK_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DTRACK_DEBUG-is-true"

ALLOWED_HOSTS = env_list("DTRACK_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DTRACK_CSRF_TRUSTED_ORIGINS")

# HTTPS (docs/security.md, "Deployment"). Off by default so that local HTTP (make run, make serve, tests) works;
# in production set DTRACK_HTTPS=true and DTRACK_HSTS_SECONDS, and `manage.py check --deploy` is clean.
DTRACK_HTTPS = env_bool("DTRACK_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("DTRACK_SECURE_SSL_REDIRECT", DTRACK_HTTPS)
SESSION_COOKIE_SECURE = env_bool("DTRACK_SESSION_COOKIE_SECURE", DTRACK_HTTPS)
CSRF_COOKIE_SECURE = env_bool("DTRACK_CSRF_COOKIE_SECURE", DTRACK_HTTPS)
SECURE_HSTS_SECONDS = env_int("DTRACK_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DTRACK_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DTRACK_HSTS_PRELOAD", False)
if env_bool("DTRACK_SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself (and strips it from clients' requests).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "accounts.apps.ProvinceAdminConfig",  # django.contrib.admin, open to province members (docs/security.md)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "provinces",
    "indicators",
    "reporting",
    "accounts",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dtrack.api.middleware.RejectNulMiddleware",
]

ROOT_URLCONF = "dtrack.urls"
WSGI_APPLICATION = "dtrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dtrack" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# One variable selects the database: a URL (postgres://user@host:5432/name). Default: SQLite under var/.
DATABASE_URL = env_str("DTRACK_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'dtrack.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DTRACK_DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers proceed while a writer commits; busy timeout waits instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# An index's `include` (a covering index for the targets list, indicators/models.py) is PostgreSQL's; on SQLite
# Django creates the index without it, which is what we want there, and says so with this warning.
SILENCED_SYSTEM_CHECKS = ["models.W040"]


def without_jit(database: dict) -> dict:
    """PostgreSQL's JIT compiled the assessment query for 20.5 s of a 21.9 s run (docs/performance.md): its cost
    estimates trigger it on every request and it never pays back here, so it is off for dtrack's connections."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return database


without_jit(DATABASES["default"])
# A connection the database dropped (restart, failover) is found before a request uses it, not by its 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Optional PostgreSQL read replica (docs/deployment.md): the GET requests of the API read from it, everything else
# (writes, the admin, commands, reads inside transactions) from "default". Unset: one database, no router.
REPLICA_DATABASE_URL = env_str("DTRACK_REPLICA_DATABASE_URL")
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = without_jit(
        dj_database_url.parse(REPLICA_DATABASE_URL, conn_max_age=env_int("DTRACK_DB_CONN_MAX_AGE", 60))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the primary through the replica alias
    DATABASE_ROUTERS = ["dtrack.db_router.ReplicaRouter"]
    MIDDLEWARE = ["dtrack.db_router.ReadReplicaMiddleware", *MIDDLEWARE]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]

# A change's reason in history is what a person wrote (returning a report, unlocking a period): kept whole.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's "vi" locale has the separators but no grouping; without this 1234567 prints as "1234567".
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3
FORMAT_MODULE_PATH = ["dtrack.formats"]

# The cache holds the throttling counts. Local memory (the default) is per process: with N gunicorn workers a client
# gets up to N times the rate. DTRACK_CACHE_URL=file:///var/cache/dtrack shares it between the workers of one host,
# redis://host:6379/0 between hosts (needs `pip install redis`).
CACHE_URL = env_str("DTRACK_CACHE_URL")


def _cache(url: str) -> dict:
    if not url or url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dtrack"}
    if url.startswith("file://"):
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": url[len("file://") :]}
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"DTRACK_CACHE_URL must start with locmem://, file:// or redis://, not {url!r}.")


CACHES = {"default": _cache(CACHE_URL)}

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded evidence (docs/reporting.md), through Django's storage API: local files under var/media by default.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DTRACK_MEDIA_ROOT") or VAR_DIR / "media")
DTRACK_EVIDENCE_MAX_BYTES = env_int("DTRACK_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)

# Reminders (manage.py send_reminders): the console backend unless DTRACK_EMAIL_HOST is set (then SMTP).
EMAIL_HOST = env_str("DTRACK_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("DTRACK_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DTRACK_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("DTRACK_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("DTRACK_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DTRACK_EMAIL_FROM", "dtrack@localhost")

# Webhooks (manage.py deliver_webhooks, docs/outputs.md): HTTP timeout and retries of each delivery. Private,
# loopback and link-local receivers are refused (SSRF) unless DTRACK_WEBHOOKS_ALLOW_PRIVATE (docs/deployment.md).
DTRACK_WEBHOOKS_ALLOW_PRIVATE = env_bool("DTRACK_WEBHOOKS_ALLOW_PRIVATE", False)
DTRACK_WEBHOOKS_TIMEOUT = env_int("DTRACK_WEBHOOKS_TIMEOUT", 10)
DTRACK_WEBHOOKS_MAX_ATTEMPTS = env_int("DTRACK_WEBHOOKS_MAX_ATTEMPTS", 10)
DTRACK_WEBHOOKS_BACKOFF = env_int("DTRACK_WEBHOOKS_BACKOFF", 30)
DTRACK_WEBHOOKS_BACKOFF_MAX = env_int("DTRACK_WEBHOOKS_BACKOFF_MAX", 6 * 3600)
DTRACK_WEBHOOKS_BATCH = env_int("DTRACK_WEBHOOKS_BATCH", 20)
DTRACK_WEBHOOKS_POLL = env_int("DTRACK_WEBHOOKS_POLL", 5)

# Who may read and write (accounts/policy.py). false: reading needs a signed-in user or a token too.
DTRACK_PUBLIC_READ = env_bool("DTRACK_PUBLIC_READ", True)

RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


def _rate(name: str, default: str) -> str | None:
    """A DRF throttle rate ("600/min"); "off" (or empty) switches the limit off."""
    raw = env_str(name, default).strip().lower()
    if raw in ("", "off", "none"):
        return None
    if not RATE.match(raw):
        raise ImproperlyConfigured(f"{name} must look like 600/min (number/s|min|hour|day) or off, not {raw!r}.")
    return raw


THROTTLE_ANON = _rate("DTRACK_THROTTLE_ANON", "600/min")
THROTTLE_USER = _rate("DTRACK_THROTTLE_USER", "3000/min")
THROTTLE_AUTH_FAILURES = _rate("DTRACK_THROTTLE_AUTH_FAILURES", "30/min")

REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_PAGINATION_CLASS": "dtrack.api.pagination.LimitOffsetPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON only: one request media type keeps the contract (and generated clients) simple.
    "DEFAULT_PARSER_CLASSES": ["dtrack.api.parsers.JSONParser"],
    # Dates in bodies as YYYY-MM-DD only: Python's fromisoformat would also take 20250101 and 2025-W01.
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "DEFAULT_RENDERER_CLASSES": [
        "dtrack.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "dtrack.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "dtrack.api.exceptions.problem_exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # docs/security.md: tokens for systems, sessions (with CSRF) for people; the first class names the 401 scheme.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Reads per DTRACK_PUBLIC_READ, writes by staff; the viewsets of province data widen writes per role.
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.ReadOnlyUnlessStaff"],
    "DEFAULT_THROTTLE_CLASSES": ["dtrack.api.throttling.AnonRateThrottle", "dtrack.api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": THROTTLE_ANON, "user": THROTTLE_USER, "auth_failure": THROTTLE_AUTH_FAILURES},
    # Anonymous clients are throttled per IP: REMOTE_ADDR, or the address this many proxies back in
    # X-Forwarded-For. 0 (the default) never trusts X-Forwarded-For, which any client can write.
    "NUM_PROXIES": env_int("DTRACK_NUM_PROXIES", 0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "dtrack API",
    "DESCRIPTION": "Government targets against achievements: gap to target and deadline status for every indicator.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "ProvinceKindEnum": "provinces.models.ProvinceKind",
        "ProvinceEraEnum": "provinces.models.Era",
        # Enums of the indicators app. The StrEnums of indicators.rules.assessment are given as value lists: a
        # ChoiceField over them holds (value, value) pairs, which is what has to match.
        "TargetStatusEnum": "indicators.api.serializers.common.TARGET_STATUSES",
        "DeadlineStatusEnum": "indicators.api.serializers.common.DEADLINE_STATUSES",
        "ReferenceSourceEnum": "indicators.api.serializers.common.REFERENCE_SOURCES",
        "ComparatorEnum": "indicators.models.Comparator",
        "QualifierEnum": "indicators.models.QualifierChoice",
        "LevelEnum": "indicators.models.Level",
        "UnitEnum": "indicators.models.Unit",
        "PillarEnum": "indicators.models.Pillar",
        "DirectionEnum": "indicators.models.Direction",
        "PlanStatusEnum": "indicators.models.Plan.Status",
        "DocumentTypeEnum": "indicators.models.Plan.DocumentType",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dtrack.api.schema.postprocess_named_enums",
        "dtrack.api.schema.postprocess_strict_inputs",
        "dtrack.api.examples.postprocess_examples",  # one example per component, from the demo data
    ],
    # Relative: the server that serves this document (Swagger's "Try it out" calls the host it was opened on, in
    # development or production); a generated client is given its base URL, e.g. http://127.0.0.1:8000 (make run).
    "SERVERS": [
        {"url": "/", "description": "Máy chủ phục vụ tài liệu này (khi chạy make run: http://127.0.0.1:8000)"},
    ],
    "TAGS": [
        {"name": "api", "description": "Điểm vào của API: liên kết tới mọi tập tài nguyên và tài liệu."},
        {"name": "provinces", "description": "Tỉnh, thành phố của hai thời kỳ (63 đơn vị từ 2008, 34 từ 1/7/2025)."},
        {"name": "indicators", "description": "Chỉ số được đo: tên, đơn vị, chiều tốt, trụ cột; xếp hạng tỉnh."},
        {"name": "plans", "description": "Văn bản đặt chỉ tiêu (Quyết định, Nghị quyết, Kế hoạch…); bảng điểm."},
        {"name": "targets", "description": "Chỉ tiêu và đánh giá: khoảng cách, tình trạng, hạn; chuỗi số liệu."},
        {"name": "progress-reports", "description": "Báo cáo tiến độ của một tỉnh, kèm các số liệu."},
        {"name": "measurements", "description": "Số liệu: giá trị của một chỉ số ở một cấp, tại một ngày."},
    ],
}

# Assessment thresholds (docs/assessment.md). Decimal strings keep the boundaries exact.
DTRACK_ON_TRACK_RATIO = Decimal(env_str("DTRACK_ON_TRACK_RATIO", "0.95"))
DTRACK_AT_RISK_RATIO = Decimal(env_str("DTRACK_AT_RISK_RATIO", "0.60"))
DTRACK_DUE_SOON_DAYS = env_int("DTRACK_DUE_SOON_DAYS", 90)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DTRACK_LOG_LEVEL", "INFO")},
}
