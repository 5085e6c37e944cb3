"""A period a page asks for is computed by a real Celery worker, never in the request: the page
first says the hot spots are being worked out (and is neither cached nor replayed as it is),
then shows them once the worker has stored them."""

from __future__ import annotations

import time
from datetime import date

import pytest

from dashboard.models import HotSpot, HotSpotPeriod, TrendRun
from mkviolence.roles import BOARD_MEMBER
from tests.factories.hotspots import planted_file

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_page_asks_for_a_period_and_the_worker_computes_it(
    celery_worker_process, reference, run_import, tmp_path, client, make_user
):
    data = planted_file(tmp_path)
    run_import(data.path)  # queues the worker's own recompute of the batch: wait for it
    deadline = time.monotonic() + 120
    while not TrendRun.objects.filter(finished_at__isnull=False).exists():
        assert time.monotonic() < deadline, "the worker did not recompute"
        time.sleep(0.2)
    client.force_login(make_user(BOARD_MEMBER))
    url = "/hot-spots/?measure=knife-crime&end=2024-06"
    first = client.get(url).content.decode()
    assert "being worked out" in first
    period = HotSpotPeriod.objects.get(
        measure="knife-crime", first_month=date(2023, 7, 1), last_month=date(2024, 6, 1)
    )
    deadline = time.monotonic() + 120
    while HotSpotPeriod.objects.get(pk=period.pk).status != HotSpotPeriod.Status.DONE:
        assert time.monotonic() < deadline, "the worker did not compute the period"
        time.sleep(0.2)
    counts = {
        s.area.code: s.count for s in HotSpot.objects.filter(period=period).select_related("area")
    }
    assert counts == data.totals(date(2023, 7, 1), date(2024, 6, 1))
    after = client.get(url).content.decode()
    assert "being worked out" not in after
    assert "Hot spots: Knife crime, 12 months to June 2024" in after
