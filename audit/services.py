"""Writing to the audit log's tables: only the retention job removes anything, and only what is
older than the retention settings."""

from __future__ import annotations

from datetime import datetime, timedelta

import pghistory.models
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SecurityEvent


def event_models() -> list[type[pghistory.models.Event]]:
    """Every history table (one per tracked model)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.abstract
    ]


@transaction.atomic
def audit_prune(*, now: datetime | None = None) -> dict[str, int]:
    """Remove changes older than ``AUDIT_HISTORY_RETENTION_DAYS`` and security events older
    than ``SECURITY_LOG_RETENTION_DAYS``. The append-only triggers are lifted for this
    transaction only, and only for this job."""
    now = now or timezone.now()
    history_cutoff = now - timedelta(days=settings.AUDIT_HISTORY_RETENTION_DAYS)
    security_cutoff = now - timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
    models = event_models()
    removed = {"changes": 0, "security_events": 0}
    protected = [f"{m._meta.label}:append_only" for m in models]
    protected.append(f"{SecurityEvent._meta.label}:append_only")
    with pgtrigger.ignore(*protected):
        for model in models:
            count, _ = model.objects.filter(pgh_created_at__lt=history_cutoff).delete()
            removed["changes"] += count
        removed["security_events"], _ = SecurityEvent.objects.filter(
            at__lt=security_cutoff
        ).delete()
        pghistory.models.Context.objects.filter(updated_at__lt=history_cutoff).delete()
    return removed
