"""Fixtures for import tests (the shared builders are in tests/factories.py)."""

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
