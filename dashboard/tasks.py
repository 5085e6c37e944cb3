"""Celery tasks for trend figures: thin, take IDs, call services."""

from datetime import timedelta
from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError

# The services (pandas, SciPy) are imported inside the tasks: this module is loaded by every
# process at start-up (the import signal is wired in AppConfig.ready), and most never recompute.


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def trends_recompute_batch_task(batch_id: int) -> dict[str, Any]:
    """After an import: recompute what the batch touched."""
    from . import services

    run = services.trends_recompute_after_import(batch_id=batch_id)
    return {"run": run.pk if run else None, "rows": run.rows_written if run else 0}


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def trends_recompute_full_task() -> dict[str, Any]:
    """Nightly: recompute everything (population or definition changes reach every figure)."""
    from . import services

    run = services.trends_recompute_all()
    return {"run": run.pk, "rows": run.rows_written}


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def trends_catch_up_task(older_than_seconds: int = 300) -> int:
    """Every minute: the figures of finished imports whose recompute was never run (it could
    not be sent, or its worker died). Five minutes' grace lets a recompute already queued run."""
    from . import services

    return services.trends_catch_up(older_than=timedelta(seconds=older_than_seconds))


def recompute_after_import(sender: Any, batch: Any, **kwargs: Any) -> None:
    """incidents' import_batch_done signal: queue the recompute (sent after the batch commits)."""
    trends_recompute_batch_task.delay(batch.pk)
