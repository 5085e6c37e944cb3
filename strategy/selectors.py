"""Reads for the strategy: the RAG summary the overview and the board pack show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import Action, ActionStatus, ActionUpdate, BoardMeeting, Strategy


@dataclass
class StrategySummary:
    strategy: Strategy
    # (status value, label, number of actions), in ActionStatus order, every status present.
    by_status: list[tuple[str, str, int]]
    total: int
    overdue: list[Action] = field(default_factory=list)


def strategy_summary(*, today: date) -> StrategySummary | None:
    """The current strategy's actions by status and its overdue actions (open and past their
    due date, soonest due first). None when there is no current strategy with actions."""
    strategy = Strategy.objects.filter(is_current=True).order_by("-starts_on").first()
    if strategy is None:
        return None
    actions = Action.objects.filter(priority__strategy=strategy)
    counts = dict(actions.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    total = sum(counts.values())
    if not total:
        return None
    overdue = list(
        actions.overdue(today=today)
        .select_related("lead_partner", "priority")
        .order_by("due_on", "id")
    )
    return StrategySummary(
        strategy=strategy,
        by_status=[(s.value, str(s.label), counts.get(s.value, 0)) for s in ActionStatus],
        total=total,
        overdue=overdue,
    )


# --- the coordinators' workspace --------------------------------------------------------------


def strategy_current() -> Strategy | None:
    return Strategy.objects.filter(is_current=True).order_by("-starts_on").first()


@dataclass(frozen=True)
class BoardFilters:
    priority: int | None = None
    partner: int | None = None
    status: str = ""
    owner: str = ""
    overdue: bool = False


def strategy_actions(
    *, strategy: Strategy, today: date, filters: BoardFilters | None = None
) -> list[Action]:
    """The strategy's actions in priority order, filtered, each with ``overdue`` (open and past
    due) and ``latest_note`` (the newest update with a note) set."""
    f = filters or BoardFilters()
    actions = (
        Action.objects.filter(priority__strategy=strategy)
        .select_related("priority", "lead_partner")
        .prefetch_related("supporting_partners")
        .order_by("priority__order", "priority_id", "reference", "due_on", "id")
    )
    if f.priority:
        actions = actions.filter(priority_id=f.priority)
    if f.partner:
        actions = actions.filter(
            Q(lead_partner_id=f.partner) | Q(supporting_partners__id=f.partner)
        ).distinct()
    if f.status:
        actions = actions.filter(status=f.status)
    if f.owner:
        actions = actions.filter(owner=f.owner)
    if f.overdue:
        actions = actions.overdue(today=today)
    found = list(actions)
    notes = _latest_notes([a.pk for a in found])
    for action in found:
        action.overdue = action.status != ActionStatus.COMPLETE and bool(
            action.due_on and action.due_on < today
        )
        action.latest_note = notes.get(action.pk)
    return found


def _latest_notes(action_ids: list[int]) -> dict[int, ActionUpdate]:
    updates = (
        ActionUpdate.objects.filter(action_id__in=action_ids)
        .exclude(note="")
        .order_by("action_id", "-made_at", "-id")
        .distinct("action_id")
        .select_related("made_by")
    )
    return {u.action_id: u for u in updates}


def strategy_owners(*, strategy: Strategy) -> list[str]:
    return sorted(
        set(
            Action.objects.filter(priority__strategy=strategy)
            .exclude(owner="")
            .values_list("owner", flat=True)
        )
    )


def action_history(*, action: Action) -> list[ActionUpdate]:
    """Every update of the action, newest first, with who made it and ``change_list``: each
    changed field as (label, before, after), statuses in words."""
    updates = list(action.updates.select_related("made_by").order_by("-made_at", "-id"))
    words = dict(ActionStatus.choices)
    for update in updates:
        update.change_list = [
            (
                FIELD_LABELS.get(name, name),
                words.get(before, before) if name == "status" else before,
                words.get(after, after) if name == "status" else after,
            )
            for name, (before, after) in update.changes.items()
        ]
    return updates


# How each tracked field reads in the history.
FIELD_LABELS = {
    "status": "Status",
    "progress": "Progress (%)",
    "due_on": "Due date",
    "owner": "Owner",
    "owner_email": "Owner's e-mail",
    "lead_partner": "Lead partner",
    "supporting_partners": "Supporting partners",
    "title": "Title",
    "description": "Description",
    "starts_on": "Start date",
    "measures": "Measures",
    "places": "Places",
    "priority": "Priority",
    "reference": "Reference",
    "evidence": "Evidence",
}


@dataclass(frozen=True)
class DueDateMoves:
    earlier: list[date]  # every earlier due date, oldest first
    first_due: date | None

    @property
    def times(self) -> int:
        return len(self.earlier)


def action_due_date_moves(*, action: Action) -> DueDateMoves:
    """The due dates the action had before its current one, from its history."""
    earlier = []
    for update in action.updates.order_by("made_at", "id"):
        change = update.changes.get("due_on")
        if change and change[0]:
            earlier.append(date.fromisoformat(change[0]))
    return DueDateMoves(earlier, earlier[0] if earlier else action.due_on)


@dataclass
class BoardReport:
    """What a board reads about the strategy: RAG counts per priority and lead partner, what
    changed since the last meeting, off-track actions with their latest note, slippage."""

    strategy: Strategy
    meeting: BoardMeeting | None
    by_priority: list[tuple[str, dict[str, int]]]
    by_partner: list[tuple[str, dict[str, int]]]
    new: list[Action]
    completed: list[Action]
    moved: list[tuple[Action, str, str]]  # action, status then and its label
    due_moved: list[tuple[Action, str, str]]  # action, due then, due now
    off_track: list[Action]
    slipping: list[Action]  # open and past due, or due date moved since the meeting


def board_report(*, strategy: Strategy, today: date) -> BoardReport:
    """The board view against the latest recorded meeting (everything is new without one)."""
    actions = strategy_actions(strategy=strategy, today=today)
    meeting = strategy.meetings.order_by("-held_on", "-id").first()
    then = meeting.snapshot if meeting else {}
    statuses = [s.value for s in ActionStatus]

    def counts(key: Any) -> list[tuple[str, dict[str, int]]]:
        grouped: dict[str, dict[str, int]] = {}
        for a in actions:
            grouped.setdefault(key(a), dict.fromkeys(statuses, 0))[a.status] += 1
        return list(grouped.items())

    new, completed, moved, due_moved = [], [], [], []
    for a in actions:
        before = then.get(str(a.pk))
        if before is None:
            new.append(a)
            continue
        if before["status"] != a.status and a.status == ActionStatus.COMPLETE:
            completed.append(a)
        elif before["status"] != a.status:
            moved.append((a, before["status"], str(ActionStatus(before["status"]).label)))
        due = a.due_on.isoformat() if a.due_on else ""
        if before["due_on"] != due:
            due_moved.append((a, before["due_on"], due))
    moved_ids = {a.pk for a, _, _ in due_moved}
    return BoardReport(
        strategy=strategy,
        meeting=meeting,
        by_priority=counts(lambda a: a.priority.title),
        by_partner=sorted(counts(lambda a: a.lead_partner.name)),
        new=new,
        completed=completed,
        moved=moved,
        due_moved=due_moved,
        off_track=[a for a in actions if a.status == ActionStatus.OFF_TRACK],
        slipping=[a for a in actions if a.overdue or a.pk in moved_ids],
    )


def actions_list(
    *, strategy_id: int | None = None, priority_id: int | None = None, status: str | None = None
) -> QuerySet[Action]:
    """Actions with their priority and partners, by id, of a strategy, priority or status."""
    actions = Action.objects.select_related("priority").prefetch_related("supporting_partners")
    if strategy_id is not None:
        actions = actions.filter(strategy_id=strategy_id)
    if priority_id is not None:
        actions = actions.filter(priority_id=priority_id)
    if status is not None:
        actions = actions.filter(status=status)
    return actions.order_by("id")


def action_get(*, action_id: int) -> Action | None:
    return Action.objects.filter(pk=action_id).first()


def action_updates_newest(*, action: Action) -> QuerySet[ActionUpdate]:
    """An action's history, newest first, with who made each update."""
    return action.updates.select_related("made_by").order_by("-made_at", "-id")


# --- the places an action targets ---------------------------------------------------------------

PLACE_LEVELS = ("lsoa", "ward")


def places_known(*, codes: list[str]) -> set[str]:
    """Which of ``codes`` are LSOAs (either vintage) or wards of the loaded areas."""
    from incidents.models import Area

    return set(
        Area.objects.filter(code__in=codes, level__in=PLACE_LEVELS).values_list("code", flat=True)
    )


def place_choices(*, partnership_code: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The places an action may name, by ward: (ward code, ward name, [(LSOA code, name)]) of
    the partnership's wards by name, each with its (2011) LSOAs by name."""
    from incidents.models import Area

    wards = Area.objects.defer("geometry").filter(
        parent__code=partnership_code, level=Area.Level.WARD
    )
    lsoas = Area.objects.defer("geometry").filter(
        parent__in=wards, level=Area.Level.LSOA, vintage=2011
    )
    by_ward: dict[int, list[tuple[str, str]]] = {}
    for lsoa in lsoas.order_by("name"):
        by_ward.setdefault(lsoa.parent_id or 0, []).append((lsoa.code, lsoa.name))
    return [(w.code, w.name, by_ward.get(w.pk, [])) for w in wards.order_by("name")]
