"""Celery tasks of the audit log."""

from celery import shared_task

from . import services


@shared_task
def audit_prune_task() -> dict[str, int]:
    """Nightly: remove audit entries older than the retention settings."""
    return services.audit_prune()
