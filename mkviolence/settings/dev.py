"""Development settings: what `make run` uses. Embedded PostgreSQL unless DATABASE_URL is set."""

from mkviolence.localdb import database_settings

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Development only: a fixed key so sessions survive restarts. Production has no default.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")

DATABASES = {"default": database_settings(env, name="mkviolence")}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
