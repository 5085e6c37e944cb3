"""Celery tasks of the strategy: thin, they call the reminder services."""

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from .reminders import action_reminders_send, board_digest_send


@shared_task(
    autoretry_for=(OperationalError, InterfaceError, OSError), retry_backoff=60, max_retries=3
)
def action_reminders_task() -> dict[str, Any]:
    sent = action_reminders_send(today=timezone.localdate())
    return {"sent": len(sent.recipients), "skipped": sent.skipped}


@shared_task(
    autoretry_for=(OperationalError, InterfaceError, OSError), retry_backoff=60, max_retries=3
)
def board_digest_task() -> dict[str, Any]:
    sent = board_digest_send(today=timezone.localdate())
    return {"sent": len(sent.recipients), "skipped": sent.skipped}
