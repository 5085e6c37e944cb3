"""Celery tasks for trend figures: thin, take IDs, call services."""

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError

# The services (pandas, SciPy) are imported inside the tasks: this module is loaded by every
# process at start-up (the import signal is wired in AppConfig.ready), and most never recompute.


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def trends_recompute_batch_task(batch_id: int) -> dict[str, Any]:
    """After an import: recompute what the batch touched."""
    from . import services

    run = services.trends_recompute_for_batch(batch_id=batch_id)
    return {"run": run.pk if run else None, "rows": run.rows_written if run else 0}


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def trends_recompute_full_task() -> dict[str, Any]:
    """Nightly: recompute everything (population or definition changes reach every figure)."""
    from . import services

    run = services.trends_recompute()
    return {"run": run.pk, "rows": run.rows_written}


def recompute_after_import(sender: Any, batch: Any, **kwargs: Any) -> None:
    """incidents' import_batch_done signal: queue the recompute (sent after the batch commits)."""
    trends_recompute_batch_task.delay(batch.pk)


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def hot_spot_period_task(period_id: int) -> dict[str, Any]:
    """Hot spots of a period a page or the API asked for (the latest 12 months are computed
    by each recompute itself)."""
    from . import hotspot_services

    period = hotspot_services.hot_spot_period_run(period_id=period_id)
    return {"period": period_id, "status": period.status if period else None}
