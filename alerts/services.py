"""Writes for alerts: after each recompute, compare the figures with what the last look saw and
record what turned (each alert once, under its natural key), deliver it to its subscribers, and
e-mail them a digest; before each board meeting, e-mail the board pack to board members.

Figures are read through the dashboard's selectors and made board-ready as a tile shows them
(``dashboard.pages.common.key_figure``) before anything is compared or written, so an alert
never carries a number a board page would hide. One evaluation at a time (a transaction-scoped
advisory lock); an evaluation that fails rolls back whole and the task runs it again."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from dashboard.disclosure.ledger import Ledger
from dashboard.measures import MEASURES
from dashboard.pages.common import key_figure
from dashboard.pages.overview import OVERVIEW_MEASURES, tiles
from dashboard.selectors import figure_months, trend_figure_for
from incidents.models import Area
from mkviolence.roles import BOARD_MEMBER
from strategy.models import Strategy

from . import text
from .compare import SPANS, default_reset, significance_state, significance_turn, threshold_step
from .models import (
    Alert,
    AlertDelivery,
    AlertEmail,
    AlertState,
    AlertSubscription,
    BoardPackSchedule,
)

logger = logging.getLogger(__name__)
LOCK = "mkviolence.alerts"


@dataclass
class Evaluation:
    alerts: list[Alert] = field(default_factory=list)
    deliveries: int = 0
    figures: int = 0  # measure-area figures looked at on a board's terms (after suppression)


def _watched(subscriptions: list[AlertSubscription]) -> list[tuple[str, Area]]:
    """Every measure at the partnership and in each of its wards, and whatever else someone
    subscribed to (an LSOA, say), in a stable order."""
    partnership = Area.objects.defer("geometry").filter(code=settings.PARTNERSHIP_AREA_CODE).first()
    areas: dict[int, Area] = {}
    if partnership is not None:
        areas[partnership.pk] = partnership
        for ward in Area.objects.defer("geometry").filter(
            parent=partnership, level=Area.Level.WARD
        ):
            areas[ward.pk] = ward
    pairs = {(slug, area_id) for slug in MEASURES for area_id in areas}
    for s in subscriptions:
        areas.setdefault(s.area_id, s.area)
        pairs.add((s.measure, s.area_id))
    return [(slug, areas[area_id]) for slug, area_id in sorted(pairs) if slug in MEASURES]


def alerts_evaluate(*, run_id: int | None = None) -> Evaluation:
    """Compare the latest figures with the last look; record and deliver what turned."""
    result = Evaluation()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [LOCK])
        subscriptions = list(
            AlertSubscription.objects.select_related("area", "user").filter(user__is_active=True)
        )
        states = {s.key: s for s in AlertState.objects.all()}
        for measure, area in _watched(subscriptions):
            figure = trend_figure_for(measure=measure, area=area)
            if figure is None or not figure["covered"]:
                continue
            mine = [s for s in subscriptions if s.measure == measure and s.area_id == area.pk]
            thresholds = any(s.threshold_figure and s.threshold_value is not None for s in mine)
            if not thresholds and not _may_turn(states, measure, area, figure):
                continue
            # What a tile shows: hidden values gone, with its headline and words.
            board = key_figure(
                Ledger(),
                measure=measure,
                area=area,
                month=date.fromisoformat(figure["month"] + "-01"),
            )
            if board is None:
                continue
            result.figures += 1
            _significance(result, states, measure, area, board, mine)
            for subscription in mine:
                if subscription.threshold_figure and subscription.threshold_value is not None:
                    _threshold(result, subscription, board)
        _new_data(result, states, subscriptions)
    logger.info(
        "alerts after recompute %s: %s figures, %s alerts, %s deliveries",
        run_id,
        result.figures,
        len(result.alerts),
        result.deliveries,
    )
    return result


def _may_turn(
    states: dict[str, AlertState], measure: str, area: Area, figure: dict[str, Any]
) -> bool:
    """Whether the significance seen on a board could differ from the last look. The board
    sees the figure's own state or nothing (hidden), so when the figure's state is what was
    last seen, or cannot be told, nothing can turn, and the suppression (the costly part) need
    not be worked out."""
    for span in SPANS:
        key = f"significance:{measure}:{area.code}:{span}"
        raw = significance_state(figure, span)
        if raw is not None and (key not in states or states[key].value != raw):
            return True
    return False


def _state_set(states: dict[str, AlertState], key: str, value: str, month: date | None) -> None:
    state = states.get(key)
    if state is None:
        states[key] = AlertState.objects.create(key=key, value=value, month=month)
    elif (state.value, state.month) != (value, month):
        state.value, state.month = value, month
        state.save(update_fields=["value", "month", "updated_at"])


def _record(result: Evaluation, *, key: str, users: Iterable[Any], **fields: Any) -> Alert | None:
    """The alert under ``key``, once: a second evaluation of the same figures records nothing
    and delivers nothing more."""
    alert, created = Alert.objects.get_or_create(key=key, defaults=fields)
    if not created:
        return None
    deliveries = [
        AlertDelivery(alert=alert, user=user) for user in {u.pk: u for u in users}.values()
    ]
    AlertDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    result.alerts.append(alert)
    result.deliveries += len(deliveries)
    return alert


def _significance(
    result: Evaluation,
    states: dict[str, AlertState],
    measure: str,
    area: Area,
    board: dict[str, Any],
    subscriptions: list[AlertSubscription],
) -> None:
    month = date.fromisoformat(board["month"] + "-01")
    for span in SPANS:
        after = significance_state(board, span)
        if after is None:
            continue  # hidden or not comparable: the last state stands
        key = f"significance:{measure}:{area.code}:{span}"
        before = states[key].value if key in states else None
        turn = significance_turn(before, after)
        _state_set(states, key, after, month)
        if turn is None:
            continue
        _record(
            result,
            key=f"{key}:{month:%Y-%m}:{after}",
            users=[s.user for s in subscriptions if s.significance],
            kind=Alert.Kind.SIGNIFICANCE,
            measure=measure,
            area=area,
            month=month,
            title=text.significance_title(board, span, turn),
            body=board["headline"],
            link=text.measure_link(measure, area),
        )


def _threshold(result: Evaluation, subscription: AlertSubscription, board: dict[str, Any]) -> None:
    value = board.get(subscription.threshold_figure)
    threshold = float(subscription.threshold_value or 0)
    direction = subscription.threshold_direction
    reset = (
        subscription.threshold_reset
        if subscription.threshold_reset is not None
        else default_reset(threshold, direction)
    )
    state, event = threshold_step(
        state=subscription.threshold_state,
        value=value,
        threshold=threshold,
        reset=reset,
        direction=direction,
    )
    if state == subscription.threshold_state:
        return
    subscription.threshold_state = state
    if event is not None:
        subscription.threshold_changes += 1
        month = date.fromisoformat(board["month"] + "-01")
        _record(
            result,
            key=f"threshold:{subscription.pk}:{subscription.threshold_changes}",
            users=[subscription.user],
            kind=Alert.Kind.THRESHOLD,
            measure=subscription.measure,
            area=subscription.area,
            month=month,
            subscription=subscription,
            title=text.threshold_title(board, subscription, event, float(value or 0), reset),
            body=board["headline"],
            link=text.measure_link(subscription.measure, subscription.area),
        )
    subscription.save(update_fields=["threshold_state", "threshold_changes"])


def _new_data(
    result: Evaluation, states: dict[str, AlertState], subscriptions: list[AlertSubscription]
) -> None:
    """A source whose latest month in the partnership's figures moved on since the last look:
    the figures, not the import, so nobody hears of a month the pages do not show yet."""
    partnership = Area.objects.defer("geometry").filter(code=settings.PARTNERSHIP_AREA_CODE).first()
    if partnership is None:
        return
    sources = sorted({m.source for m in MEASURES.values()})
    for source in sources:
        slugs = [slug for slug, m in MEASURES.items() if m.source == source]
        months = figure_months(measures=slugs, area=partnership)
        if not months:
            continue
        month = months[-1]
        key = f"latest:{source}"
        before = states[key].month if key in states else None
        _state_set(states, key, f"{month:%Y-%m}", month)
        if before is None or month <= before:
            continue
        users = [s.user for s in subscriptions if s.new_data and s.measure in slugs]
        _record(
            result,
            key=f"new-data:{source}:{month:%Y-%m}",
            users=users,
            kind=Alert.Kind.NEW_DATA,
            month=month,
            title=text.new_data_title(source, before, month),
            body=text.new_data_body(source, month),
            link="/",
        )


# --- e-mail --------------------------------------------------------------------------------


def alerts_send() -> int:
    """E-mail each person with undelivered alerts one digest of them. Each person's digest is
    sent inside the transaction that marks their alerts sent: if sending fails, nothing is
    marked and the task retries; people already sent are not sent again. Returns how many
    digests went."""
    waiting = (
        AlertDelivery.objects.filter(sent_at__isnull=True, user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in sorted(set(waiting)):
        with transaction.atomic():
            pending = list(
                AlertDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(user_id=user_id, sent_at__isnull=True)
                .select_related("alert", "user")
                .order_by("alert__created_at", "alert_id")
            )
            if not pending:
                continue  # another worker has them
            user = pending[0].user
            alerts = [d.alert for d in pending]
            subject = text.digest_subject(alerts)
            email = AlertEmail.objects.create(
                user=user, kind="digest", key=f"digest:{user_id}:{pending[0].pk}", subject=subject
            )
            body = render_to_string(
                "alerts/email/digest.txt",
                {
                    "user": user,
                    "alerts": [(a, settings.SITE_URL + a.link) for a in alerts],
                    "manage": settings.SITE_URL + "/alerts/",
                },
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            AlertDelivery.objects.filter(pk__in=[d.pk for d in pending]).update(
                sent_at=timezone.now(), email=email
            )
        sent += 1
        logger.info("alert digest of %s to user %s", len(pending), user_id)
    return sent


def board_pack_schedule_get() -> BoardPackSchedule:
    """The schedule; until a coordinator sets one, off (3 days before, once switched on)."""
    return BoardPackSchedule.objects.order_by("pk").first() or BoardPackSchedule(enabled=False)


def board_pack_schedule_set(*, enabled: bool, days_before: int, user: Any) -> BoardPackSchedule:
    with transaction.atomic():
        schedule = BoardPackSchedule.objects.select_for_update().order_by("pk").first()
        schedule = schedule or BoardPackSchedule()
        schedule.enabled, schedule.days_before, schedule.updated_by = enabled, days_before, user
        schedule.save()
    return schedule


def board_pack_send(*, today: date) -> list[str]:
    """On the schedule a coordinator set (``days_before`` the current strategy's next board
    meeting, up to the day itself): the board pack, by link, to every board member with an
    e-mail address, once per meeting. Returns the addresses sent to."""
    schedule = board_pack_schedule_get()
    strategy = Strategy.objects.filter(is_current=True).first()
    if not schedule.enabled or strategy is None or strategy.next_board_on is None:
        return []
    meeting = strategy.next_board_on
    if not meeting - timedelta(days=schedule.days_before) <= today <= meeting:
        return []
    partnership = Area.objects.defer("geometry").filter(code=settings.PARTNERSHIP_AREA_CODE).first()
    shown = (
        tiles(Ledger(), area=partnership, month=None, measures=OVERVIEW_MEASURES)
        if partnership is not None
        else []
    )
    subject = text.board_pack_subject(meeting)
    body = render_to_string(
        "alerts/email/board_pack.txt",
        {
            "strategy": strategy,
            "meeting": meeting,
            "link": settings.SITE_URL + "/board-pack/",
            "headlines": [t["headline"] for t in shown],
        },
    )
    members = (
        get_user_model()
        .objects.filter(groups__name=BOARD_MEMBER, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    sent = []
    for user in members:
        try:
            with transaction.atomic():
                AlertEmail.objects.create(
                    user=user,
                    kind="board-pack",
                    key=f"board-pack:{meeting.isoformat()}:{user.pk}",
                    subject=subject,
                )
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            continue  # this meeting's pack went to them already
        sent.append(user.email)
    return sent


# --- subscriptions --------------------------------------------------------------------------


def alert_subscription_save(
    *,
    user: Any,
    measure: str,
    area: Area,
    significance: bool = True,
    new_data: bool = True,
    threshold_figure: str = "",
    threshold_direction: str = "above",
    threshold_value: float | None = None,
    threshold_reset: float | None = None,
) -> AlertSubscription:
    """Create or replace a person's subscription to a measure in an area. A changed threshold
    starts afresh: the next look takes its state without an alert."""
    if measure not in MEASURES:
        raise ValueError(f"Unknown measure {measure!r}.")
    fields = {
        "significance": significance,
        "new_data": new_data,
        "threshold_figure": threshold_figure or "",
        "threshold_direction": threshold_direction,
        "threshold_value": threshold_value if threshold_figure else None,
        "threshold_reset": threshold_reset if threshold_figure else None,
    }
    with transaction.atomic():
        subscription, created = AlertSubscription.objects.select_for_update().get_or_create(
            user=user, measure=measure, area=area, defaults=fields
        )
        if not created:
            threshold = ("threshold_figure", "threshold_direction", "threshold_value")
            if any(getattr(subscription, f) != fields[f] for f in threshold):
                subscription.threshold_state = ""
            for name, value in fields.items():
                setattr(subscription, name, value)
            subscription.save()
    return subscription


def alert_subscription_delete(*, user: Any, subscription_id: int) -> bool:
    """Remove one of the person's own subscriptions; False when they have no such one."""
    deleted, _ = AlertSubscription.objects.filter(pk=subscription_id, user=user).delete()
    return bool(deleted)
