"""Reading the audit log: the history of tracked tables (pghistory's events, across every event
table) and the security events, merged in time order for the command and the admins' page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from pghistory.models import Events

from .models import SecurityEvent
from .security import security_event_line

VERBS = {
    "insert": "created",
    "update": "changed",
    "delete": "deleted",
    "password_changed": "password changed",
}


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: a change to a tracked table, or a security event."""

    log: str  # "change" or "security"
    at: datetime
    who: str
    what: str
    details: dict[str, Any] = field(default_factory=dict)
    line: dict[str, Any] = field(default_factory=dict)  # the JSON form


def _user_events() -> Any:
    """The users' history (its model is made by pghistory, so it is looked up by name)."""
    return apps.get_model("audit", "UserEvent").objects


def _user_names(user_ids: set[int]) -> dict[int, str]:
    """Usernames by ID, including accounts since deleted (from the users' own history)."""
    names = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    missing = user_ids - names.keys()
    if missing:
        for pk, name in (
            _user_events()
            .filter(pgh_obj_id__in=missing)
            .order_by("pgh_id")
            .values_list("pgh_obj_id", "username")
        ):
            names[pk] = name
    return names


def _who(context: dict[str, Any] | None, names: dict[int, str]) -> str:
    """The signed-in user, else the command or task and the OS user, else outside the app."""
    context = context or {}
    parts = []
    if context.get("user") is not None:
        parts.append(names.get(int(context["user"]), f"user {context['user']}"))
    if context.get("command"):
        parts.append(f"manage.py {context['command']} (OS user {context.get('os_user', '?')})")
    elif context.get("task"):
        parts.append(f"task {context['task']}")
    return ", ".join(parts) or "outside the application (no audit context)"


def _model_label(label: str) -> str:
    model = apps.get_model(label)
    return str(model._meta.verbose_name).capitalize()


def change_entries(
    *, since: datetime | None = None, user_id: int | None = None, limit: int = 200
) -> list[AuditEntry]:
    """The latest ``limit`` changes to tracked tables (since ``since``; by ``user_id``)."""
    events = Events.objects.order_by("-pgh_created_at", "-pgh_id")
    if since is not None:
        events = events.filter(pgh_created_at__gte=since)
    if user_id is not None:
        events = events.filter(pgh_context__user=user_id)
    rows = list(events[:limit])
    names = _user_names(
        {int(e.pgh_context["user"]) for e in rows if (e.pgh_context or {}).get("user") is not None}
    )
    entries = []
    for event in rows:
        model = _model_label(event.pgh_obj_model)
        verb = VERBS.get(event.pgh_label, event.pgh_label)
        changes = {k: v for k, v in (event.pgh_diff or {}).items()}
        who = _who(event.pgh_context, names)
        at = event.pgh_created_at.astimezone(UTC)
        entries.append(
            AuditEntry(
                log="change",
                at=at,
                who=who,
                what=f"{model} {event.pgh_obj_id} {verb}",
                details=changes if event.pgh_label == "update" else (event.pgh_data or {}),
                line={
                    "log": "change",
                    "time": at.isoformat(),
                    "who": who,
                    "context": event.pgh_context or {},
                    "table": event.pgh_obj_model,
                    "object_id": event.pgh_obj_id,
                    "action": event.pgh_label,
                    # Before → after of each field that changed; a creation or deletion
                    # gives the whole row.
                    **(
                        {"changes": changes}
                        if event.pgh_label == "update"
                        else {"row": event.pgh_data or {}}
                    ),
                },
            )
        )
    return entries


def security_entries(
    *, since: datetime | None = None, username: str | None = None, limit: int = 200
) -> list[AuditEntry]:
    events = SecurityEvent.objects.order_by("-at", "-id")
    if since is not None:
        events = events.filter(at__gte=since)
    if username:
        events = events.filter(username=username)
    entries = []
    for event in events[:limit]:
        where = " ".join(p for p in (event.method, event.path) if p)
        entries.append(
            AuditEntry(
                log="security",
                at=event.at.astimezone(UTC),
                who=event.username or "(no account)",
                what=f"{event.get_kind_display()}" + (f": {where}" if where else ""),
                details={k: v for k, v in (("from", event.ip), ("status", event.status)) if v}
                | event.detail,
                line=security_event_line(event),
            )
        )
    return entries


def audit_entries(
    *, since: datetime | None = None, username: str | None = None, limit: int = 200
) -> list[AuditEntry]:
    """Both logs, the latest ``limit`` entries of each merged, newest first."""
    user_id = None
    if username:
        ids = _user_ids(username)
        if not ids:
            return security_entries(since=since, username=username, limit=limit)
        user_id = ids[0]
    changes = (
        change_entries(since=since, user_id=user_id, limit=limit)
        if (not username or user_id is not None)
        else []
    )
    merged = changes + security_entries(since=since, username=username, limit=limit)
    return sorted(merged, key=lambda e: e.at, reverse=True)[:limit]


def _user_ids(username: str) -> list[int]:
    """The account's ID (or the ID of a deleted account that had the name)."""
    found = list(get_user_model().objects.filter(username=username).values_list("pk", flat=True))
    return found or list(
        _user_events().filter(username=username).values_list("pgh_obj_id", flat=True)[:1]
    )
