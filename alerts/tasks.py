"""Celery tasks of alerts: thin; they call the services."""

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3)
def alerts_evaluate_task(run_id: int | None = None) -> dict[str, Any]:
    """After a recompute: compare, record, deliver; then e-mail the digests."""
    from .services import alerts_evaluate

    result = alerts_evaluate(run_id=run_id)
    if result.deliveries:
        transaction.on_commit(alerts_send_task.delay)
    return {"alerts": len(result.alerts), "deliveries": result.deliveries}


# smtplib's errors are OSErrors: a mail server that refuses for now (a 4xx) or is unreachable
# is tried again, backing off; people already sent are not sent again.
@shared_task(
    autoretry_for=(OSError, OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=600,
    max_retries=6,
)
def alerts_send_task() -> dict[str, Any]:
    from .services import alerts_send

    return {"digests": alerts_send()}


@shared_task(
    autoretry_for=(OSError, OperationalError, InterfaceError), retry_backoff=60, max_retries=3
)
def board_pack_send_task() -> dict[str, Any]:
    """Daily: the board pack to board members, on the coordinator's schedule."""
    from .services import board_pack_send

    return {"sent": len(board_pack_send(today=timezone.localdate()))}


def evaluate_after_recompute(sender: Any, run_id: int, **kwargs: Any) -> None:
    """dashboard's trends_recomputed signal: queue the comparison once the recompute commits."""
    transaction.on_commit(lambda: alerts_evaluate_task.delay(run_id))
