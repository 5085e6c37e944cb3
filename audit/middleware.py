"""Request middleware of the audit log: who made a change, and the security events that only a
response shows (a refusal, a download)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pghistory.middleware
from django.http import HttpRequest, HttpResponse

from .security import client_ip, security_event_record

# Responses that hand the user a file: CSV and spreadsheet exports, downloads of any kind.
DOWNLOAD_TYPES = ("text/csv", "application/vnd.", "application/pdf", "application/zip")


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """Changes made in a request carry the signed-in user, the path and the client's address."""

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        return {**super().get_context(request), "ip": client_ip(request)}


class SecurityEventMiddleware:
    """Records refusals (403, whoever refused: the role check, a view, CSRF) and every response
    that is a download or an export."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            security_event_record("refused", request=request, status=403)
        elif response.status_code == 200 and _is_download(response):
            security_event_record(
                "export", request=request, status=200, content_type=_content_type(response)
            )
        return response


def _content_type(response: HttpResponse) -> str:
    return response.get("Content-Type", "").split(";")[0].strip()


def _is_download(response: HttpResponse) -> bool:
    return response.get("Content-Disposition", "").startswith("attachment") or (
        _content_type(response).startswith(DOWNLOAD_TYPES)
    )
