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


@pytest.fixture
def dashboard_data(reference, run_import, tmp_path):
    """What `make run` shows: the real police.uk months, five years of synthetic partnership
    incidents to June 2024, the demo strategy, and their figures."""
    from datetime import date

    from dashboard.services import trends_recompute
    from incidents.synthetic import synthetic_partnership_file
    from strategy.demo import strategy_demo_load
    from tests.incidents.conftest import POLICEUK

    for path in sorted(POLICEUK.glob("*.csv")):
        run_import(path)
    synthetic = synthetic_partnership_file(tmp_path, end_month=date(2024, 6, 1))
    run_import(synthetic)
    strategy_demo_load(today=date(2024, 7, 15))
    trends_recompute()
    return synthetic
