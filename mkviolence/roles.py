"""The four roles of DESIGN.md as Django groups, and the permissions each holds.

``ROLE_PERMISSIONS`` is the single source: the data migration creates the groups from it and a
``post_migrate`` hook re-applies it, so permissions of later models reach their roles. Admins get
every permission. Views check permissions (``user.has_perm``), never group names.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

# Group names, stored as they are; gettext_noop marks them for the translators (the role badge
# shows them translated).
BOARD_MEMBER = gettext_noop("Board member")
ANALYST = gettext_noop("Analyst")
COORDINATOR = gettext_noop("Coordinator")
ADMIN = gettext_noop("Admin")
ROLES = (BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN)

# "app_label.codename" per role. Board members only ever see aggregate figures.
# Every role reads the strategy: its actions, their history, board meetings and partners.
STRATEGY_READ = {
    "strategy.view_strategy",
    "strategy.view_priority",
    "strategy.view_action",
    "strategy.view_actionupdate",
    "strategy.view_milestone",
    "strategy.view_boardmeeting",
    "strategy.view_partnerorganisation",
}

# Every role reads the alerts (made from board-ready figures); board members and coordinators
# subscribe to them.
ALERTS_READ = {"alerts.view_alert"}
ALERTS_SUBSCRIBE = {
    "alerts.view_alertsubscription",
    "alerts.add_alertsubscription",
    "alerts.change_alertsubscription",
    "alerts.delete_alertsubscription",
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    BOARD_MEMBER: STRATEGY_READ | ALERTS_READ | ALERTS_SUBSCRIBE,
    ANALYST: STRATEGY_READ
    | ALERTS_READ
    | {
        "incidents.view_incident",
        "incidents.view_importbatch",
        "incidents.add_importbatch",
        "incidents.change_importbatch",
        "incidents.view_area",
        "dashboard.view_hotspot",
        "incidents.add_areapopulation",
        "incidents.change_areapopulation",
    },
    COORDINATOR: STRATEGY_READ
    | ALERTS_READ
    | ALERTS_SUBSCRIBE
    | {
        # When the board pack is e-mailed to board members before each meeting.
        "alerts.view_boardpackschedule",
        "alerts.change_boardpackschedule",
        "strategy.add_strategy",
        "strategy.change_strategy",
        "strategy.add_priority",
        "strategy.change_priority",
        "strategy.add_action",
        "strategy.change_action",
        "strategy.add_actionupdate",
        "strategy.add_milestone",
        "strategy.change_milestone",
        "strategy.add_boardmeeting",
        "strategy.add_partnerorganisation",
        "strategy.change_partnerorganisation",
    },
}

ROLE_DESCRIPTIONS = {
    BOARD_MEMBER: "Views dashboards, figures and strategy progress; exports charts and tables.",
    ANALYST: "Uploads incident files, reads import reports and data-quality pages.",
    COORDINATOR: "Updates strategy actions and progress notes; manages partners.",
    ADMIN: "Everything, including users and roles.",
}


def roles_sync(*, group_model: Any, permission_model: Any) -> None:
    """Create the role groups and set their permissions to exactly what ``ROLE_PERMISSIONS`` says.

    Takes the models as arguments so the data migration can pass its historical ones.
    """
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        if role == ADMIN:
            group.permissions.set(permission_model.objects.all())
            continue
        wanted = ROLE_PERMISSIONS[role]
        perms = [
            p
            for p in permission_model.objects.select_related("content_type")
            if f"{p.content_type.app_label}.{p.codename}" in wanted
        ]
        group.permissions.set(perms)


def roles_sync_after_migrate(sender: Any, **kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    roles_sync(group_model=Group, permission_model=Permission)


def role_of(user: Any) -> str | None:
    """The user's role name for display (the first of their role groups), or None. Remembered
    on the user object: the role check and the navigation both ask on every request, and the
    user is loaded afresh for each one."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_mkv_role", _UNKNOWN)
    if cached is not _UNKNOWN:
        return cached  # type: ignore[return-value]
    names = set(user.groups.values_list("name", flat=True))
    role = next((r for r in (ADMIN, COORDINATOR, ANALYST, BOARD_MEMBER) if r in names), None)
    role = role or ("Admin" if user.is_superuser else None)
    user._mkv_role = role
    return role


_UNKNOWN = object()
