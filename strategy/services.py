"""Writes for the strategy. Every change to an action goes through ``action_update`` (pages,
imports, the admin, the API), so its history is kept whatever made it: who, when, each field
before and after, and the note. History is never rewritten."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from .models import (
    Action,
    ActionStatus,
    ActionUpdate,
    BoardMeeting,
    PartnerOrganisation,
    Priority,
    Strategy,
)
from .selectors import places_known

# Moving an action to these needs a note saying why: the board reads it.
NOTE_NEEDED = {ActionStatus.AT_RISK.value, ActionStatus.OFF_TRACK.value}
# The fields an update may change (each change is written in the history).
TRACKED = (
    "status",
    "progress",
    "due_on",
    "owner",
    "owner_email",
    "lead_partner",
    "supporting_partners",
    "title",
    "description",
    "starts_on",
    "measures",
    "places",
    "priority",
    "reference",
    "evidence",
)


class ActionRuleError(ValueError):
    """A change the rules do not allow, with the field it concerns (for forms and imports)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PartnerOrganisation | Priority):
        return str(value)
    if isinstance(value, list | tuple | set):
        return "; ".join(sorted(_text(v) for v in value))
    return str(value)


def _state(action: Action) -> dict[str, str]:
    return {
        "status": action.status,
        "progress": str(action.progress),
        "due_on": _text(action.due_on),
        "owner": action.owner,
        "owner_email": action.owner_email,
        "lead_partner": _text(action.lead_partner),
        "supporting_partners": _text(list(action.supporting_partners.all())),
        "title": action.title,
        "description": action.description,
        "starts_on": _text(action.starts_on),
        "measures": _text(action.measures),
        "places": _text(action.places),
        "priority": _text(action.priority),
        "reference": action.reference,
        "evidence": _text([e.get("url", "") for e in action.evidence]),
    }


def _check(action: Action, before: dict[str, str], note: str) -> None:
    if not isinstance(action.places, list) or not all(isinstance(c, str) for c in action.places):
        raise ActionRuleError("places", "places are a list of LSOA or ward codes")
    unknown = sorted(set(action.places) - places_known(codes=action.places))
    if unknown:
        raise ActionRuleError(
            "places", "not an LSOA or ward of the loaded areas: " + ", ".join(unknown)
        )
    if action.status not in ActionStatus.values:
        raise ActionRuleError("status", f"unknown status {action.status!r}")
    if not 0 <= action.progress <= 100:
        raise ActionRuleError("progress", "progress is a percentage, 0 to 100")
    if action.status != before["status"] and action.status in NOTE_NEEDED and not note.strip():
        label = ActionStatus(action.status).label.lower()
        raise ActionRuleError("note", f"say why the action is {label}: the board will read it")
    if _text(action.due_on) != before["due_on"] and before["due_on"] and not note.strip():
        raise ActionRuleError(
            "note", "give the reason the due date moves: every earlier due date is kept"
        )


@transaction.atomic
def action_update(
    *,
    action_id: int,
    made_by: Any = None,
    note: str = "",
    via: str = "page",
    supporting_partners: Iterable[PartnerOrganisation] | None = None,
    note_alone: bool = True,
    **fields: Any,
) -> ActionUpdate | None:
    """Change an action (``fields``: any of ``TRACKED`` but the partners, given as model
    values) and record the change. A move to at risk or off track needs a note, as does a move
    of the due date (its reason). None when nothing changed and there is no note (or, with
    ``note_alone`` off, whenever nothing changed)."""
    unknown = set(fields) - set(TRACKED)
    if unknown:
        raise TypeError(f"not action fields: {', '.join(sorted(unknown))}")
    action = (
        Action.objects.select_for_update()
        .select_related("lead_partner", "priority")
        .get(pk=action_id)
    )
    before = _state(action)
    for name, value in fields.items():
        setattr(action, name, value)
    _check(action, before, note)
    action.save()
    if supporting_partners is not None:
        action.supporting_partners.set(list(supporting_partners))
    after = _state(action)
    changes = {k: [before[k], after[k]] for k in TRACKED if before[k] != after[k]}
    if not changes and (not note.strip() or not note_alone):
        return None
    return ActionUpdate.objects.create(
        action=action,
        made_by=made_by,
        old_status=before["status"],
        new_status=action.status,
        progress=action.progress,
        note=note.strip(),
        changes=changes,
        via=via,
    )


def action_update_status(
    *,
    action_id: int,
    status: str,
    progress: int,
    note: str = "",
    made_by: Any = None,
    via: str = "page",
) -> ActionUpdate | None:
    """Set an action's status and progress (the coordinators' update form)."""
    return action_update(
        action_id=action_id, status=status, progress=progress, note=note, made_by=made_by, via=via
    )


@transaction.atomic
def action_create(
    *,
    priority: Priority,
    title: str,
    lead_partner: PartnerOrganisation,
    made_by: Any = None,
    via: str = "page",
    note: str = "",
    supporting_partners: Iterable[PartnerOrganisation] = (),
    **fields: Any,
) -> Action:
    """A new action, its creation the first entry of its history."""
    action = Action(priority=priority, title=title, lead_partner=lead_partner, **fields)
    _check(action, {"status": ActionStatus.NOT_STARTED.value, "due_on": ""}, note or "created")
    if (
        action.reference
        and Action.objects.filter(
            priority__strategy=priority.strategy, reference=action.reference
        ).exists()
    ):
        raise ActionRuleError("reference", f"{action.reference} is already an action here")
    action.save()
    action.supporting_partners.set(list(supporting_partners))
    state = _state(action)
    ActionUpdate.objects.create(
        action=action,
        made_by=made_by,
        old_status=action.status,
        new_status=action.status,
        progress=action.progress,
        note=note or "Action added.",
        changes={k: ["", v] for k, v in state.items() if v},
        via=via,
    )
    return action


def priority_save(
    *, strategy: Strategy, title: str, description: str = "", priority: Priority | None = None
) -> Priority:
    """Create a priority (at the end of the strategy's list) or rename one."""
    if priority is None:
        order = strategy.priorities.count() + 1
        return Priority.objects.create(
            strategy=strategy, title=title, description=description, order=order
        )
    priority.title, priority.description = title, description
    priority.save(update_fields=["title", "description"])
    return priority


@transaction.atomic
def strategy_make_current(*, strategy: Strategy) -> None:
    """The strategy the overview, the board and the board pack report on (only one is)."""
    Strategy.objects.exclude(pk=strategy.pk).update(is_current=False)
    Strategy.objects.filter(pk=strategy.pk).update(is_current=True)


def action_snapshot(action: Action) -> dict[str, Any]:
    return {
        "reference": action.reference,
        "title": action.title,
        "status": action.status,
        "progress": action.progress,
        "due_on": _text(action.due_on),
        "priority": action.priority.title,
        "lead_partner": action.lead_partner.name,
    }


@transaction.atomic
def board_meeting_record(*, strategy: Strategy, held_on: date, made_by: Any = None) -> BoardMeeting:
    """Record a board meeting: a frozen copy of every action's status, progress and due date,
    against which the next meeting's "what changed" is read."""
    actions = Action.objects.filter(priority__strategy=strategy).select_related(
        "priority", "lead_partner"
    )
    meeting, _ = BoardMeeting.objects.update_or_create(
        strategy=strategy,
        held_on=held_on,
        defaults={
            "recorded_by": made_by,
            "snapshot": {str(a.pk): action_snapshot(a) for a in actions},
        },
    )
    return meeting
