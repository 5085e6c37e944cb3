"""Views that belong to the site as a whole: the health check, the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from django.views.defaults import server_error as django_server_error
from django.views.i18n import set_language as django_set_language

from api.errors import api_error

from .celery import app as celery_app


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is "down"; the message says why
        return f"error: {exc.__class__.__name__}"


def _check_broker() -> str:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Public: 200 when the database and the broker answer, 503 otherwise. Reveals no data."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in: the site's own sign-in page, or, for a signed-in user who is not an
    administrator, a page saying so (redirecting them to sign in again would loop)."""
    if request.user.is_authenticated:
        return render(request, "admin_refused.html", status=403)
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{reverse('login')}{'?' + query if query else ''}")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: JSON under /api/, the site's own page elsewhere."""
    if request.path.startswith("/api/"):
        return api_error(request, 404, "not_found", "There is nothing at this address.")
    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: JSON under /api/ (never a traceback), the site's own page elsewhere."""
    if request.path.startswith("/api/"):
        return api_error(
            request, 500, "server_error", "Something went wrong on our side; it has been logged."
        )
    return django_server_error(request)


# The language switch works before signing in too (the sign-in page offers Welsh).
set_language = login_not_required(django_set_language)
