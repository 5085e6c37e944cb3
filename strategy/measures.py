"""The measures an action may name, registered by the app that defines them (the dashboard
registers its measures when it starts): the strategy app knows their slugs and names only."""

from __future__ import annotations

_MEASURES: dict[str, str] = {}


def measures_register(names: dict[str, str]) -> None:
    _MEASURES.update(names)


def measure_names() -> dict[str, str]:
    """Slug → plain-English name of every measure an action may target."""
    return dict(_MEASURES)
