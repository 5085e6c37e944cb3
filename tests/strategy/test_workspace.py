"""The coordinators' workspace: the board, the action page, updates and their rules, history,
board meetings and their snapshots, partners, priorities, strategies, and who may do what."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR
from strategy.demo import strategy_demo_load
from strategy.models import Action, ActionStatus, ActionUpdate, BoardMeeting, PartnerOrganisation
from strategy.selectors import action_due_date_moves, board_report
from strategy.services import (
    ActionRuleError,
    MeetingRuleError,
    action_update,
    board_meeting_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    strategy_demo_load(today=timezone.localdate())
    return Action.objects.select_related("priority__strategy").order_by("id")


@pytest.fixture
def coordinator(client, make_user):
    user = make_user(COORDINATOR)
    client.force_login(user)
    return user


def _update(client, action, **data):
    return client.post(reverse("strategy:action-update", args=[action.pk]), data)


# --- rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [ActionStatus.AT_RISK, ActionStatus.OFF_TRACK])
def test_moving_to_at_risk_or_off_track_needs_a_note(client, coordinator, demo, status):
    action = demo.filter(status=ActionStatus.ON_TRACK).first()
    before = ActionUpdate.objects.count()
    response = _update(client, action, status=status, progress=40, note="")
    assert response.status_code == 400
    assert "say why the action is" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK and ActionUpdate.objects.count() == before
    response = _update(client, action, status=status, progress=40, note="Funding delayed")
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == status
    latest = action.updates.latest("made_at")
    assert latest.note == "Funding delayed" and latest.made_by == coordinator
    assert latest.changes["status"] == [ActionStatus.ON_TRACK.value, status.value]


def test_a_due_date_moves_only_with_a_reason_and_every_earlier_one_is_kept(coordinator, demo):
    action = demo.first()
    action_update(action_id=action.pk, due_on=date(2026, 3, 31), note="Set", made_by=coordinator)
    with pytest.raises(ActionRuleError) as refused:
        action_update(action_id=action.pk, due_on=date(2026, 6, 30), made_by=coordinator)
    assert refused.value.field == "note"
    action_update(
        action_id=action.pk,
        due_on=date(2026, 6, 30),
        note="Contract signed late",
        made_by=coordinator,
    )
    action_update(
        action_id=action.pk, due_on=date(2026, 9, 30), note="Summer holidays", made_by=coordinator
    )
    action.refresh_from_db()
    moves = action_due_date_moves(action=action)
    first = moves.earlier[0]
    assert moves.earlier[-2:] == [date(2026, 3, 31), date(2026, 6, 30)]
    assert moves.first_due == first
    page = _page(coordinator, action)
    assert f"moved {moves.times} times, first due {first:%-d %B %Y}" in page


def _page(user, action) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("strategy:action", args=[action.pk])).content.decode()


def test_every_change_is_in_the_history_with_who_when_and_before_and_after(
    client, coordinator, demo
):
    action = demo.first()
    partner = PartnerOrganisation.objects.exclude(pk=action.lead_partner_id).first()
    url = reverse("strategy:action-edit", args=[action.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        owner="Sam Patel",
        lead_partner=partner.pk,
        reason="Sam took over",
        supporting_partners=[],
        measures=action.measures,
        due_on=action.due_on.isoformat() if action.due_on else "",
        starts_on=action.starts_on.isoformat() if action.starts_on else "",
        evidence_links="Minutes | https://example.org/minutes.pdf",
        **{
            "milestones-TOTAL_FORMS": 1,
            "milestones-INITIAL_FORMS": 0,
            "milestones-0-title": "Provider appointed",
            "milestones-0-due_on": "2026-12-01",
            "milestones-0-done": "on",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = action.updates.latest("made_at")
    assert latest.made_by == coordinator and latest.note == "Sam took over"
    assert latest.changes["owner"][1] == "Sam Patel"
    assert latest.changes["lead_partner"] == [action.lead_partner.name, partner.name]
    page = client.get(reverse("strategy:action", args=[action.pk])).content.decode()
    assert "Sam took over" in page and "Sam Patel" in page
    # Milestones and evidence, edited on the same page.
    assert list(action.milestones.values_list("title", "done")) == [("Provider appointed", True)]
    action.refresh_from_db()
    assert action.evidence == [{"title": "Minutes", "url": "https://example.org/minutes.pdf"}]
    assert 'href="https://example.org/minutes.pdf"' in page


def test_an_evidence_link_must_be_a_web_address(client, coordinator, demo):
    action = demo.first()
    url = reverse("strategy:action-edit", args=[action.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        lead_partner=action.lead_partner_id,
        priority=action.priority_id,
        supporting_partners=[],
        measures=action.measures,
        due_on=action.due_on.isoformat() if action.due_on else "",
        starts_on=action.starts_on.isoformat() if action.starts_on else "",
        evidence_links="Notes | javascript:alert(1)",
        **{"milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0},
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert "is not a web address" in response.content.decode()


def test_a_change_in_the_admin_is_in_the_history(client, make_user, demo):
    admin = make_user(ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    action = demo.filter(status=ActionStatus.ON_TRACK).first()
    url = reverse("admin:strategy_action_change", args=[action.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        priority=action.priority_id,
        lead_partner=action.lead_partner_id,
        status=ActionStatus.COMPLETE,
        progress=100,
        measures='["knife-crime"]',
        evidence="[]",
        supporting_partners=[],
        **{
            "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    latest = action.updates.latest("made_at")
    assert latest.via == "admin" and latest.made_by == admin
    assert latest.changes["status"][1] == "complete"


# --- board -----------------------------------------------------------------------------------


def test_the_board_marks_overdue_actions_and_filters_by_url(client, coordinator, demo):
    today = timezone.localdate()
    overdue = [a for a in demo if a.status != "complete" and a.due_on and a.due_on < today]
    assert overdue
    page = client.get(reverse("strategy:board")).content.decode()
    assert page.count("overdue-flag") == len(overdue)
    only = client.get(reverse("strategy:board"), {"overdue": "on"}).content.decode()
    for a in demo:
        assert (escape(a.title) in only) == (a in overdue)
    partner = overdue[0].lead_partner
    by_partner = client.get(reverse("strategy:board"), {"partner": partner.pk}).content.decode()
    assert escape(overdue[0].title) in by_partner


def test_the_action_plan_exports_in_its_import_columns(client, coordinator, demo):
    response = client.get(reverse("strategy:board"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "reference",
        "priority",
        "title",
        "description",
        "lead_partner",
        "supporting_partners",
        "owner",
        "owner_email",
        "starts_on",
        "due_on",
        "status",
        "progress",
        "measures",
        "note",
    ]
    assert len(rows) == 1 + demo.count()


# --- board meetings --------------------------------------------------------------------------


def test_a_meeting_snapshot_survives_later_edits_and_the_board_sees_what_changed(
    client, coordinator, demo
):
    strategy = demo.first().priority.strategy
    today = timezone.localdate()
    response = client.post(reverse("strategy:meetings"), {"held_on": today.isoformat()})
    assert response.status_code == 302
    meeting = BoardMeeting.objects.get(held_on=today)
    a, b = demo.filter(status=ActionStatus.ON_TRACK)[:2]
    snapshot = dict(meeting.snapshot[str(a.pk)])
    action_update(
        action_id=a.pk,
        status=ActionStatus.OFF_TRACK,
        note="Provider pulled out",
        made_by=coordinator,
    )
    action_update(action_id=b.pk, status=ActionStatus.COMPLETE, progress=100, made_by=coordinator)
    moved_due = (b.due_on or timezone.localdate()) + timedelta(days=60)
    action_update(
        action_id=b.pk, due_on=moved_due, note="Extended to cover summer", made_by=coordinator
    )
    meeting.refresh_from_db()
    assert meeting.snapshot[str(a.pk)] == snapshot  # frozen
    report = board_report(strategy=strategy, today=timezone.localdate())
    assert [x.pk for x, _, _ in report.moved] == [a.pk]
    assert [x.pk for x in report.completed] == [b.pk]
    assert [x.pk for x, _, _ in report.due_moved] == [b.pk]
    assert a.pk in [x.pk for x in report.off_track]
    page = client.get(reverse("strategy:meetings")).content.decode()
    assert "Provider pulled out" in page and f"since {today:%-d %B %Y}" in page
    priorities = {name: counts for name, counts in report.by_priority}
    assert sum(sum(c.values()) for c in priorities.values()) == demo.count()


def test_a_meeting_already_recorded_is_never_overwritten(client, coordinator, demo):
    strategy = demo.first().priority.strategy
    today = timezone.localdate()
    meeting = board_meeting_record(strategy=strategy, held_on=today, made_by=coordinator)
    frozen = meeting.snapshot
    action = demo.filter(status=ActionStatus.ON_TRACK).first()
    action_update(action_id=action.pk, status=ActionStatus.COMPLETE, progress=100)
    with pytest.raises(MeetingRuleError, match="already recorded"):
        board_meeting_record(strategy=strategy, held_on=today, made_by=coordinator)
    response = client.post(reverse("strategy:meetings"), {"held_on": today.isoformat()})
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(f"The board meeting of {today:%-d %B %Y} is already recorded") in page
    meeting.refresh_from_db()
    assert meeting.snapshot == frozen
    assert meeting.snapshot[str(action.pk)]["status"] == ActionStatus.ON_TRACK
    assert BoardMeeting.objects.filter(strategy=strategy, held_on=today).count() == 1


def test_the_database_refuses_to_change_a_snapshot(coordinator, demo):
    from django.db import DatabaseError, connection, transaction

    meeting = BoardMeeting.objects.order_by("held_on").first()
    frozen = (meeting.held_on, meeting.snapshot)
    for sql in (
        "UPDATE strategy_boardmeeting SET snapshot = '{}'::jsonb WHERE id = %s",
        "UPDATE strategy_boardmeeting SET held_on = held_on + 1 WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [meeting.pk])
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.snapshot) == frozen


@pytest.mark.parametrize(
    ("days", "reason"),
    [
        (-1, "is in the future"),
        (400, "more than a year ago"),
        (60, "a later meeting"),  # the demo's last meeting was 30 days ago
    ],
)
def test_a_meeting_date_in_the_future_far_past_or_before_the_last_is_refused(
    client, coordinator, demo, days, reason
):
    held_on = timezone.localdate() - timedelta(days=days)
    before = list(BoardMeeting.objects.values_list("id", "held_on", "snapshot"))
    with pytest.raises(MeetingRuleError, match=reason):
        board_meeting_record(
            strategy=demo.first().priority.strategy, held_on=held_on, made_by=coordinator
        )
    response = client.post(reverse("strategy:meetings"), {"held_on": held_on.isoformat()})
    assert response.status_code == 400 and reason in response.content.decode()
    assert list(BoardMeeting.objects.values_list("id", "held_on", "snapshot")) == before


# --- permissions -----------------------------------------------------------------------------

READ_ROUTES = ["strategy:board", "strategy:meetings", "strategy:partners", "strategy:strategies"]


@pytest.mark.parametrize("role", [BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN])
def test_every_role_reads_the_strategy(client, make_user, demo, role):
    client.force_login(make_user(role))
    for name in READ_ROUTES:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("strategy:action", args=[demo.first().pk])).status_code == 200


@pytest.mark.parametrize("role", [BOARD_MEMBER, ANALYST])
def test_board_members_and_analysts_cannot_write(client, make_user, demo, role):
    client.force_login(make_user(role))
    action = demo.first()
    before = (ActionUpdate.objects.count(), BoardMeeting.objects.count())
    forbidden = [
        client.post(
            reverse("strategy:action-update", args=[action.pk]),
            {"status": "complete", "progress": 100},
        ),
        client.get(reverse("strategy:action-edit", args=[action.pk])),
        client.get(reverse("strategy:action-new")),
        client.post(reverse("strategy:meetings"), {"held_on": "2026-10-01"}),
        client.post(reverse("strategy:partners"), {"name": "X", "sector": "other"}),
        client.get(reverse("strategy:priority-new")),
        client.post(reverse("strategy:strategies"), {"title": "X"}),
    ]
    assert [r.status_code for r in forbidden] == [403] * len(forbidden)
    assert (ActionUpdate.objects.count(), BoardMeeting.objects.count()) == before
    assert "You cannot open this page" in forbidden[0].content.decode()  # the product's own 403


def test_without_a_role_or_signed_out_nothing_is_shown(client, make_user, demo):
    for name in READ_ROUTES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user(None))
    for name in READ_ROUTES:
        assert client.get(reverse(name)).status_code == 403, name


def test_a_coordinator_opening_the_admin_gets_a_clear_page_not_a_loop(client, coordinator):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    assert "The administration pages are for administrators" in response.content.decode()


def test_an_unknown_page_is_the_products_own_404(client, coordinator):
    response = client.get("/strategy/actions/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_coordinators_manage_partners_priorities_and_strategies(client, coordinator, demo):
    partner = {"name": "MK Street Pastors", "sector": "voluntary", "contact_name": "A. Jones"}
    response = client.post(reverse("strategy:partners"), partner)
    assert response.status_code == 302
    assert PartnerOrganisation.objects.filter(name="MK Street Pastors", sector="voluntary").exists()
    response = client.post(reverse("strategy:priority-new"), {"title": "Safer night-time economy"})
    assert response.status_code == 302
    strategy = demo.first().priority.strategy
    assert strategy.priorities.filter(title="Safer night-time economy").exists()
    response = client.post(
        reverse("strategy:strategies"),
        {
            "title": "Strategy 2027/2030",
            "starts_on": "2027-04-01",
            "ends_on": "2030-03-31",
            "is_current": "on",
        },
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert not strategy.is_current  # only one strategy is current


def test_the_measure_embed_may_be_framed_by_this_site_only(client, coordinator):
    response = client.get(reverse("measure-embed", args=["knife-crime"]))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_the_board_pack_carries_the_strategy_report(client, coordinator, demo, reference):
    strategy = demo.first().priority.strategy
    report = board_report(strategy=strategy, today=timezone.localdate())
    page = client.get(reverse("board-pack")).content.decode()
    assert f"since the board of {report.meeting.held_on:%-d %B %Y}" in page
    assert f"<strong>{len(report.moved)}</strong> moved between statuses" in page
    for action in report.off_track:
        assert escape(str(action)) in page
