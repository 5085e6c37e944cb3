"""Reads for the strategy: the RAG summary the overview and the board pack show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from .models import Action, ActionStatus, Strategy


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
        by_status=[(s.value, s.label, counts.get(s.value, 0)) for s in ActionStatus],
        total=total,
        overdue=overdue,
    )
