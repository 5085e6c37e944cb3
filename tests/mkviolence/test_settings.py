"""Production settings fail closed and pass Django's deployment checks; every setting read from
the environment is documented."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import settings_env_vars

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-tests",
    "DATABASE_URL": "postgres://u:p@db.invalid:5432/mkviolence",
    "ALLOWED_HOSTS": "mkviolence.example.org",
}


_PROCESS_ENV = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV", "TZ"}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """manage.py under production settings with only `env` configured: nothing of the calling
    environment reaches it but what a process needs to start (CI's second run sets the broker,
    the result backend and the database for the suite, and they must not leak in here)."""
    clean = {k: v for k, v in os.environ.items() if k in _PROCESS_ENV}
    clean.update(
        env, DJANGO_SETTINGS_MODULE="mkviolence.settings.production", MKV_VAR_DIR="/nonexistent"
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_secret(missing: str) -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_reads_secrets_from_files(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret_key"
    secret_file.write_text(PRODUCTION_ENV["SECRET_KEY"])
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    env["SECRET_KEY_FILE"] = str(secret_file)
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stderr


def test_production_is_not_in_debug_mode_by_default() -> None:
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION_ENV
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_every_environment_variable_is_documented_in_the_readme() -> None:
    readme = (BASE_DIR / "README.md").read_text()
    names = settings_env_vars()
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CELERY_BROKER_URL"} <= names
    undocumented = sorted(n for n in names if f"`{n}`" not in readme)
    assert not undocumented, f"README does not document {undocumented}"


def test_env_example_names_only_variables_the_settings_read() -> None:
    names = settings_env_vars() | {"POSTGRES_PASSWORD"}
    example = (BASE_DIR / ".env.example").read_text().splitlines()
    keys = {line.split("=", 1)[0] for line in example if line and not line.startswith("#")}
    assert keys <= names, keys - names


def test_the_broker_waits_longer_than_the_longest_task(settings) -> None:
    """acks_late hands a task back only when its worker dies; the visibility timeout (Redis)
    must not hand a task that is still running to a second worker."""
    from incidents.tasks import import_batch_task
    from mkviolence.celery import app

    limit = app.conf.task_time_limit
    assert limit == settings.CELERY_TASK_TIME_LIMIT
    assert app.conf.task_soft_time_limit < limit
    assert app.conf.broker_transport_options["visibility_timeout"] > limit
    assert import_batch_task.acks_late and app.conf.task_reject_on_worker_lost


def test_cache_url_chooses_a_shared_cache() -> None:
    """Without CACHE_URL each process keeps its own cache; with a Redis URL every web process
    and host shares one (throttling and page caches agree)."""
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    local = run_manage("shell", "-c", show, env=PRODUCTION_ENV)
    assert local.stdout.strip().splitlines()[-1].endswith("LocMemCache"), local.stderr
    redis_env = {**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6379/1"}
    shared = run_manage("shell", "-c", show, env=redis_env)
    backend = shared.stdout.strip().splitlines()[-1]
    assert backend == "django.core.cache.backends.redis.RedisCache", shared.stderr


@pytest.mark.parametrize(
    ("broker", "results"),
    [
        ("redis://127.0.0.1:6379/2", "redis://127.0.0.1:6379/2"),
        # RabbitMQ keeps no result store (Celery has no "amqp" result backend): results come
        # back as messages.
        ("amqp://guest:guest@127.0.0.1:5672//", "rpc://"),
    ],
)
def test_each_broker_has_a_result_backend_that_works_with_it(broker: str, results: str) -> None:
    show = (
        "from mkviolence.celery import app; b = app.backend; "
        "print(app.conf.result_backend, type(b).__name__)"
    )
    found = run_manage("shell", "-c", show, env={**PRODUCTION_ENV, "CELERY_BROKER_URL": broker})
    assert found.stdout.strip().splitlines()[-1].split()[0] == results, found.stderr
