"""Reads for the police.uk page: the last checks, what police.uk publishes, what is held, and
what the next check will do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from ..models import PoliceUkMonth, PoliceUkPull, Source, SourceCoverage
from ..months import parse_month
from .lock import pull_in_progress

LONDON = ZoneInfo("Europe/London")


def policeuk_pull_in_progress() -> bool:
    return pull_in_progress()


def policeuk_pulls_recent(*, limit: int = 10) -> QuerySet[PoliceUkPull]:
    return PoliceUkPull.objects.select_related("requested_by").order_by("-started_at", "-id")[
        :limit
    ]


def policeuk_published_months() -> tuple[str, list[date]]:
    """The force's name and the months police.uk listed at the last check that asked."""
    pull = (
        PoliceUkPull.objects.exclude(months_published=[])
        .exclude(force_name="")
        .order_by("-started_at", "-id")
        .first()
    )
    if pull is None:
        return "", []
    return pull.force_name, [m for s in pull.months_published if (m := parse_month(s))]


def policeuk_next_check(*, now: datetime | None = None) -> datetime | None:
    """When the beat job checks next (``POLICEUK_PULL_TIME`` each day, Europe/London), or None
    when the scheduled check is off."""
    if not settings.POLICEUK_PULL_ENABLED:
        return None
    now = (now or timezone.now()).astimezone(LONDON)
    hour, _, minute = settings.POLICEUK_PULL_TIME.partition(":")
    at = datetime.combine(now.date(), time(int(hour), int(minute or 0)), tzinfo=LONDON)
    return at if at > now else datetime.combine(at.date() + timedelta(days=1), at.timetz())


@dataclass
class PoliceUkStatus:
    force_name: str
    published: list[date]
    held: list[date]
    not_held: list[date]
    waiting: list[date]  # listed by police.uk but with no crimes for the area yet
    last: PoliceUkPull | None
    last_error: str
    running: PoliceUkPull | None
    next_check: datetime | None
    months: list[PoliceUkMonth] = field(default_factory=list)


def policeuk_status() -> PoliceUkStatus:
    force_name, published = policeuk_published_months()
    held = (
        sorted(
            SourceCoverage.objects.filter(
                source=Source.POLICEUK_STREET, scope=force_name, complete=True
            ).values_list("month", flat=True)
        )
        if force_name
        else []
    )
    held_set = set(held)
    empty = set(
        PoliceUkMonth.objects.filter(status=PoliceUkMonth.Status.EMPTY).values_list(
            "month", flat=True
        )
    )
    not_held = [m for m in published if m not in held_set]
    last = PoliceUkPull.objects.exclude(status=PoliceUkPull.Status.BUSY).first()
    return PoliceUkStatus(
        force_name=force_name,
        published=published,
        held=held,
        not_held=[m for m in not_held if m not in empty],
        waiting=[m for m in not_held if m in empty],
        last=last,
        last_error=last.error if last is not None and last.status == "failed" else "",
        running=(
            PoliceUkPull.objects.filter(status=PoliceUkPull.Status.RUNNING).first()
            if policeuk_pull_in_progress()
            else None
        ),
        next_check=policeuk_next_check(),
        months=list(PoliceUkMonth.objects.select_related("batch").order_by("-month")[:36]),
    )
