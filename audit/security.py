"""The security-event log: sign-ins and their failures, lock-outs, sign-outs, refusals,
exports and downloads, API token use. Each event is a row of ``SecurityEvent`` (the admins' page
and ``manage.py audit_log`` read them) and a JSON line on the ``mkviolence.security`` logger (for
a log collector). Who, what, when and where — never a password, never a record's contents."""

from __future__ import annotations

import logging
from datetime import UTC
from typing import Any

from axes.helpers import get_client_ip_address
from django.http import HttpRequest
from django.utils import timezone

from .models import SecurityEvent

logger = logging.getLogger("mkviolence.security")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, through the configured number of proxies (as sign-in throttling
    sees it)."""
    return get_client_ip_address(request) or None


def security_event_record(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    status: int | None = None,
    **detail: Any,
) -> SecurityEvent:
    """Record one security event. ``user`` defaults to the request's signed-in user."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    event = SecurityEvent(
        at=timezone.now(),
        kind=kind,
        user_id=user.pk if signed_in else None,
        username=(user.get_username() if signed_in else username)[:150],
        role=_roles(user) if signed_in else "",
        ip=client_ip(request) if request is not None else None,
        method=request.method or "" if request is not None else "",
        path=request.path[:512] if request is not None else "",
        status=status,
        detail=detail,
    )
    event.save()
    logger.info(kind, extra={"security_event": security_event_line(event)})
    return event


def _roles(user: Any) -> str:
    """The account's roles (its groups) as they were at the time."""
    names = sorted(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        names.append("superuser")
    return ", ".join(names)[:64]


def security_event_line(event: SecurityEvent) -> dict[str, Any]:
    """The event as one JSON object (the log line, and ``audit_log --json``)."""
    return {
        "log": "security",
        "time": event.at.astimezone(UTC).isoformat(),
        "event": event.kind,
        "user": event.username or None,
        "user_id": event.user_id,
        "role": event.role or None,
        "ip": event.ip,
        "method": event.method or None,
        "path": event.path or None,
        "status": event.status,
        **({"detail": event.detail} if event.detail else {}),
    }
