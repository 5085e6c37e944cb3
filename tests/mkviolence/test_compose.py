"""docker-compose.yml matches the project: commands name modules that exist and the app services
set only environment variables the settings read."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from tests.factories import settings_env_vars

BASE_DIR = Path(__file__).resolve().parents[2]
APP_SERVICES = {"web", "worker", "beat", "migrate"}


def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_the_stack_has_database_broker_web_worker_and_beat() -> None:
    assert {"db", "redis", "web", "worker", "beat"} <= set(compose()["services"])


def test_web_runs_gunicorn_on_the_projects_wsgi_application() -> None:
    command = compose()["services"]["web"]["command"]
    assert command[0] == "gunicorn"
    module, _, attr = command[1].partition(":")
    assert importlib.util.find_spec(module) is not None
    assert attr == "application"


def test_worker_and_beat_run_the_projects_celery_app() -> None:
    services = compose()["services"]
    for name, role in (("worker", "worker"), ("beat", "beat")):
        command = services[name]["command"]
        assert command[:2] == ["celery", "-A"], name
        assert importlib.util.find_spec(command[2]) is not None
        assert role in command


def test_app_services_use_production_settings_and_known_variables() -> None:
    known = settings_env_vars() | {"DJANGO_SETTINGS_MODULE"}
    for name in APP_SERVICES:
        env = compose()["services"][name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "mkviolence.settings.production"
        assert importlib.util.find_spec(env["DJANGO_SETTINGS_MODULE"]) is not None
        unknown = set(env) - known
        assert not unknown, f"{name} sets variables no setting reads: {unknown}"
        # Production settings refuse to start without these.
        assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"} <= set(env)


def test_app_services_point_at_the_compose_database_and_redis() -> None:
    services = compose()["services"]
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert "@db:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:")


def test_the_dockerfile_runs_the_same_wsgi_application() -> None:
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "mkviolence.wsgi:application" in dockerfile
    assert "requirements.txt" in dockerfile
