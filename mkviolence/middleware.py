"""Deny by default: a signed-in user who holds no role (a new account an administrator has not
given a role yet) sees one page saying so — no dashboard, no figure, no API answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from .roles import role_of


class RoleRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        api = request.path.startswith("/api/")
        # Views open to anyone (sign-in, health) stay open; the API checks roles itself too,
        # but a role-less account gets nothing from it either.
        if not user.is_authenticated or (
            not api and not getattr(view_func, "login_required", True)
        ):
            return None
        if role_of(user) is not None or request.path == reverse("logout"):
            return None
        if api:
            return JsonResponse(
                {"code": "no_role", "message": "Your account has no role yet."}, status=403
            )
        return render(request, "no_role.html", status=403)
