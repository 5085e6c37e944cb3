"""How API clients prove who they are: a per-user token (``Authorization: Bearer mkv_…``), or
the browser's session (with its CSRF check, as DRF's SessionAuthentication does)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework import authentication, exceptions

from audit.security import security_event_record

from .tokens import api_token_check, api_token_touch


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in ("bearer", "token"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "The Authorization header must be “Bearer” and the token, nothing else.",
                code="invalid_token",
            )
        row = api_token_check(header[1])
        if row is None:
            raise exceptions.AuthenticationFailed(
                "The token is not valid: it may have been revoked.", code="invalid_token"
            )
        if api_token_touch(row):
            # Token use goes into the security log when its last use is written (once a
            # minute at most): who, which token, from where.
            django_request: HttpRequest = request._request
            security_event_record(
                "token_used", request=django_request, user=row.user, token=row.prefix
            )
        return row.user, row

    def authenticate_header(self, request: Any) -> str:
        return self.keyword
