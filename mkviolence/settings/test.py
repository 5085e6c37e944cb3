"""Test settings: a real PostgreSQL (embedded unless DATABASE_URL is set) and a real broker
(embedded in its own folder unless CELERY_BROKER_URL is set)."""

from pathlib import Path

from mkviolence.localdb import database_settings

from .base import *  # noqa: F403
from .base import (
    CELERY_BROKER_URL,
    CELERY_TASK_TIME_LIMIT,
    VAR_DIR,
    celery_default_results,
    celery_embedded_broker,
    env,
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

# A broker folder of the suite's own, so test messages never reach a `make run` worker.
CELERY_BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "test-broker")))
CELERY_BROKER_TRANSPORT_OPTIONS, _results = celery_embedded_broker(CELERY_BROKER_DIR)
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = CELERY_TASK_TIME_LIMIT + 3600
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=celery_default_results(CELERY_BROKER_URL, _results)
)
