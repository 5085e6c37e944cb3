"""Reads for alerts: what a person sees on the alerts page, and their subscriptions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from dashboard.measures import MEASURES
from dashboard.selectors import filter_areas
from incidents.models import Area

from .models import Alert, AlertSubscription


def alerts_for(*, user: Any, limit: int = 50) -> QuerySet[Alert]:
    """Newest first: every alert made for everyone (significance, new data), and the
    threshold alerts of this person's own thresholds."""
    return (
        Alert.objects.filter(Q(subscription__isnull=True) | Q(subscription__user=user))
        .select_related("area")
        .order_by("-created_at", "-id")[:limit]
    )


def alert_subscriptions_of(*, user: Any) -> QuerySet[AlertSubscription]:
    return AlertSubscription.objects.filter(user=user).select_related("area")


def alert_areas() -> list[Area]:
    """The areas one can subscribe to: the partnership, its wards and their LSOAs (as the
    dashboards' filter offers them)."""
    partnership = Area.objects.defer("geometry").filter(code=settings.PARTNERSHIP_AREA_CODE).first()
    return filter_areas(partnership=partnership) if partnership is not None else []


def alert_measures() -> list[tuple[str, str]]:
    return [(slug, str(m.name)) for slug, m in MEASURES.items()]
