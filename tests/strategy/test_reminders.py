"""Reminder e-mails and the board digest, received by a real SMTP server the test starts."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes

import pytest
from django.utils import timezone

from mkviolence.roles import COORDINATOR
from strategy.demo import strategy_demo_load
from strategy.models import Action, ActionStatus, EmailSent, Strategy
from strategy.reminders import action_reminders_send, board_digest_send
from strategy.services import action_update

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.messages if address in rcpt]


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://mkviolence.example.org"
    yield inbox
    controller.stop()


def test_each_owner_gets_their_actions_due_soon_or_overdue_once_a_week(smtp):
    today = timezone.localdate()
    strategy_demo_load(today=today)
    open_actions = Action.objects.exclude(status=ActionStatus.COMPLETE)
    soon, later, overdue = open_actions.order_by("id")[:3]
    Action.objects.update(owner_email="")
    for action, due, email in (
        (soon, 5, "sam@example.org"),
        (later, 40, "sam@example.org"),
        (overdue, -3, "jo@example.org"),
    ):
        Action.objects.filter(pk=action.pk).update(
            due_on=today + timedelta(days=due), owner_email=email
        )
    sent = action_reminders_send(today=today)
    assert sorted(sent.recipients) == ["jo@example.org", "sam@example.org"]
    [sam] = smtp.to("sam@example.org")
    body = sam.get_payload(decode=True).decode()
    assert soon.title in body and later.title not in body
    assert f"https://mkviolence.example.org/strategy/actions/{soon.pk}/" in body
    [jo] = smtp.to("jo@example.org")
    assert "overdue" in jo["Subject"] and "(OVERDUE)" in jo.get_payload(decode=True).decode()
    # The same week again (a retried task): nothing more is sent.
    assert action_reminders_send(today=today).recipients == []
    assert len(smtp.messages) == 2
    assert EmailSent.objects.filter(kind="reminder").count() == 2


def test_coordinators_get_a_digest_of_actions_not_updated_before_the_board(smtp, make_user):
    today = timezone.localdate()
    strategy = strategy_demo_load(today=today)
    coordinator = make_user(COORDINATOR)
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    Strategy.objects.filter(pk=strategy.pk).update(next_board_on=today + timedelta(days=30))
    assert board_digest_send(today=today).recipients == []  # not yet the week before
    Strategy.objects.filter(pk=strategy.pk).update(next_board_on=today + timedelta(days=5))
    fresh = Action.objects.filter(status=ActionStatus.ON_TRACK).first()
    action_update(action_id=fresh.pk, progress=fresh.progress + 1, note="Still going")
    sent = board_digest_send(today=today)
    assert sent.recipients == ["coordinator@example.org"]
    [digest] = smtp.to("coordinator@example.org")
    body = digest.get_payload(decode=True).decode()
    assert "not been updated since the last board" in body
    assert fresh.title not in body  # updated since the last board
    last = strategy.meetings.order_by("-held_on").first().held_on
    for action in Action.objects.exclude(status=ActionStatus.COMPLETE):
        latest = timezone.localtime(action.updates.latest("made_at").made_at).date()
        assert (action.title in body) == (latest <= last), action.title
    assert board_digest_send(today=today).recipients == []  # once a meeting
