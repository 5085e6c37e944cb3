"""Calling the API as each kind of user."""

from __future__ import annotations

from typing import Any

ANON, NO_ROLE = "anonymous", "no role"


def json_of(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.json()
