"""Strategy actions: status changes keep their history; the RAG summary counts and finds the
overdue actions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from strategy.demo import ACTIONS, strategy_demo_load
from strategy.models import Action, ActionStatus, ActionUpdate, Strategy
from strategy.selectors import strategy_summary
from strategy.services import action_update_status

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def test_a_status_change_is_recorded_with_who_what_and_why(make_user):
    strategy_demo_load(today=TODAY)
    action = Action.objects.filter(status=ActionStatus.NOT_STARTED).first()
    user = make_user("Coordinator")
    action_update_status(
        action_id=action.pk,
        status=ActionStatus.ON_TRACK,
        progress=10,
        note="Kick-off held",
        made_by=user,
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.ON_TRACK, 10)
    update = ActionUpdate.objects.filter(action=action).latest("made_at")
    assert (update.old_status, update.new_status, update.note, update.made_by) == (
        ActionStatus.NOT_STARTED,
        ActionStatus.ON_TRACK,
        "Kick-off held",
        user,
    )


@pytest.mark.parametrize(("status", "progress"), [("finished", 50), ("on-track", 101)])
def test_a_bad_status_or_progress_changes_nothing(status, progress):
    strategy_demo_load(today=TODAY)
    action = Action.objects.first()
    before = (action.status, action.progress, ActionUpdate.objects.count())
    with pytest.raises(ValueError):
        action_update_status(action_id=action.pk, status=status, progress=progress)
    action.refresh_from_db()
    assert (action.status, action.progress, ActionUpdate.objects.count()) == before


def test_the_summary_counts_actions_by_status_and_lists_the_overdue_ones():
    strategy_demo_load(today=TODAY)
    summary = strategy_summary(today=TODAY)
    expected = {s.value: 0 for s in ActionStatus}
    for action in ACTIONS:
        expected[action[4].value] += 1
    assert {value: n for value, _, n in summary.by_status} == expected
    assert summary.total == len(ACTIONS)
    # Open actions whose due date (today + days) has passed; complete ones never count.
    overdue = sorted(
        (TODAY + timedelta(days=a[6]), a[1])
        for a in ACTIONS
        if a[6] < 0 and a[4] != ActionStatus.COMPLETE
    )
    assert [(a.due_on, a.title) for a in summary.overdue] == overdue
    assert overdue, "the demo has overdue actions"


def test_no_summary_without_a_current_strategy():
    assert strategy_summary(today=TODAY) is None
    strategy_demo_load(today=TODAY)
    Strategy.objects.update(is_current=False)
    assert strategy_summary(today=TODAY) is None


def test_loading_the_demo_twice_adds_nothing():
    strategy_demo_load(today=TODAY)
    counts = (Action.objects.count(), ActionUpdate.objects.count())
    strategy_demo_load(today=TODAY)
    assert (Action.objects.count(), ActionUpdate.objects.count()) == counts


def test_the_demo_has_a_year_of_history_two_due_date_moves_and_two_board_meetings():
    from strategy.models import BoardMeeting, PartnerOrganisation
    from strategy.selectors import action_due_date_moves, board_report

    strategy = strategy_demo_load(today=TODAY)
    assert strategy.priorities.count() == 4 and Action.objects.count() == 20
    sectors = set(PartnerOrganisation.objects.values_list("sector", flat=True))
    assert {
        "police",
        "local-authority",
        "health",
        "education",
        "probation",
        "youth-justice",
        "fire",
        "voluntary",
    } <= sectors
    moved = [a for a in Action.objects.all() if action_due_date_moves(action=a).times]
    assert len(moved) == 1 and action_due_date_moves(action=moved[0]).times == 2
    assert BoardMeeting.objects.filter(strategy=strategy).count() == 2
    oldest = ActionUpdate.objects.order_by("made_at").first().made_at
    assert (timezone.now() - oldest).days >= 350
    # Since the last board, the actions now at risk or off track slipped into those statuses.
    report = board_report(strategy=strategy, today=TODAY)
    troubled = Action.objects.filter(status__in=["at-risk", "off-track"]).count()
    assert len(report.moved) == troubled and troubled >= 4
