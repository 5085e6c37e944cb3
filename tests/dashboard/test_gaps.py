"""A month the source does not cover is "no data", never 0 (DESIGN.md "Figures"): a 12-month
window that holds one has no total, no rate, no change and no significance, anywhere a figure is
published, and says which month lacks data.

The data are real Thames Valley police.uk rows (the shipped Milton Keynes subsets of January and
February 2025), relabelled month by month from July 2024 to December 2025 with July 2025 left
out, as real police.uk years have missing months. Expected totals are counted here with the
csv module."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboard.models import TrendFigure
from mkviolence.roles import BOARD_MEMBER
from tests.factories import exported_rows, months

pytestmark = pytest.mark.django_db
MISSING = "2025-07"  # police_gap_year (tests/conftest.py) holds July 2024 to December 2025 but it


def _figure(month: str) -> TrendFigure:
    return TrendFigure.objects.get(
        measure="violence-and-sexual-offences",
        area__code="E06000042",
        month=date.fromisoformat(month + "-01"),
    )


def test_a_window_holding_an_uncovered_month_has_no_total(police_gap_year):
    complete = _figure("2025-06")  # July 2024 to June 2025: every month held
    assert complete.rolling_12m == sum(police_gap_year[m] for m in months("2024-07", 12))
    assert complete.rate is not None
    for month in months("2025-07", 6):  # every window from July to December 2025 holds July
        f = _figure(month)
        assert f.rolling_12m is None, month  # never the sum of the eleven months held
        assert f.rate is None and f.change_12m_pct is None and f.p_12m is None
        assert not f.significant_12m
    assert _figure(MISSING).count is None and not _figure(MISSING).covered


def test_the_overview_says_which_month_has_no_data(police_gap_year, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    eleven_months = sum(police_gap_year[m] for m in months("2025-01", 12) if m != MISSING)
    assert f"{eleven_months:,}" not in page
    assert "offences in the 12 months to December 2025" not in page
    assert "no data for July 2025" in page


def test_the_measure_page_breaks_the_line_at_the_gap(police_gap_year, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    url = reverse("measure", args=["violence-and-sexual-offences"])
    page = client.get(url).content.decode()
    assert "no data for July 2025" in page
    export = client.get(url, {"period": "12", "export": "month-by-month"})
    rows = exported_rows(export)[1:]
    by_month = {r[0]: r for r in rows}
    assert by_month[MISSING][1] == "no data"
    for month in months("2025-07", 6):
        assert by_month[month][2] == "no data", month  # no partial 12-month total
    assert by_month["2025-06"][2] == str(sum(police_gap_year[m] for m in months("2024-07", 12)))


def test_the_figures_command_gives_no_total_and_says_why(police_gap_year):
    out = StringIO()
    call_command(
        "figures",
        "--measure",
        "violence-and-sexual-offences",
        "--area",
        "E06000042",
        "--month",
        "2025-12",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["count"] == police_gap_year["2025-12"]
    assert data["rolling_12m"] is None and data["rate"] is None
    assert data["change_12m_pct"] is None and data["p_12m"] is None
    assert data["no_data_months"] == [MISSING]
    assert "no data for July 2025" in data["headline"]


def test_a_trend_chart_draws_no_partial_totals(police_gap_year, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    export = client.get(
        reverse("home"), {"period": "12", "source": "policeuk-street", "export": "trend"}
    )
    rows = exported_rows(export)
    column = rows[0].index("Violence and sexual offences")
    values = {r[0]: r[column] for r in rows[1:]}
    for month in months("2025-07", 6):
        assert values[month] == "no data", month
    assert values["2025-06"] == str(sum(police_gap_year[m] for m in months("2024-07", 12)))
