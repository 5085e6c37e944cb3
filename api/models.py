"""API tokens: issued by an admin to a person, stored only as a hash, shown once."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from audit.tracking import tracked


# Issuing and revoking a token is in the audit log; its hash and last use are not history.
@tracked(exclude=["key_hash", "last_used_at"])
class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for.")
    # The token's public part, ``mkv_<prefix>_…``: it names the token in lists and logs.
    prefix = models.CharField(max_length=16, unique=True)
    # SHA-256 of the whole token. Tokens are 256 random bits, so a fast hash is enough.
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"mkv_{self.prefix}_… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
