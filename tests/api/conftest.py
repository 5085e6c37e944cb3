"""API test helpers: a DRF client per kind of user, authenticated with a real API token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from api.tokens import api_token_create

ANON, NO_ROLE = "anonymous", "no role"


@pytest.fixture
def api_client(make_user) -> Callable[[str], APIClient]:
    """``api_client(role)``: a client sending that role's token (anonymous: none)."""

    def make(role: str) -> APIClient:
        client = APIClient()
        if role != ANON:
            user = make_user(None if role == NO_ROLE else role)
            _, token = api_token_create(user=user, name="tests")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            client.user = user  # type: ignore[attr-defined]
        return client

    return make


def json_of(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.json()
