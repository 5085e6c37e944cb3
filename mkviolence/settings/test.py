"""Test settings: a real PostgreSQL (embedded unless DATABASE_URL is set) and a real broker
(embedded in its own folder unless CELERY_BROKER_URL is set)."""

import os
from pathlib import Path

from mkviolence.localdb import database_settings

from .base import *  # noqa: F403
from .base import (
    CELERY_BEAT_SCHEDULE,
    CELERY_BROKER_URL,
    CELERY_TASK_TIME_LIMIT,
    VAR_DIR,
    celery_default_results,
    celery_embedded_broker,
    env,
    policeuk_pull_schedule,
)

SECRET_KEY = env("SECRET_KEY", default="test-only-insecure-key")
DEBUG = False
ALLOWED_HOSTS = ["*"]

DATABASES = {"default": database_settings(env, name="mkviolence")}

# Fast hashing: the suite logs users in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"

# Serve static files from the apps' folders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A broker folder of the suite's own, so test messages never reach a `make run` worker; one per
# pytest-xdist worker (each starts its own Celery worker, which inherits the variable), so one
# never clears another's queue.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
CELERY_BROKER_DIR = Path(
    env("CELERY_BROKER_DIR", default=str(VAR_DIR / "test-broker" / (_XDIST_WORKER or "main")))
)
CELERY_BROKER_TRANSPORT_OPTIONS, _results = celery_embedded_broker(CELERY_BROKER_DIR)
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = CELERY_TASK_TIME_LIMIT + 3600
# The filesystem broker is polled: every 100 ms rather than each second, so a test waiting on a
# task waits for the task and not for the poll.
CELERY_BROKER_TRANSPORT_OPTIONS["polling_interval"] = 0.1
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=celery_default_results(CELERY_BROKER_URL, _results)
)

# The scheduled police.uk pull is off in tests, and nothing in them reaches the internet: the
# API's address is a closed port on loopback unless a test starts its own server (a "check now"
# a test queues, run by a worker, fails at once instead of asking data.police.uk).
POLICEUK_BASE_URL = env("POLICEUK_BASE_URL", default="http://127.0.0.1:9").rstrip("/")
POLICEUK_BACKOFF_SECONDS = env.float("POLICEUK_BACKOFF_SECONDS", default=0.01)
POLICEUK_PULL_ENABLED = env.bool("POLICEUK_PULL_ENABLED", default=False)
CELERY_BEAT_SCHEDULE = {
    name: entry for name, entry in CELERY_BEAT_SCHEDULE.items() if name != "policeuk-pull-daily"
} | policeuk_pull_schedule(POLICEUK_PULL_ENABLED, env("POLICEUK_PULL_TIME", default="06:15"))
