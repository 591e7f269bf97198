"""Jornada settings: read from the environment only (12-factor).

Development defaults run everything embedded: SQLite, SMS to the console and Celery
over kombu's filesystem transport (a real worker, no broker service). ``DJANGO_ENV=production``
refuses to start without the secrets it needs.
"""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    _missing = [
        name
        for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CELERY_BROKER_URL")
        if not env.str(name, default="")
    ]
    if _missing:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs these environment variables: " + ", ".join(_missing)
        )

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-" + "x" * 32)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "centers.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "phonenumber_field",
    "axes",
    "simple_history",
    "centers",
    "workers",
    "sms",
    "employers",
    "dispatch",
    "wages",
    "reports",
]

MIDDLEWARE = [
    "centers.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "centers.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "centers.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "centers.middleware.CurrentCenterMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its answers are in the reader's language: control characters in any
    # parameter, and application errors a page did not catch, become a 4xx (not a 500).
    "centers.middleware.BadInputMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "centers.context_processors.current_center",
            ],
            "builtins": ["centers.templatetags.money"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "centers.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (centers/lockout.py): lock an account + address after AXES_FAILURE_LIMIT
# failures, and an address after AXES_ADDRESS_FAILURE_LIMIT failures on any usernames.
AXES_HANDLER = "centers.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Worker ID photos: outside STATIC and MEDIA, never served by the web server, read only
# through the photo page, which checks the staff member's center (``workers.photos``).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security (production values; `check --deploy` must pass with DJANGO_ENV=production).
# Every cookie the site sets: sessionid (and the messages cookie, which follows it), csrftoken
# and django_language. No script reads any of them (htmx gets the CSRF token from the page).
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Everything from the site itself; no inline script, style attribute or eval (htmx is
# configured for it in base.html, Chart.js needs none). Barcodes are inline SVG with
# presentation attributes; data: images are Swagger UI's icons.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SILENCED_SYSTEM_CHECKS = (
    [
        # /healthz and /readyz answer plain HTTP to the load balancer inside the network.
        "security.W008",
    ]
    if not SECURE_SSL_REDIRECT
    else []
)

REST_FRAMEWORK = {
    # Token first: an unauthenticated call gets 401 with `WWW-Authenticate: Token` (the first
    # class names the scheme; session authentication has none, which made it a 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["centers.filters.CenterScopedFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "centers.errors.api_exception_handler",
    # JSON with the one rule for text (centers/inputs.py) and a 400 for absurd nesting.
    "DEFAULT_PARSER_CLASSES": [
        "centers.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jornada API",
    "DESCRIPTION": "Day labor center operations: registry, lottery, dispatch, SMS, wage claims.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets used by more than one field get one name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "workers.models.Worker.Language",
        "ClaimStatusEnum": "wages.models.WageClaim.Status",
        "PaidStatusEnum": "dispatch.models.Assignment.PaidStatus",
        "EnglishLevelEnum": "workers.api.ENGLISH_LEVEL_NAMES",
    },
}

# Celery. Development: kombu's filesystem transport, so `make run` has a real worker
# without a broker service. Production and CI: Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost//")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # A broker that does not answer fails an enqueue in 2 s, not the OS's minutes; the
    # outbox sweeper delivers what was not enqueued (centers.queue).
    "socket_connect_timeout": 2,
    "max_retries": 0,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = BASE_DIR / "var" / "celery"
    (_queue_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_queue_dir / "processed"),
        "store_processed": False,
    }
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"  # one Redis client per channel
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery 6 default: on a lost broker connection, cancel late-ack tasks so they are redelivered.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Keep Django's LOGGING (and its phone/body masking filter) in the worker.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Without it Celery closes the database connection around every task: a new connection per
# SMS sent. With it a worker thread keeps its connection for this many tasks.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=200)
# Bounded below the broker's visibility timeout (3600 s) so a stuck task is killed
# before Redis hands it to another worker.
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "lottery-draw-due": {"task": "dispatch.tasks.lottery_draw_due", "schedule": 60.0},
    "offers-expire": {"task": "dispatch.tasks.offers_expire", "schedule": 30.0},
    "sms-sweep-outbox": {"task": "sms.tasks.outbox_sweep", "schedule": 60.0},
    "payment-checks": {
        "task": "wages.tasks.payment_checks_send",
        "schedule": crontab(minute=15),
    },
    "stats-rollup": {"task": "reports.tasks.stats_rollup", "schedule": crontab(hour=9, minute=30)},
    "desk-scans-prune": {
        "task": "dispatch.tasks.desk_scans_prune",
        "schedule": crontab(hour=10, minute=15),
    },
    # 17:00 UTC: morning in the Americas, so the text arrives at a decent hour.
    "certificate-expiry-notices": {
        "task": "dispatch.tasks.certificate_expiry_notices",
        "schedule": crontab(hour=17, minute=0),
    },
    # Every quarter hour: a decision takes effect shortly after its center's local midnight.
    "decisions-apply-due": {
        "task": "centers.tasks.decisions_apply_due",
        "schedule": crontab(minute="*/15"),
    },
    # Hourly, so every center's night comes round: expiry by each center's local date,
    # renewal reminders in its daytime; both idempotent.
    "membership-nightly": {
        "task": "workers.tasks.membership_nightly",
        "schedule": crontab(minute=5),
    },
    "email-sweep-outbox": {"task": "sms.tasks.mail_sweep", "schedule": 60.0},
    "job-reminders": {"task": "dispatch.tasks.job_reminders_send", "schedule": 300.0},
}

# SMS
SMS_BACKEND = env.str("SMS_BACKEND", default="console")  # twilio | console | memory
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_API_BASE_URL = env.str("TWILIO_API_BASE_URL", default="")  # only for a fake server in tests
TWILIO_TIMEOUT_SECONDS = env.float("TWILIO_TIMEOUT_SECONDS", default=10.0)
SMS_PUBLIC_BASE_URL = env.str("SMS_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
SMS_RATE_PER_SECOND = env.float("SMS_RATE_PER_SECOND", default=1.0)
SMS_RATE_REDIS_URL = env.str(
    "SMS_RATE_REDIS_URL",
    default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "",
)
# A center-day's report rows are refreshed at most once per this many seconds after writes
# (0: after every write); the pending marks live in this Redis.
STATS_REFRESH_COALESCE_SECONDS = env.float("STATS_REFRESH_COALESCE_SECONDS", default=60.0)
STATS_REDIS_URL = env.str(
    "STATS_REDIS_URL",
    default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "",
)
SMS_RATE_BURST = env.float("SMS_RATE_BURST", default=1.0)
SMS_HTTP_POOL_SIZE = env.int("SMS_HTTP_POOL_SIZE", default=64)
# Texts queued together go in tasks of this many (sms.services.outbox_batch); a batch
# task stops trying new texts after SMS_BATCH_SECONDS and hands the rest to another.
SMS_BATCH_SIZE = env.int("SMS_BATCH_SIZE", default=20)
SMS_BATCH_SECONDS = env.float("SMS_BATCH_SECONDS", default=30.0)
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", default=5)
SMS_RETRY_BACKOFF_MAX = env.float("SMS_RETRY_BACKOFF_MAX", default=600.0)
SMS_REQUEUE_AFTER_SECONDS = env.int("SMS_REQUEUE_AFTER_SECONDS", default=120)
# When a worker starts, queued texts this many seconds past due are handed out at once.
SMS_STARTUP_REQUEUE_AFTER_SECONDS = env.int("SMS_STARTUP_REQUEUE_AFTER_SECONDS", default=5)
# A text still `sending` after this long is reconciled with the provider: longer than any
# send can take (connect and read timeouts of the Twilio request), so never one in flight.
SMS_SENDING_GRACE_SECONDS = env.int(
    "SMS_SENDING_GRACE_SECONDS", default=max(60, int(3 * TWILIO_TIMEOUT_SECONDS))
)
SMS_PRICE_PER_SEGMENT = env.str("SMS_PRICE_PER_SEGMENT", default="0.0083")
SMS_SIMULATOR = env.bool("SMS_SIMULATOR", default=not PRODUCTION)
# Calls (sms/voice.py): recorded prompts are kept here, outside MEDIA and STATIC.
VOICE_PROMPT_ROOT = env.path("VOICE_PROMPT_ROOT", default=BASE_DIR / "var" / "voice-prompts")
VOICE_AUDIO_URL_MAX_AGE = env.int("VOICE_AUDIO_URL_MAX_AGE", default=900)  # seconds
VOICE_PROMPT_MAX_BYTES = env.int("VOICE_PROMPT_MAX_BYTES", default=2_000_000)
VOICE_PRICE_PER_MINUTE = env.str("VOICE_PRICE_PER_MINUTE", default="0.0140")
VOICE_RING_SECONDS = env.int("VOICE_RING_SECONDS", default=25)
SMS_PROGRAM_CONTACT = env.str("SMS_PROGRAM_CONTACT", default="")

if PRODUCTION and SMS_BACKEND == "twilio" and not (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN):
    raise ImproperlyConfigured("SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")

# Every handler carries the masking filter; Django's own defaults (an unmasked console handler
# on "django", runserver's request lines on "django.server") are replaced, not added to.
DEFAULT_EXCEPTION_REPORTER = "centers.error_reports.MaskingExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "centers.error_reports.MaskingExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_pii": {"()": "centers.logmask.MaskPersonalDataFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_pii"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "mask_pii"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # The SDK logs request URLs and query strings (phone numbers): keep it quiet.
        "twilio.http_client": {"level": "WARNING"},
        "pyBarcode": {"level": "WARNING"},
    },
}

# Demo data, in layer order: the first returns the centers, the rest take (centers, rng).
DEMO_SEEDERS = [
    "centers.demo.seed",
    "workers.demo.seed",
    "employers.demo.seed",
    "wages.demo.seed",
    "wages.demo.seed_feedback",
    "dispatch.demo_morning.seed",
    "reports.demo.seed",
    "centers.demo.seed_decisions",
    "employers.demo.seed_kind_floors",
    "workers.demo.seed_demographics",
    "workers.demo_activities.seed",
]


# Email (sms/mail.py, docs/signup.md): the outbox sends through Django's mail API. The console
# in development; in production SMTP from EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS. Tests use the locmem backend.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Jornada <no-reply@localhost>")
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)

# Employer sign-up in the portal (employers/signup.py): the form must be filled between these
# many seconds after it was shown (a bot posts at once; an old form is stale), and one
# address may try this many sign-ups an hour.
SIGNUP_MIN_SECONDS = env.int("SIGNUP_MIN_SECONDS", default=3)
SIGNUP_MAX_SECONDS = env.int("SIGNUP_MAX_SECONDS", default=2 * 3600)
SIGNUP_PER_ADDRESS_PER_HOUR = env.int("SIGNUP_PER_ADDRESS_PER_HOUR", default=5)
#: A signed email link stays good this long; a phone code this many minutes, with this many tries.
SIGNUP_EMAIL_LINK_DAYS = 3
SIGNUP_PHONE_CODE_MINUTES = 30
SIGNUP_PHONE_CODE_TRIES = 5
#: Workers and employers are reminded this many minutes before a filled job starts.
JOB_REMINDER_MINUTES = env.int("JOB_REMINDER_MINUTES", default=14 * 60)
