"""Celery tasks for incidents: thin wrappers that take IDs and call services."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
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
