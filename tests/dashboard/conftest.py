from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def reference(db):
    call_command("load_reference_data", stdout=StringIO())


@pytest.fixture
def import_partnership(run_import, tmp_path):
    """Import template rows (see ``partnership_rows``) as one partnership file."""
    from incidents.formats import PARTNERSHIP_HEADER
    from tests.incidents.conftest import write_file

    files = iter(range(1_000))

    def run(rows: list[str]):
        path = tmp_path / f"partnership-{next(files)}.csv"
        return run_import(write_file(path, rows, header=",".join(PARTNERSHIP_HEADER)))

    return run
