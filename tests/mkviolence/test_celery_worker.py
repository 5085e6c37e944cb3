"""A task really runs on a separate Celery worker process, through the configured broker
(the embedded filesystem broker by default, Redis or RabbitMQ when CELERY_BROKER_URL says so)."""

import os

import pytest
from django.conf import settings
from django.db import connection

from mkviolence.celery import app as celery_app
from mkviolence.tasks import worker_ping

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_task_runs_on_a_real_worker_not_eagerly(celery_worker_process) -> None:
    assert not celery_app.conf.task_always_eager
    result = worker_ping.delay()
    answer = result.get(timeout=60)
    assert answer["pid"] == celery_worker_process.pid
    assert answer["pid"] != os.getpid()
    # The worker reads the same (test) database the suite writes to.
    assert answer["database"] == connection.settings_dict["NAME"]


def test_the_worker_uses_the_configured_broker(celery_worker_process) -> None:
    expected = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    assert settings.CELERY_BROKER_URL == expected
    with celery_app.connection_for_write() as conn:
        assert conn.transport_cls == expected.split("://")[0]
    assert worker_ping.delay().get(timeout=60)["pid"] == celery_worker_process.pid


def test_nightly_beat_schedule_names_real_tasks() -> None:
    celery_app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks, entry["task"]
