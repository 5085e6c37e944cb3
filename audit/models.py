"""The audit log's own tables: the security-event log, and the history of users and roles.

Users, roles (groups) and who holds which role belong to Django's auth app, so their history is
declared here on proxy models (a trigger on a third-party table needs a migration of our own).
Every other tracked model carries ``@tracked()`` in its own app."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.contrib.auth.models import Group, User
from django.db import models

from .tracking import tracked

APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class SecurityEvent(models.Model):
    """One security-relevant event (OWASP ASVS chapter 16: who, what, when, where). Never a
    password, never a record: the path and the outcome only. Append-only, like the history."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGN_OUT = "sign_out", "Signed out"
        REFUSED = "refused", "Refused"
        EXPORT = "export", "Export or download"
        TOKEN_USED = "token_used", "API token used"

    at = models.DateTimeField(db_default=models.functions.Now(), db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # The account: its ID and the name it had (or the name typed at a failed sign-in).
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True, db_index=True)
    role = models.CharField(max_length=64, blank=True, help_text="The account's roles then.")
    ip = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=512, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        triggers = [APPEND_ONLY]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


@tracked(
    # A password change is kept as the fact that it changed, never the hash.
    pghistory.UpdateEvent("password_changed", condition=pgtrigger.AnyChange("password")),
    exclude=["password", "last_login"],
    model_name="UserEvent",
)
class TrackedUser(User):
    class Meta:
        proxy = True
        verbose_name = "user"
        verbose_name_plural = "users"


@tracked(model_name="GroupEvent")
class TrackedGroup(Group):
    class Meta:
        proxy = True
        verbose_name = "role"
        verbose_name_plural = "roles"


@tracked(model_name="UserRoleEvent")
class TrackedUserGroups(User.groups.through):  # type: ignore[name-defined]
    """Who holds which role: a row per user and group."""

    class Meta:
        proxy = True
        verbose_name = "role held by a user"
        verbose_name_plural = "roles held by users"


@tracked(model_name="UserPermissionEvent")
class TrackedUserPermissions(User.user_permissions.through):  # type: ignore[name-defined]
    class Meta:
        proxy = True
        verbose_name = "permission of a user"
        verbose_name_plural = "permissions of users"


@tracked(model_name="RolePermissionEvent")
class TrackedGroupPermissions(Group.permissions.through):  # type: ignore[name-defined]
    class Meta:
        proxy = True
        verbose_name = "permission of a role"
        verbose_name_plural = "permissions of roles"
