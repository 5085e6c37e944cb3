"""Every error from /api/ is JSON: ``{"code": …, "message": …}``, with ``fields`` (field →
messages) when values were not valid. Never an HTML page, never a traceback."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from strategy.services import ActionRuleError

MESSAGES = {
    "not_authenticated": "Sign in, or send an API token: Authorization: Bearer mkv_…",
    "not_found": "There is nothing at this address.",
}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for v in detail.values() for m in _flatten(v)]
    if isinstance(detail, list):
        return [m for v in detail for m in _flatten(v)]
    return [str(detail)]


def _fields(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    return {"non_field_errors": _flatten(detail)}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ActionRuleError):
        exc = exceptions.ValidationError({exc.field: [exc.message]})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        response.data = {
            "code": "invalid",
            "message": "Some values are not valid: "
            + "; ".join(f"{name}: {' '.join(messages)}" for name, messages in fields.items()),
            "fields": fields,
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    code = code if isinstance(code, str) else "error"
    message = MESSAGES.get(code) or " ".join(_flatten(getattr(exc, "detail", str(exc))))
    response.data = {"code": code, "message": message}
    return response


def api_error(request: HttpRequest, status_code: int, code: str, message: str) -> JsonResponse:
    """An error answered outside DRF's views (no such URL, a server error) for /api/."""
    return JsonResponse({"code": code, "message": message}, status=status_code)
