"""Fixtures for import tests (the shared builders are in tests/factories/)."""

from __future__ import annotations

from contextlib import ExitStack

import pytest


@pytest.fixture
def policeuk(settings, reference):
    """Start a server replaying police.uk's API (``policeuk_replay``) and point the settings at
    it: ``server = policeuk(months, published=..., area_limit=...)``."""
    from tests.factories.policeuk_replay import PoliceUkReplay

    with ExitStack() as stack:

        def start(months, **options):
            server = stack.enter_context(PoliceUkReplay(months, **options))
            settings.POLICEUK_BASE_URL = server.url
            settings.POLICEUK_BACKOFF_SECONDS = 0.01
            return server

        yield start
