"""After an import on the worker, the worker's own incremental recompute gives the same figures
as `recompute_trends --full`."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from dashboard.models import TrendFigure, TrendRun
from incidents.services import import_batch_create, import_batch_enqueue
from incidents.synthetic import synthetic_partnership_file
from tests.factories import POLICEUK

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
FIELDS = [
    "measure",
    "area_id",
    "month",
    "count",
    "covered",
    "rolling_12m",
    "previous_12m",
    "change_12m_pct",
    "rolling_12m_two_years_earlier",
    "change_24m_pct",
    "p_12m",
    "significant_12m",
    "rate",
    "population",
]


def figures():
    return sorted(TrendFigure.objects.values_list(*FIELDS), key=repr)


def wait_for_runs(n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while TrendRun.objects.filter(finished_at__isnull=False).count() < n:
        assert time.monotonic() < deadline, "the worker did not recompute"
        time.sleep(0.2)


def test_a_worker_recompute_after_imports_equals_a_full_recompute(celery_worker_process, tmp_path):
    from datetime import date

    call_command("load_reference_data", stdout=StringIO())
    paths = [
        *sorted(POLICEUK.glob("*thames-valley*.csv")),
        synthetic_partnership_file(tmp_path, end_month=date(2024, 6, 1)),
    ]
    for number, path in enumerate(paths, start=1):
        with transaction.atomic():
            import_batch_enqueue(import_batch_create(path=path))
        wait_for_runs(number)  # each import is followed by its own incremental recompute
    assert set(TrendRun.objects.values_list("kind", flat=True)) == {"incremental"}
    from_worker = figures()
    assert len(from_worker) > 1000
    call_command("recompute_trends", "--full", stdout=StringIO())
    assert figures() == from_worker
