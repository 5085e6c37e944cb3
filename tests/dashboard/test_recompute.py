"""Trend figures computed from real and hand-made incidents, through the recompute service."""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from dashboard.headlines import figure_with_headline
from dashboard.models import TrendFigure
from dashboard.selectors import trend_figure_for
from dashboard.services import trends_recompute
from incidents.models import Area
from incidents.selectors import area_get, area_lsoa_codes
from tests.factories import POLICEUK, TV_2019_01, mk_lsoas, months, partnership_rows, read_rows

pytestmark = pytest.mark.django_db
TV_FILES = sorted(POLICEUK.glob("*thames-valley*.csv"))


def figure(measure: str, code: str, month: str) -> TrendFigure:
    return TrendFigure.objects.get(
        measure=measure,
        area__code=code,
        area__vintage__in=[2011, 2019, 2024],
        month=date.fromisoformat(month + "-01"),
    )


def test_monthly_counts_for_milton_keynes_match_the_real_files(reference, run_import):
    for path in TV_FILES:
        run_import(path)
    trends_recompute()
    lsoas = mk_lsoas()
    for path in TV_FILES:
        rows = read_rows(path)
        month = rows[0]["Month"]
        for measure, category in (
            ("violence-and-sexual-offences", "Violence and sexual offences"),
            ("robbery", "Robbery"),
            ("drugs", "Drugs"),
            ("possession-of-weapons", "Possession of weapons"),
        ):
            # 2011 codes to 2022, 2021 codes after: the names say Milton Keynes either way.
            in_mk = sum(
                1
                for r in rows
                if r["Crime type"] == category and r["LSOA name"].startswith("Milton Keynes")
            )
            assert (
                in_mk
                == sum(1 for r in rows if r["Crime type"] == category and r["LSOA code"] in lsoas)
                or rows[0]["Month"] >= "2023"
            )
            assert figure(measure, "E06000042", month).count == in_mk, (measure, month)
            in_force = sum(1 for r in rows if r["Crime type"] == category)
            assert figure(measure, "E23000029", month).count == in_force
        ward = area_get(code="E05009419")
        in_ward = sum(
            1
            for r in rows
            if r["Crime type"] == "Robbery" and r["LSOA code"] in area_lsoa_codes(area=ward)
        )
        assert figure("robbery", "E05009419", month).count == in_ward
    # Four months are not a year: no rolling figure yet.
    assert figure("robbery", "E06000042", "2019-01").rolling_12m is None


def test_milton_keynes_rows_of_other_forces_count_in_milton_keynes(reference, run_import):
    beds = POLICEUK / "2019-01-bedfordshire-street-mk-subset.csv"
    run_import(TV_2019_01)
    run_import(beds)
    trends_recompute()
    category = "Violence and sexual offences"
    in_mk = sum(
        1
        for path in (TV_2019_01, beds)
        for r in read_rows(path)
        if r["Crime type"] == category and r["LSOA code"] in mk_lsoas()
    )
    assert figure("violence-and-sexual-offences", "E06000042", "2019-01").count == in_mk
    # The Bedfordshire force figure holds all its own rows, and only those.
    beds_area = Area.objects.get(code="E23000026")
    beds_rows = sum(1 for r in read_rows(beds) if r["Crime type"] == category)
    assert (
        TrendFigure.objects.get(
            measure="violence-and-sexual-offences", area=beds_area, month="2019-01-01"
        ).count
        == beds_rows
    )


def test_partnership_knife_figures_by_hand(reference, import_partnership):
    # 2021: 1 a month, 2022: 2 a month, 2023: 3 a month.
    plan = (
        {mo: 1 for mo in months("2021-01", 12)}
        | {mo: 2 for mo in months("2022-01", 12)}
        | {mo: 3 for mo in months("2023-01", 12)}
    )
    import_partnership(partnership_rows(plan))
    trends_recompute()
    mk = area_get(code="E06000042")
    f = figure_with_headline(
        trend_figure_for(measure="knife-crime", area=mk, month=date(2023, 12, 1)), threshold=5
    )
    assert (
        f["count"],
        f["rolling_12m"],
        f["previous_12m"],
        f["rolling_12m_two_years_earlier"],
    ) == (3, 36, 24, 12)
    assert f["change_12m_pct"] == pytest.approx(50.0)
    assert f["change_24m_pct"] == pytest.approx(200.0)
    assert f["rate"] == pytest.approx(36 / 287_067 * 100_000)
    assert f["comparable"] is True and f["suppressed"] is False
    assert f["headline"].startswith(
        "Knife crime in Milton Keynes: 36 offences in the 12 months to December 2023, up 50%"
    )
    # The same incidents count in the LSOA's ward, and for the under-25 measure (victims aged 20).
    lsoa = Area.objects.get(code="E01016796", vintage=2011)
    assert (
        TrendFigure.objects.get(
            measure="knife-crime", area=lsoa.parent, month="2023-12-01"
        ).rolling_12m
        == 36
    )
    assert (
        TrendFigure.objects.get(
            measure="knife-crime-under-25", area=mk, month="2023-12-01"
        ).rolling_12m
        == 36
    )
    # Knife crime in a public place is serious violence under the Home Office definition.
    assert (
        TrendFigure.objects.get(measure="serious-violence", area=mk, month="2023-12-01").rolling_12m
        == 36
    )
    assert not TrendFigure.objects.filter(measure="gun-crime", area=mk, rolling_12m__gt=0).exists()


def test_small_counts_are_suppressed_in_the_headline(reference, import_partnership):
    homicides = partnership_rows(
        {"2023-03": 1, "2023-06": 1}, offence_type="homicide", knife_or_sharp_instrument="no"
    )
    # The file states it covers the whole of 2023: its months without a homicide had none.
    import_partnership(homicides, period=("2023-01", "2023-12"))
    trends_recompute()
    mk = area_get(code="E06000042")
    f = figure_with_headline(
        trend_figure_for(measure="homicide", area=mk, month=date(2023, 12, 1)), threshold=5
    )
    assert f["rolling_12m"] == 2 and f["suppressed"] is True
    assert f["headline"] == (
        "Homicide in Milton Keynes: fewer than 5 homicides in the 12 months to December 2023."
    )


def test_a_month_the_source_does_not_cover_is_no_data(reference, run_import):
    run_import(POLICEUK / "2018-10-thames-valley-street-mk-subset.csv")
    run_import(TV_2019_01)
    trends_recompute()
    gap = figure("robbery", "E06000042", "2018-11")
    assert gap.count is None and not gap.covered
    assert figure("robbery", "E06000042", "2018-10").count is not None


def test_incremental_recompute_after_an_import_equals_a_full_one(reference, import_partnership):
    from dashboard.services import trends_recompute_for_batch

    import_partnership(partnership_rows({mo: 2 for mo in months("2021-01", 30)}))
    trends_recompute()
    later = import_partnership(partnership_rows({mo: 5 for mo in months("2023-07", 6)}))
    run = trends_recompute_for_batch(batch_id=later.pk)
    assert run.kind == "incremental" and run.from_month == date(2023, 7, 1)
    fields = [
        "measure",
        "area_id",
        "month",
        "count",
        "rolling_12m",
        "previous_12m",
        "change_12m_pct",
        "rolling_12m_two_years_earlier",
        "change_24m_pct",
        "p_12m",
        "rate",
    ]
    incremental = sorted(TrendFigure.objects.values_list(*fields), key=repr)
    trends_recompute()
    assert sorted(TrendFigure.objects.values_list(*fields), key=repr) == incremental


def test_the_figures_command_prints_json(reference, import_partnership):
    import_partnership(partnership_rows({mo: 6 for mo in months("2022-01", 24)}))
    call_command("recompute_trends", "--full", stdout=StringIO())
    out = StringIO()
    call_command(
        "figures",
        "--measure",
        "knife-crime",
        "--area",
        "E06000042",
        "--month",
        "2023-12",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    for key in (
        "measure",
        "area",
        "month",
        "count",
        "rolling_12m",
        "previous_12m",
        "change_12m_pct",
        "rolling_12m_two_years_earlier",
        "change_24m_pct",
        "rate",
        "no_data_months",
        "significant",
        "suppressed",
        "comparable",
        "headline",
    ):
        assert key in data
    assert (data["month"], data["rolling_12m"], data["previous_12m"], data["change_12m_pct"]) == (
        "2023-12",
        72,
        72,
        0.0,
    )
    assert data["rolling_12m_two_years_earlier"] is None and data["significant"] is False
    assert "unchanged on the previous 12 months" in data["headline"]


@pytest.mark.django_db(transaction=True)
def test_two_recomputes_of_a_measure_never_run_at_once(reference, run_import):
    run_import(TV_2019_01)
    holder = connections.create_connection("default")
    holder.connect()
    with holder.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('trends:robbery'))")
        done = threading.Event()

        def recompute():
            try:
                trends_recompute(measures=["robbery"])
            finally:
                connection.close()
                done.set()

        thread = threading.Thread(target=recompute)
        thread.start()
        time.sleep(1.5)
        assert not done.is_set()  # waiting for the lock held by the other "recompute"
        cursor.execute("COMMIT")
    thread.join(timeout=60)
    assert done.is_set()
    holder.close()
