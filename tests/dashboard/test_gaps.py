"""A month the source does not cover is "no data", never 0 (DESIGN.md "Figures"): a 12-month
window that holds one has no total, no rate, no change and no significance, anywhere a figure is
published, and says which month lacks data.

The data are real Thames Valley police.uk rows (the shipped Milton Keynes subsets of January and
February 2025), relabelled month by month from July 2024 to December 2025 with July 2025 left
out, as real police.uk years have missing months. Expected totals are counted here with the
csv module."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboard.models import TrendFigure
from dashboard.services import trends_recompute
from mkviolence.roles import BOARD_MEMBER
from tests.factories import POLICEUK, months, read_rows

pytestmark = pytest.mark.django_db
VIOLENCE = "Violence and sexual offences"
MISSING = "2025-07"
HELD = [m for m in months("2024-07", 18) if m != MISSING]  # July 2024 to December 2025


def _month_rows(month: str) -> list[dict[str, str]]:
    """Real rows for ``month``: alternate real months, a different third of the rows each
    month so the counts differ; Crime IDs made unique to the month."""
    source = POLICEUK / (
        "2025-01-thames-valley-street-mk-subset.csv"
        if int(month[5:]) % 2
        else "2025-02-thames-valley-street-mk-subset.csv"
    )
    rows = [r for i, r in enumerate(read_rows(source)) if i % 3 != int(month[5:]) % 3]
    for r in rows:
        r["Month"] = month
        if r["Crime ID"]:
            r["Crime ID"] = hashlib.sha256(f"{r['Crime ID']}{month}".encode()).hexdigest()
    return rows


@pytest.fixture
def gap_year(reference, run_import, tmp_path):
    """Imports every held month; returns {month: violence rows in Milton Keynes}."""
    in_mk = {}
    for month in HELD:
        rows = _month_rows(month)
        path = tmp_path / f"{month}-thames-valley-street.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        run_import(path)
        in_mk[month] = sum(
            1
            for r in rows
            if r["Crime type"] == VIOLENCE and r["LSOA name"].startswith("Milton Keynes")
        )
    trends_recompute()
    return in_mk


def _figure(month: str) -> TrendFigure:
    return TrendFigure.objects.get(
        measure="violence-and-sexual-offences",
        area__code="E06000042",
        month=date.fromisoformat(month + "-01"),
    )


def test_a_window_holding_an_uncovered_month_has_no_total(gap_year):
    complete = _figure("2025-06")  # July 2024 to June 2025: every month held
    assert complete.rolling_12m == sum(gap_year[m] for m in months("2024-07", 12))
    assert complete.rate is not None
    for month in months("2025-07", 6):  # every window from July to December 2025 holds July
        f = _figure(month)
        assert f.rolling_12m is None, month  # never the sum of the eleven months held
        assert f.rate is None and f.change_12m_pct is None and f.p_12m is None
        assert not f.significant_12m
    assert _figure(MISSING).count is None and not _figure(MISSING).covered


def test_the_overview_says_which_month_has_no_data(gap_year, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    eleven_months = sum(gap_year[m] for m in months("2025-01", 12) if m != MISSING)
    assert f"{eleven_months:,}" not in page
    assert "offences in the 12 months to December 2025" not in page
    assert "no data for July 2025" in page


def test_the_measure_page_breaks_the_line_at_the_gap(gap_year, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    url = reverse("measure", args=["violence-and-sexual-offences"])
    page = client.get(url).content.decode()
    assert "no data for July 2025" in page
    export = client.get(url, {"period": "12", "export": "month-by-month"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[1:]
    by_month = {r[0]: r for r in rows}
    assert by_month[MISSING][1] == "no data"
    for month in months("2025-07", 6):
        assert by_month[month][2] == "no data", month  # no partial 12-month total
    assert by_month["2025-06"][2] == str(sum(gap_year[m] for m in months("2024-07", 12)))


def test_the_figures_command_gives_no_total_and_says_why(gap_year):
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
    assert data["count"] == gap_year["2025-12"]
    assert data["rolling_12m"] is None and data["rate"] is None
    assert data["change_12m_pct"] is None and data["p_12m"] is None
    assert data["no_data_months"] == [MISSING]
    assert "no data for July 2025" in data["headline"]


def test_a_trend_chart_draws_no_partial_totals(gap_year, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    export = client.get(
        reverse("home"), {"period": "12", "source": "policeuk-street", "export": "trend"}
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    column = rows[0].index("Violence and sexual offences")
    values = {r[0]: r[column] for r in rows[1:]}
    for month in months("2025-07", 6):
        assert values[month] == "no data", month
    assert values["2025-06"] == str(sum(gap_year[m] for m in months("2024-07", 12)))
