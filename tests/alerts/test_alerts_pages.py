"""The alerts page (subscribe, remove, the board pack's schedule), the subscriptions API, and the
board pack e-mailed to board members on the coordinator's schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, AlertEmail, AlertSubscription, BoardPackSchedule
from alerts.services import alert_subscription_save, board_pack_send
from incidents.models import Area
from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR
from strategy.models import Strategy
from tests.factories import json_of

pytestmark = pytest.mark.django_db
MK, OLNEY = "E06000042", "E05009418"


def _subscribe(client, **fields):
    data = {"measure": "knife-crime", "area": MK, "significance": "on", "new_data": "on"}
    data["threshold_direction"] = "above"
    return client.post(reverse("alerts:subscribe"), data | fields)


def test_a_board_member_subscribes_changes_and_removes(client, make_user, reference):
    board = make_user(BOARD_MEMBER)
    client.force_login(board)
    page = client.get(reverse("alerts:list")).content.decode()
    assert 'id="subscribe-form"' in page and 'id="board-pack-form"' not in page
    response = _subscribe(client, area=OLNEY, threshold_figure="rate", threshold_value="15")
    assert response.status_code == 302
    subscription = AlertSubscription.objects.get(user=board)
    assert (subscription.measure, subscription.area.code) == ("knife-crime", OLNEY)
    assert (subscription.threshold_value, subscription.threshold_reset) == (15.0, None)
    page = client.get(reverse("alerts:list")).content.decode()
    assert "Saved: you will be told about Knife crime in Olney." in page
    assert "Knife crime</td>" in page and "Olney</td>" in page
    # The same measure and area again replaces it (and its threshold starts afresh).
    AlertSubscription.objects.update(threshold_state="crossed")
    _subscribe(client, area=OLNEY, threshold_figure="rate", threshold_value="20")
    subscription = AlertSubscription.objects.get(user=board)
    assert (subscription.threshold_value, subscription.threshold_state) == (20.0, "")
    client.post(reverse("alerts:unsubscribe", args=[subscription.pk]))
    assert not AlertSubscription.objects.exists()


def test_a_subscription_that_makes_no_sense_is_refused_plainly(client, make_user, reference):
    client.force_login(make_user(COORDINATOR))
    response = _subscribe(client, threshold_figure="rate")
    assert response.status_code == 400
    assert "Give the threshold, or choose no threshold." in response.content.decode()
    response = _subscribe(
        client, threshold_figure="rate", threshold_value="15", threshold_reset="16"
    )
    assert "For “goes above”, reset below the threshold." in response.content.decode()
    response = _subscribe(client, significance="", new_data="")
    assert "Choose at least one thing to be told about." in response.content.decode()
    assert not AlertSubscription.objects.exists()


def test_nobody_removes_or_sees_another_persons_threshold(client, make_user, reference):
    owner, other = make_user(BOARD_MEMBER), make_user(BOARD_MEMBER)
    mk = Area.objects.get(code=MK)
    mine = alert_subscription_save(
        user=owner, measure="knife-crime", area=mk, threshold_figure="rate", threshold_value=15
    )
    Alert.objects.create(
        key="threshold:x", kind="threshold", subscription=mine, title="Owner's own threshold"
    )
    Alert.objects.create(key="significance:x", kind="significance", title="For everyone")
    client.force_login(other)
    page = client.get(reverse("alerts:list")).content.decode()
    assert "For everyone" in page and "Owner&#x27;s own threshold" not in page
    assert client.post(reverse("alerts:unsubscribe", args=[mine.pk])).status_code == 404
    assert AlertSubscription.objects.filter(pk=mine.pk).exists()


def test_analysts_read_alerts_but_do_not_subscribe(client, make_user, reference):
    client.force_login(make_user(ANALYST))
    page = client.get(reverse("alerts:list")).content.decode()
    assert "Recent alerts" in page and 'id="subscribe-form"' not in page
    assert _subscribe(client).status_code == 403


def test_the_subscriptions_api_is_ones_own(api_client, reference):  # noqa: F811
    board = api_client(BOARD_MEMBER)
    response = board.post(
        reverse("api:alert-subscription-list"),
        {
            "measure": "knife-crime",
            "area": OLNEY,
            "threshold_figure": "rate",
            "threshold_value": 15,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = json_of(response)
    assert created["area"] == OLNEY and created["threshold_reset"] is None
    detail = reverse("api:alert-subscription-detail", args=[created["id"]])
    changed = board.patch(detail, {"threshold_reset": 12}, format="json")
    assert json_of(changed)["threshold_reset"] == 12
    assert json_of(board.patch(detail, {"area": MK}, format="json"))["fields"]["area"]
    refused = board.post(
        reverse("api:alert-subscription-list"),
        {"measure": "knife-crime", "area": MK, "threshold_figure": "rate"},
        format="json",
    )
    assert refused.status_code == 400
    assert json_of(refused)["fields"]["threshold_value"]
    assert board.get(reverse("api:alert-subscription-list")).json()["count"] == 1
    other = api_client(COORDINATOR)
    assert other.get(reverse("api:alert-subscription-list")).json()["count"] == 0
    assert other.delete(detail).status_code == 404
    assert board.delete(detail).status_code == 204
    assert not AlertSubscription.objects.exists()
    assert api_client(ANALYST).get(reverse("api:alert-subscription-list")).status_code == 403


# --- the board pack ----------------------------------------------------------------------


@pytest.fixture
def meeting(reference):
    from strategy.demo import strategy_demo_load

    today = timezone.localdate()
    strategy_demo_load(today=today)
    Strategy.objects.filter(is_current=True).update(next_board_on=today + timedelta(days=2))
    return today + timedelta(days=2)


def test_a_coordinator_sets_when_the_board_pack_is_emailed(client, make_user, meeting):
    board = make_user(BOARD_MEMBER)
    client.force_login(board)
    assert (
        client.post(reverse("alerts:board-pack"), {"enabled": "on", "days_before": 3}).status_code
        == 403
    )
    client.force_login(make_user(COORDINATOR))
    page = client.get(reverse("alerts:list")).content.decode()
    assert "The board pack is not e-mailed." in page
    response = client.post(reverse("alerts:board-pack"), {"enabled": "on", "days_before": 40})
    assert response.status_code == 400 and not BoardPackSchedule.objects.exists()
    client.post(reverse("alerts:board-pack"), {"enabled": "on", "days_before": 3})
    page = client.get(reverse("alerts:list")).content.decode()
    assert "Board members get a link to the board pack 3 days before each meeting." in page
    schedule = BoardPackSchedule.objects.get()
    assert (schedule.enabled, schedule.days_before) == (True, 3)


def test_board_members_get_the_board_pack_once_on_the_schedule(make_user, meeting, smtp):
    today = timezone.localdate()
    members = []
    for name, email in (("ann", "ann@example.org"), ("bob", "bob@example.org"), ("cy", "")):
        user = make_user(BOARD_MEMBER, name)
        user.email = email
        user.save()
        members.append(user)
    analyst = make_user(ANALYST, "ana")
    analyst.email = "ana@example.org"
    analyst.save()
    assert board_pack_send(today=today) == []  # no coordinator has switched it on
    BoardPackSchedule.objects.create(enabled=True, days_before=1)
    assert board_pack_send(today=today) == []  # two days before: not yet
    BoardPackSchedule.objects.update(days_before=3)
    assert board_pack_send(today=today) == ["ann@example.org", "bob@example.org"]
    [message] = smtp.to("ann@example.org")
    assert message["Subject"] == f"The board pack for the meeting on {meeting:%-d %B %Y}"
    body = message.get_payload(decode=True).decode()
    assert "https://mkviolence.example.org/board-pack/" in body
    assert smtp.to("ana@example.org") == []
    # The next day's run (and a retried task) sends nothing more for this meeting.
    assert board_pack_send(today=today + timedelta(days=1)) == []
    assert AlertEmail.objects.filter(kind="board-pack").count() == 2
    assert len(smtp.messages) == 2
    # After the meeting, nothing.
    assert board_pack_send(today=meeting + timedelta(days=1)) == []


@pytest.mark.parametrize("role", [ADMIN])
def test_admins_do_everything(client, make_user, reference, role):
    client.force_login(make_user(role))
    page = client.get(reverse("alerts:list")).content.decode()
    assert 'id="subscribe-form"' in page and 'id="board-pack-form"' in page
