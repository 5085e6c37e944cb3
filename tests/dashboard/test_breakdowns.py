"""Breakdowns of a measure by offence type and victim age, checked against counts made here
with the csv module from the same synthetic partnership file."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

import pytest
from django.db.models import Sum

from dashboard.models import BreakdownFigure, TrendFigure
from dashboard.services import trends_recompute
from incidents.selectors import area_get, area_lsoa_codes
from incidents.synthetic import synthetic_partnership_file

pytestmark = pytest.mark.django_db
KNIFE_TYPES = {
    "homicide",
    "attempted-murder",
    "threats-to-kill",
    "gbh-wounding",
    "abh",
    "robbery",
    "rape-sexual-assault",
}
END = date(2024, 6, 1)


def age_band(age: str) -> str:
    if not age:
        return ""
    n = int(age)
    for band, upper in (("0-15", 15), ("16-24", 24), ("25-34", 34), ("35-49", 49), ("50-64", 64)):
        if n <= upper:
            return band
    return "65+"


def knife_rows(path, months: set[str], lsoas: set[str] | None = None) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return [
            r
            for r in csv.DictReader(f)
            if r["knife_or_sharp_instrument"] == "yes"
            and r["offence_type"] in KNIFE_TYPES
            and r["offence_date"][:7] in months
            and (lsoas is None or r["lsoa_code"] in lsoas)
        ]


def split(measure: str, area, dimension: str, months: list[date]) -> dict[str, int]:
    rows = (
        BreakdownFigure.objects.filter(
            measure=measure, area=area, dimension=dimension, month__in=months
        )
        .values("key")
        .annotate(n=Sum("count"))
    )
    return {r["key"]: r["n"] for r in rows}


@pytest.fixture
def knife_data(reference, run_import, tmp_path):
    path = synthetic_partnership_file(tmp_path, end_month=END)
    run_import(path)
    trends_recompute()
    return path


def year_to(end: date) -> list[date]:
    return [date(end.year - (m > end.month), m, 1) for m in range(1, 13)]


def test_knife_crime_by_offence_type_and_victim_age_in_milton_keynes(knife_data):
    months = year_to(END)
    rows = knife_rows(knife_data, {f"{m:%Y-%m}" for m in months})
    mk = area_get(code="E06000042")
    assert split("knife-crime", mk, "category", months) == Counter(r["offence_type"] for r in rows)
    assert split("knife-crime", mk, "age-band", months) == Counter(
        age_band(r["victim_age"]) for r in rows
    )
    # The breakdowns add up to the measure's own rolling 12 months.
    r12 = TrendFigure.objects.get(measure="knife-crime", area=mk, month=END).rolling_12m
    assert r12 == len(rows)


def test_a_ward_breakdown_counts_only_its_own_lsoas(knife_data):
    ward = area_get(code="E05009419")
    months = year_to(END)
    rows = knife_rows(knife_data, {f"{m:%Y-%m}" for m in months}, area_lsoa_codes(area=ward))
    assert rows, "the synthetic data puts knife crime in this ward"
    assert split("knife-crime", ward, "category", months) == Counter(
        r["offence_type"] for r in rows
    )


def test_an_incremental_recompute_rewrites_breakdowns_like_a_full_one(knife_data):
    full = sorted(
        BreakdownFigure.objects.values_list("measure", "area", "month", "dimension", "key", "count")
    )
    trends_recompute(from_month=date(2023, 1, 1))
    assert (
        sorted(
            BreakdownFigure.objects.values_list(
                "measure", "area", "month", "dimension", "key", "count"
            )
        )
        == full
    )


def test_police_measures_have_no_breakdown_rows(knife_data):
    assert not BreakdownFigure.objects.filter(measure="robbery").exists()


def test_splits_count_only_the_months_the_totals_count(reference, run_import, tmp_path, board):
    """A part-covered hospital month is "no data" in the series; the splits by age and by
    assault method must leave it out too, or their footer minus the months shown would give
    away its (small) count. Here every covered month holds 10 (nothing hidden), and 15 to 19
    June 2023 are in no extract, so June, with 3 attendances, is part covered."""
    from django.urls import reverse

    from tests.factories import exported_rows, istv_extract, knife_attendances, months

    covered = [m for m in months("2023-01", 24) if m != "2023-06"]
    early = {f"{m}-10": 10 for m in covered if m < "2023-06"} | {"2023-06-03": 3}
    late = {f"{m}-10": 10 for m in covered if m > "2023-06"}
    for name, start, end, days in (
        ("first.csv", "2023-01-01", "2023-06-14", early),
        ("second.csv", "2023-06-20", "2024-12-31", late),
    ):
        extract = istv_extract(
            tmp_path / name, site="RD816", start=start, end=end, rows=knife_attendances(days)
        )
        assert run_import(extract).status == "done"
    trends_recompute()
    url = reverse("measure", args=["hospital-knife-assault"])
    for export in ("by-victim-age", "by-offence-type"):
        rows = exported_rows(board.get(url, {"period": "24", "export": export}))
        [total] = [int(r[1]) for r in rows if r[0] == "Total"]
        assert total == 10 * len(covered), export  # never 233: June's 3 stay hidden
    monthly = exported_rows(board.get(url, {"period": "24", "export": "month-by-month"}))[1:]
    assert {r[0]: r[1] for r in monthly}["2023-06"] == "no data"
