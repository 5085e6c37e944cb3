"""Celery tasks for incidents: thin wrappers that take IDs and call services."""

from typing import Any

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import InterfaceError, OperationalError

from . import services


class ImportTask(DjangoTask):
    """A batch whose task fails for good (out of retries, or anything unexpected) is marked
    failed with the reason, never left "waiting to start"."""

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        batch_id = args[0] if args else kwargs.get("batch_id")
        if batch_id is not None:
            reason = services.import_failure_reason(exc)
            services.import_batch_fail(batch_id=batch_id, reason=reason)


@shared_task(
    base=ImportTask,
    bind=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    max_retries=3,
    acks_late=True,
)
def import_batch_task(self, batch_id: int) -> dict[str, object]:  # noqa: ANN001
    """Import one batch. A lost database connection retries (up to 3 times, backing off);
    the batch's own transaction means a retry starts from the state before the first try."""
    batch = services.import_batch_run(batch_id=batch_id)
    if batch is None:
        return {"batch": batch_id, "status": "missing"}
    return {"batch": batch.pk, "status": batch.status, "stored": batch.rows_stored}


@shared_task
def import_batches_recover_task() -> int:
    """Every minute: take over the batches whose worker is gone, and send again the batches
    still waiting (the queue was down, or their message was lost)."""
    return services.import_batches_recover()


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=30, max_retries=3)
def policeuk_pull_task(trigger: str = "schedule", requested_by_id: int | None = None) -> dict:
    """Daily (and "check now"): one pull of new police.uk months. The pull retries police.uk
    itself; a lost database connection retries the task, which carries on where it stopped."""
    from django.contrib.auth import get_user_model

    from .policeuk.services import policeuk_pull_run

    user = get_user_model().objects.filter(pk=requested_by_id).first() if requested_by_id else None
    report = policeuk_pull_run(trigger=trigger, requested_by=user)
    return {"check": report.pull.pk, "status": report.pull.status}
