"""Reads for incidents: import batches and their reports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ImportBatch, ImportRowError


def import_batches_recent(*, limit: int = 100) -> QuerySet[ImportBatch]:
    """Newest first, with who uploaded each."""
    return ImportBatch.objects.select_related("uploaded_by").order_by("-uploaded_at", "-id")[:limit]


def import_batch_errors(
    *, batch: ImportBatch, limit: int | None = None
) -> QuerySet[ImportRowError]:
    """The batch's row problems in file order."""
    errors = ImportRowError.objects.filter(batch=batch).order_by("line", "id")
    return errors[:limit] if limit is not None else errors


def import_batch_summary(*, batch: ImportBatch, error_limit: int | None = 200) -> dict[str, Any]:
    """The batch report as plain data (the --json output and the status endpoint)."""
    errors = import_batch_errors(batch=batch, limit=error_limit)
    return {
        "id": batch.pk,
        "file": batch.file_name,
        "format": batch.format,
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "progress": batch.progress,
        "read": batch.rows_read,
        "stored": batch.rows_stored,
        "updated": batch.rows_updated,
        "duplicates": batch.rows_duplicate,
        "replaced": batch.rows_replaced,
        "rejected": batch.rows_rejected,
        "message": batch.message,
        "same_file_as": batch.same_file_as_id,
        "errors": [
            {"line": e.line, "column": e.column, "reason": e.reason, "value": e.value}
            for e in errors
        ],
    }
