"""Celery tasks for trend figures: thin, take IDs, call services; and the signal handlers that
queue them when their inputs change."""

from datetime import timedelta
from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction

from .models import TrendRun
from .signals import trends_recomputed

# The services (pandas, SciPy) are imported inside the tasks: this module is loaded by every
# process at start-up (the signals are wired in AppConfig.ready), and most never recompute.


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def trends_recompute_batch_task(batch_id: int) -> dict[str, Any]:
    """After an import: recompute what the batch touched."""
    from . import services

    run = services.trends_recompute_after_import(batch_id=batch_id)
    if run is not None:
        trends_recomputed.send(sender=TrendRun, run_id=run.pk)
    return {"run": run.pk if run else None, "rows": run.rows_written if run else 0}


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def trends_recompute_full_task(measures: list[str] | None = None) -> dict[str, Any]:
    """Every month of ``measures`` (default: all): nightly, and when a definition or the
    population changes."""
    from . import services

    run = services.trends_recompute_all(measures=measures)
    trends_recomputed.send(sender=TrendRun, run_id=run.pk)
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


def _recompute_if_held(measures: list[str] | None) -> None:
    """Queue a full recompute of ``measures`` once this transaction commits, if any of their
    figures exist: a whole series follows one definition and one population, never a mix of
    the old before the next import and the new after it."""
    from .models import TrendFigure

    held = TrendFigure.objects.all()
    if measures is not None:
        held = held.filter(measure__in=measures)
    if held.exists():
        transaction.on_commit(lambda: trends_recompute_full_task.delay(measures))


def recompute_after_definition_change(sender: Any, **kwargs: Any) -> None:
    """A serious-violence definition saved or deleted (post_save, post_delete)."""
    from .services import measures_using_definition

    _recompute_if_held(measures_using_definition())


def recompute_after_population_change(sender: Any, **kwargs: Any) -> None:
    """incidents' population_changed signal: every rate depends on the population."""
    _recompute_if_held(None)


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def hot_spot_period_task(period_id: int) -> dict[str, Any]:
    """Hot spots of a period a page or the API asked for (the latest 12 months are computed
    by each recompute itself)."""
    from . import hotspot_services

    period = hotspot_services.hot_spot_period_run(period_id=period_id)
    return {"period": period_id, "status": period.status if period else None}
