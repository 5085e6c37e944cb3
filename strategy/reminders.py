"""Reminder e-mails: each week, every owner gets their open actions due within 14 days or
overdue, with links to update them; the week before a board meeting, coordinators get the
actions not updated since the last meeting. Sent through Django's e-mail backend (EMAIL_URL),
each send recorded once in ``EmailSent`` so a retried task never sends twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Action, ActionStatus, EmailSent, Strategy

logger = logging.getLogger(__name__)
DUE_WITHIN = timedelta(days=14)
DIGEST_BEFORE = timedelta(days=7)


@dataclass
class Sent:
    recipients: list[str]
    skipped: int  # already sent for this period


def _is_overdue(action: Action, today: date) -> bool:
    return action.due_on is not None and action.due_on < today


def _link(action: Action) -> str:
    return settings.SITE_URL + reverse("strategy:action", args=[action.pk])


def _send_once(*, kind: str, to: str, period: str, subject: str, body: str, actions: int) -> bool:
    """Send unless this kind, recipient and period was sent already; record it."""
    try:
        with transaction.atomic():
            EmailSent.objects.create(
                kind=kind, recipient=to, period=period, subject=subject, actions=actions
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except IntegrityError:
        return False
    logger.info("sent %s to %s for %s (%s actions)", kind, to, period, actions)
    return True


def action_reminders_send(*, today: date) -> Sent:
    """This week's reminders, one e-mail per owner with an e-mail address."""
    due = (
        Action.objects.of_current_strategy()
        .open()
        .exclude(owner_email="")
        .filter(due_on__lte=today + DUE_WITHIN)
        .select_related("priority")
        .order_by("owner_email", "due_on", "id")
    )
    by_owner: dict[str, list[Action]] = {}
    for action in due:
        by_owner.setdefault(action.owner_email.lower(), []).append(action)
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    sent, skipped = [], 0
    for email, actions in sorted(by_owner.items()):
        overdue = sum(_is_overdue(a, today) for a in actions)
        subject = f"{len(actions)} strategy action{'s' if len(actions) != 1 else ''} due soon" + (
            f", {overdue} overdue" if overdue else ""
        )
        body = render_to_string(
            "strategy/email/reminder.txt",
            {
                "actions": [(a, _link(a), _is_overdue(a, today)) for a in actions],
                "today": today,
                "board": settings.SITE_URL + reverse("strategy:board") + "?overdue=on",
            },
        )
        if _send_once(
            kind="reminder", to=email, period=week, subject=subject, body=body, actions=len(actions)
        ):
            sent.append(email)
        else:
            skipped += 1
    return Sent(sent, skipped)


def board_digest_send(*, today: date) -> Sent:
    """In the week before the current strategy's next board meeting, once: the coordinators'
    digest of the actions not updated since the last recorded meeting."""
    strategy = Strategy.objects.filter(is_current=True).first()
    if strategy is None or strategy.next_board_on is None:
        return Sent([], 0)
    if not today <= strategy.next_board_on <= today + DIGEST_BEFORE:
        return Sent([], 0)
    last = strategy.meetings.filter(held_on__lt=strategy.next_board_on).order_by("-held_on").first()
    actions = Action.objects.filter(priority__strategy=strategy).select_related("priority")
    if last is not None:
        actions = actions.exclude(updates__made_at__date__gt=last.held_on)
    stale = [
        a
        for a in actions.order_by("priority__order", "reference", "id")
        if a.status != ActionStatus.COMPLETE
    ]
    coordinators = (
        get_user_model()
        .objects.filter(groups__name="Coordinator", is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    subject = f"Board on {strategy.next_board_on:%-d %B}: {len(stale)} actions not updated"
    body = render_to_string(
        "strategy/email/digest.txt",
        {
            "strategy": strategy,
            "last": last,
            "actions": [(a, _link(a)) for a in stale],
        },
    )
    sent, skipped = [], 0
    for email in sorted(set(e.lower() for e in coordinators)):
        if _send_once(
            kind="digest",
            to=email,
            period=strategy.next_board_on.isoformat(),
            subject=subject,
            body=body,
            actions=len(stale),
        ):
            sent.append(email)
        else:
            skipped += 1
    return Sent(sent, skipped)
