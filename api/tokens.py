"""Issuing, revoking and checking API tokens. A token is ``mkv_<prefix>_<secret>``: the prefix
finds the row, the SHA-256 of the whole token must match the stored hash (compared in constant
time). Only the hash is stored; the token is shown once, when it is made."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

# Last use is written at most this often, so a busy client does not write on every request.
LAST_USED_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str = "", created_by: Any = None) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row and the token itself (never stored)."""
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # pragma: no cover - 1 in 4 billion
        prefix = secrets.token_hex(4)
    token = f"mkv_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=_hash(token), created_by=created_by
    )
    return row, token


def api_token_revoke(*, prefix: str) -> ApiToken | None:
    """Revoke the token with this prefix (``mkv_<prefix>_…`` or the prefix alone). None if
    there is no such token; revoking twice keeps the first time."""
    prefix = prefix.removeprefix("mkv_").split("_")[0]
    row = ApiToken.objects.filter(prefix=prefix).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    return row


def api_token_check(token: str) -> ApiToken | None:
    """The active token this string is, with its user; None for anything else."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "mkv" or not parts[1] or not parts[2]:
        return None
    row = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if row is None or not hmac.compare_digest(row.key_hash, _hash(token)):
        return None
    if row.revoked_at is not None or not row.user.is_active:
        return None
    return row


def api_token_touch(row: ApiToken) -> bool:
    """Record that the token was used (at most once a minute). True when it was written."""
    now = timezone.now()
    if row.last_used_at is not None and now - row.last_used_at < LAST_USED_EVERY:
        return False
    updated = ApiToken.objects.filter(pk=row.pk, last_used_at=row.last_used_at).update(
        last_used_at=now
    )
    row.last_used_at = now
    return bool(updated)
