"""Which tables keep a history, and how: PostgreSQL triggers (django-pghistory) copy every
inserted, updated and deleted row into the table's event table. Triggers run whatever wrote the
row — a form, ``QuerySet.update()``, ``bulk_create`` or raw SQL — so nothing bypasses them. The
event tables are append-only: a trigger refuses UPDATE and DELETE on them
(``PGHISTORY_APPEND_ONLY``); only the retention job (``audit.services.audit_prune``) removes
events older than the retention setting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pghistory


def tracked(*extra: pghistory.RowEvent, **options: Any) -> Callable[[Any], Any]:
    """``@tracked()`` on a model: keep its inserts, updates (of the kept fields) and deletes,
    each with who made it (the audit context) and when.

    Trackers are made afresh per model: pghistory adapts a tracker to the model it is given."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        *extra,
        **options,
    )
