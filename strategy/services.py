"""Writes for the strategy: status changes that keep their history."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Action, ActionStatus, ActionUpdate


@transaction.atomic
def action_update_status(
    *, action_id: int, status: str, progress: int, note: str = "", made_by: Any = None
) -> ActionUpdate:
    """Set an action's status and progress, recording who changed it from what and why."""
    if status not in ActionStatus.values:
        raise ValueError(f"unknown status {status!r}")
    if not 0 <= progress <= 100:
        raise ValueError("progress is a percentage, 0 to 100")
    action = Action.objects.select_for_update().get(pk=action_id)
    update = ActionUpdate.objects.create(
        action=action, made_by=made_by, old_status=action.status, new_status=status,
        progress=progress, note=note,
    )  # fmt: skip
    action.status, action.progress = status, progress
    action.save(update_fields=["status", "progress", "updated_at"])
    return update
