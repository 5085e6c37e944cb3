"""A change of definition or population reaches every figure it touches at once: the whole
series is recomputed by the worker, never only the months after the next import."""

from __future__ import annotations

import time
from datetime import date

import pytest

from dashboard.models import TrendFigure
from dashboard.services import trends_recompute
from incidents.models import SeriousViolenceDefinition
from incidents.population import population_load_csv
from incidents.selectors import area_get
from mkviolence.tasks import worker_ping
from tests.factories import months, partnership_rows

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _serious_violence(month: str) -> int | None:
    return TrendFigure.objects.get(
        measure="serious-violence",
        area__code="E06000042",
        month=date.fromisoformat(month + "-01"),
    ).rolling_12m


def _wait_until(check, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the worker did not recompute"
        time.sleep(0.3)
    worker_ping.delay().get(timeout=60)


def test_a_new_definition_recomputes_the_whole_series(
    reference, import_partnership, celery_worker_process
):
    knife = partnership_rows({mo: 2 for mo in months("2021-01", 36)})
    domestic = partnership_rows(
        {mo: 1 for mo in months("2021-01", 36)},
        prefix="D",
        knife_or_sharp_instrument="no",
        public_place="no",
        domestic="yes",
        offence_type="abh",
    )
    import_partnership(knife + domestic)
    worker_ping.delay().get(timeout=60)
    trends_recompute()
    assert _serious_violence("2021-12") == 24 and _serious_violence("2023-12") == 24

    definition = SeriousViolenceDefinition.current()
    definition.include_domestic_abuse = True
    definition.save()

    _wait_until(lambda: _serious_violence("2021-12") == 36)
    # Every month, the earliest included: one series, one definition.
    assert {
        f.rolling_12m
        for f in TrendFigure.objects.filter(
            measure="serious-violence", area__code="E06000042", rolling_12m__isnull=False
        )
    } == {36}


def test_new_population_figures_recompute_every_rate(
    reference, import_partnership, celery_worker_process
):
    import_partnership(partnership_rows({mo: 3 for mo in months("2021-01", 36)}))
    worker_ping.delay().get(timeout=60)
    trends_recompute()
    mk = area_get(code="E06000042")
    before = set(
        TrendFigure.objects.filter(
            measure="knife-crime", area=mk, rolling_12m__isnull=False
        ).values_list("population", flat=True)
    )
    assert before and 200_000 not in before
    # A later year than any loaded: every rate uses it.
    lines = ["area_code,age_band,year,count"] + [
        f"E06000042,{band},2024,{n}"
        for band, n in (
            ("0-15", 50_000),
            ("16-24", 30_000),
            ("25-34", 40_000),
            ("35-49", 50_000),
            ("50-64", 20_000),
            ("65+", 10_000),
        )
    ]
    result = population_load_csv(lines=lines)
    assert result.ok, result.problems

    def every_rate_uses_the_new_population() -> bool:
        rates = TrendFigure.objects.filter(
            measure="knife-crime", area=mk, rolling_12m__isnull=False
        ).values_list("population", flat=True)
        return bool(rates) and set(rates) == {200_000}

    _wait_until(every_rate_uses_the_new_population)
    first = TrendFigure.objects.get(measure="knife-crime", area=mk, month=date(2021, 12, 1))
    assert first.rate == pytest.approx(36 / 200_000 * 100_000)
