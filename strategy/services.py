"""Writes for the strategy. Every change to an action goes through ``action_update`` (pages,
imports, the admin, the API), so its history is kept whatever made it: who, when, each field
before and after, and the note. History is never rewritten."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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


class MeetingRuleError(ValueError):
    """A board meeting that cannot be recorded, saying why (for the form)."""


# A snapshot records the actions as they stand when it is taken: it can stand for a meeting held
# up to this long ago (minutes are often typed up weeks later), not longer.
MEETING_OLDEST = timedelta(days=366)


def board_meeting_record(
    *, strategy: Strategy, held_on: date, made_by: Any = None, today: date | None = None
) -> BoardMeeting:
    """Record a board meeting: a frozen copy of every action's status, progress and due date,
    against which the next meeting's "what changed" is read. A snapshot is never replaced (the
    database refuses to change one): a date already recorded is refused, as is a date in the
    future, more than a year ago, or before the latest meeting recorded."""
    today = today or timezone.localdate()
    when = date_format(held_on, "j F Y")
    if held_on > today:
        raise MeetingRuleError(
            _("%(date)s is in the future: record a meeting once it has been held.") % {"date": when}
        )
    if held_on < today - MEETING_OLDEST:
        raise MeetingRuleError(
            _(
                "%(date)s is more than a year ago: the snapshot records the actions as they "
                "stand today, so it cannot stand for a meeting held that long ago."
            )
            % {"date": when}
        )
    actions = Action.objects.filter(priority__strategy=strategy).select_related(
        "priority", "lead_partner"
    )
    try:
        with transaction.atomic():
            # One recording at a time per strategy, so the checks below hold until it commits.
            Strategy.objects.select_for_update().filter(pk=strategy.pk).first()
            latest = strategy.meetings.order_by("-held_on").first()
            if latest is not None and latest.held_on == held_on:
                raise MeetingRuleError(_already_recorded(latest))
            if latest is not None and latest.held_on > held_on:
                raise MeetingRuleError(
                    _(
                        "%(date)s is before a later meeting already recorded (%(later)s): a "
                        "snapshot taken now cannot stand for an earlier meeting."
                    )
                    % {"date": when, "later": date_format(latest.held_on, "j F Y")}
                )
            return BoardMeeting.objects.create(
                strategy=strategy,
                held_on=held_on,
                recorded_by=made_by,
                snapshot={str(a.pk): action_snapshot(a) for a in actions},
            )
    except IntegrityError:
        # The same date recorded at the same moment by someone else: theirs stands.
        raise MeetingRuleError(
            _already_recorded(BoardMeeting.objects.get(strategy=strategy, held_on=held_on))
        ) from None


def _already_recorded(meeting: BoardMeeting) -> str:
    return _(
        "The board meeting of %(date)s is already recorded (on %(recorded)s), and its snapshot "
        "is kept as it was taken. Record the next meeting under its own date."
    ) % {
        "date": date_format(meeting.held_on, "j F Y"),
        "recorded": date_format(timezone.localtime(meeting.recorded_at), "j F Y, H:i"),
    }
