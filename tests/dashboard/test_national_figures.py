"""Figures for every area of England and Wales from real police.uk rows (the shipped whole
September 2022 files of five forces, BTP and the PSNI): each local authority counts the rows of
its LSOAs, whichever force's file they came in, each force the rows that fall within it, and an
area whose force sent no file has no data, never 0. Expected counts are made here with the csv
module and the shipped ONS lookups."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dashboard.measures import MEASURES
from dashboard.models import TrendFigure
from incidents.models import Area
from tests.factories import (
    NATIONAL_2022_09,
    lsoa_local_authorities,
    national_rows,
    read_rows,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("national_year_shared")]
SEPTEMBER = date(2022, 9, 1)
POLICE = {m.police_category: slug for slug, m in MEASURES.items() if m.police_category}
COVERED_FORCES = {
    "Cheshire": "E23000006",
    "City of London": "E23000034",
    "Cumbria": "E23000002",
    "Dyfed-Powys": "W15000004",
    "Gwent": "W15000002",
}


def _stored(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows as held: a Crime ID repeated in a file is one crime (its last row), rows
    without one are each kept."""
    by_id = {r["Crime ID"]: r for r in rows if r["Crime ID"]}
    return [*by_id.values(), *(r for r in rows if not r["Crime ID"])]


def _september_rows() -> list[dict[str, str]]:
    return _stored([r for path in sorted(NATIONAL_2022_09.glob("*.csv")) for r in read_rows(path)])


def _figures(level: str) -> dict[tuple[str, str], TrendFigure]:
    rows = TrendFigure.objects.filter(month=SEPTEMBER, area__level=level).select_related("area")
    return {(f.measure, f.area.code): f for f in rows}


def test_each_local_authority_counts_the_rows_of_its_lsoas(national_year):
    authority_of = lsoa_local_authorities()
    expected = Counter(
        (POLICE[r["Crime type"]], authority_of[r["LSOA code"]])
        for r in _september_rows()
        if r["Crime type"] in POLICE and r["LSOA code"] in authority_of
    )
    covered = {
        a.code
        for a in Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY)
        if a.parent
        and (
            a.parent.code in COVERED_FORCES.values()
            or (a.parent.parent and a.parent.parent.code in COVERED_FORCES.values())
        )
    }
    assert len(covered) >= 15  # Cheshire 4, City 1, Cumbria 2, Dyfed-Powys 4, Gwent 5
    figures = _figures(Area.Level.LOCAL_AUTHORITY)
    for code in covered:
        for slug in POLICE.values():
            assert figures[(slug, code)].count == expected[(slug, code)], (slug, code)
    # Authorities of forces that sent no file have no data that month, never 0.
    bedford = Area.objects.get(code="E06000055")  # Bedfordshire Police sent nothing
    assert not TrendFigure.objects.filter(area=bedford, count__isnull=False).exists()


def test_each_force_counts_the_rows_that_fall_within_it(national_year):
    rows = _september_rows()
    figures = _figures(Area.Level.FORCE)
    for name, code in COVERED_FORCES.items():
        own = [r for r in rows if r["Falls within"].startswith(name)]
        for category, slug in POLICE.items():
            assert figures[(slug, code)].count == sum(r["Crime type"] == category for r in own)
    # England and Wales sums its 43 forces: with most forces missing it has no data.
    country = Area.objects.get(code="K04000001")
    assert not TrendFigure.objects.filter(area=country, count__isnull=False).exists()


def test_a_year_of_files_gives_twelve_month_totals(national_year):
    authority_of = lsoa_local_authorities()
    in_year: Counter[str] = Counter()
    for force, held in national_year.items():
        for month in held:
            if month < "2021-10":
                continue
            for r in _stored(national_rows(force, month)):
                if r["Crime type"] == "Violence and sexual offences":
                    in_year[authority_of.get(r["LSOA code"], "")] += 1
    for code in ("W06000022", "E06000049", "E06000063"):  # Newport, Cheshire East, Cumberland
        figure = TrendFigure.objects.get(
            measure="violence-and-sexual-offences", area__code=code, month=SEPTEMBER
        )
        assert figure.rolling_12m == in_year[code], code


def _compare(code: str, month: str = "2022-09") -> dict:
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "figures",
        "--measure",
        "violence-and-sexual-offences",
        "--area",
        code,
        "--month",
        month,
        "--json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_an_area_of_a_force_without_data_is_left_out_and_said_to_be(national_year):
    from dashboard.comparisons import comparison_for

    newport = Area.objects.get(code="W06000022")
    compared = comparison_for(measure="violence-and-sexual-offences", area=newport, month=SEPTEMBER)
    left_out = compared.excluded.set_index("code")
    # The City of London sent September alone: its year lacks eleven months.
    assert left_out.loc["E09000001", "no_data"] == [f"2021-{m:02d}" for m in range(10, 13)] + [
        f"2022-{m:02d}" for m in range(1, 9)
    ]
    # Bedford's force sent nothing: the whole year is without data, never 0.
    assert len(left_out.loc["E06000055", "no_data"]) == 12
    assert pd_isna(compared.areas.set_index("code").loc["E06000055", "count"])
    data = _compare("W06000022")["compare"]
    authorities = Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY).count()
    assert (
        data["areas_excluded"]
        == len(left_out)
        == authorities - len(compared.areas[compared.areas["count"].notna()])
    )
    # Ranked: only the authorities of Gwent, Dyfed-Powys and Milton Keynes hold two years.
    assert data["areas_ranked"] >= 10 and data["rank_12m"] is not None
    assert data["rank_12m_low"] <= data["rank_12m"] <= data["rank_12m_high"]
    # An area without a complete window has no rank, never one from part of a year.
    assert _compare("E06000049")["compare"]["rank_12m"] is None  # Cheshire East: one year


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_the_funnel_limits_are_the_exact_poisson_ones(national_year):
    from scipy import stats

    from dashboard.comparisons import comparison_for

    cheshire_east = Area.objects.get(code="E06000049")
    compared = comparison_for(
        measure="violence-and-sexual-offences", area=cheshire_east, month=SEPTEMBER
    )
    areas = compared.areas[compared.areas["count"].notna()]
    national_rate = areas["count"].sum() / areas["population"].sum()
    assert compared.national_rate == pytest.approx(national_rate * 1000)
    for row in areas.itertuples():
        expected = national_rate * row.population
        low95, high95 = stats.gamma.ppf(0.025, expected), stats.gamma.ppf(0.975, expected + 1)
        low998, high998 = stats.gamma.ppf(0.001, expected), stats.gamma.ppf(0.999, expected + 1)
        verdict = (
            "above 99.8%"
            if row.count > high998
            else "above 95%"
            if row.count > high95
            else "below 99.8%"
            if row.count < low998
            else "below 95%"
            if row.count < low95
            else "within"
        )
        assert row.funnel == verdict, row.code
    assert _compare("E06000049")["compare"]["funnel"] == compared.mine["funnel"]
