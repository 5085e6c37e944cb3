"""Fixtures for import tests (the shared builders are in tests/factories.py)."""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from tests.factories import (  # noqa: F401  (imported by tests written before tests/factories.py)
    BASE_DIR,
    BEDS_2019_01,
    HEADER,
    NORTHANTS_2019_01,
    POLICEUK,
    TV_2018_10,
    TV_2019_01,
    incident_snapshot,
    mk_lsoas,
    read_rows,
    write_file,
)


@pytest.fixture
def policeuk(settings, reference):
    """Start a server replaying police.uk's API (``policeuk_replay``) and point the settings at
    it: ``server = policeuk(months, published=..., area_limit=...)``."""
    from tests.incidents.policeuk_replay import PoliceUkReplay

    with ExitStack() as stack:

        def start(months, **options):
            server = stack.enter_context(PoliceUkReplay(months, **options))
            settings.POLICEUK_BASE_URL = server.url
            settings.POLICEUK_BACKOFF_SECONDS = 0.01
            return server

        yield start
