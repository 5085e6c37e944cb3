"""The figure definitions of DESIGN.md, checked on small series worked out by hand here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

from dashboard.figures.maths import exact_change_test, trend_figures
from dashboard.figures.series import monthly_series
from dashboard.headlines import figure_headline, format_pct, months_text


@pytest.mark.parametrize(
    ("a", "b", "p", "low", "high"),
    [
        (402, 400, 0.972, -12.7, 15.7),
        (380, 200, None, 59.7, 126.6),  # p < 0.0001
        (12, 6, 0.238, -30.5, 549.5),
        (4, 0, 0.125, None, None),  # a change on a zero base has no interval
    ],
)
def test_the_worked_values_of_the_design(a, b, p, low, high):
    [pv], [lo], [hi] = exact_change_test(np.array([a]), np.array([b]))
    if p is None:
        assert pv < 0.0001
    else:
        assert round(pv, 3) == p
    if low is None:
        assert math.isnan(lo) and math.isnan(hi)
    else:
        assert (round(lo, 1), round(hi, 1)) == (low, high)


def test_p_values_agree_with_scipys_binomial_test():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 300, 200)
    b = rng.integers(0, 300, 200)
    p, _, _ = exact_change_test(a, b)
    for ai, bi, pi in zip(a, b, p, strict=True):
        expected = binomtest(int(ai), int(ai + bi), 0.5).pvalue if ai + bi else 1.0
        assert pi == pytest.approx(expected, abs=1e-9)


def series(counts: list[float | None], start="2020-01-01", measure="m", area=1):
    """Build monthly_series input: None is a month the source does not cover."""
    months = pd.date_range(start, periods=len(counts), freq="MS")
    covered = pd.DataFrame(
        [(measure, area, m) for m, c in zip(months, counts, strict=True) if c is not None],
        columns=["measure", "area", "month"],
    )
    held = pd.DataFrame(
        [(measure, area, m, c) for m, c in zip(months, counts, strict=True) if c],
        columns=["measure", "area", "month", "count"],
    )
    return monthly_series(held, covered)


def figures(counts, population=1000.0, rate_per=1000):
    return trend_figures(series(counts), {("m", 1): population}, {"m": rate_per})


def test_rolling_figures_by_hand():
    # Year 1: 1 a month (12), year 2: 2 a month (24), year 3: 3 a month (36).
    out = figures([1] * 12 + [2] * 12 + [3] * 12)
    last = out.iloc[-1]
    assert last["count"] == 3
    assert last["rolling_12m"] == 36
    assert last["previous_12m"] == 24
    assert last["change_12m_pct"] == pytest.approx(50.0)  # (36 - 24) / 24
    assert last["rolling_12m_two_years_earlier"] == 12
    assert last["change_24m_pct"] == pytest.approx(200.0)  # (36 - 12) / 12
    assert last["rate"] == pytest.approx(36.0)  # 36 / 1000 residents * 1000
    # One month into year 3: 2*11 + 3 = 25 against 1*11 + 2 = 13.
    row = out.iloc[24]
    assert (row["rolling_12m"], row["previous_12m"]) == (25, 13)
    assert math.isnan(row["rolling_12m_two_years_earlier"])


def test_no_rolling_figure_before_twelve_months():
    out = figures([5] * 11)
    assert out["rolling_12m"].isna().all()


def test_a_zero_base_is_n_a_not_infinite():
    out = figures([0] * 12 + [1] * 12)
    last = out.iloc[-1]
    assert last["previous_12m"] == 0 and last["rolling_12m"] == 12
    assert math.isnan(last["change_12m_pct"])
    assert math.isnan(last["ci_12m_low"])
    assert last["p_12m"] == pytest.approx(binomtest(12, 12, 0.5).pvalue)


def test_a_window_holding_an_uncovered_month_has_no_total():
    counts = [2] * 30
    counts[20] = None  # the source did not cover that month
    out = figures(counts)
    assert math.isnan(out.iloc[20]["count"]) and not out.iloc[20]["covered"]
    # Every window holding the gap has no total, never the sum of its eleven other months ...
    for row in range(20, 30):
        assert math.isnan(out.iloc[row]["rolling_12m"]), row
        assert math.isnan(out.iloc[row]["rate"])
        assert math.isnan(out.iloc[row]["change_12m_pct"]) and math.isnan(out.iloc[row]["p_12m"])
        assert not out.iloc[row]["significant_12m"]
    # ... and the windows before it are whole.
    assert out.iloc[19]["rolling_12m"] == 24 and out.iloc[11]["rolling_12m"] == 24


def test_changes_exist_once_both_windows_are_clear():
    counts = [2] * 50
    counts[5] = None
    out = figures(counts)
    assert math.isnan(out.iloc[16]["rolling_12m"])  # the window 5..16 holds the gap
    assert out.iloc[17]["rolling_12m"] == 24  # 6..17 does not
    assert math.isnan(out.iloc[28]["change_12m_pct"])  # its base is the window 5..16
    assert out.iloc[29]["change_12m_pct"] == pytest.approx(0.0)  # 18..29 against 6..17
    assert math.isnan(out.iloc[40]["change_24m_pct"])  # two years back is the window 5..16
    assert out.iloc[41]["change_24m_pct"] == pytest.approx(0.0)


def test_a_month_before_the_series_began_is_no_data_too():
    out = figures([None, 3] + [3] * 11)  # covered from the second month
    assert len(out) == 12  # the series starts at its first covered month
    assert out.iloc[-1]["rolling_12m"] == 36


def test_a_covered_month_with_nothing_counts_zero():
    out = figures([0, 3])
    assert out.iloc[0]["count"] == 0 and out.iloc[0]["covered"]


def test_significance_flag_follows_the_exact_test():
    big = figures([20] * 12 + [38] * 12).iloc[-1]  # 456 vs 240
    assert big["significant_12m"] and big["p_12m"] < 0.0001
    small = figures([1] * 12 + [1] * 11 + [2]).iloc[-1]  # 13 vs 12
    assert not small["significant_12m"]


def test_rates_use_the_measure_unit():
    out = figures([1] * 12, population=200_000, rate_per=100_000)
    assert out.iloc[-1]["rate"] == pytest.approx(6.0)  # 12 / 200,000 * 100,000


HEADLINE = {
    "measure": "knife-crime",
    "area_name": "Milton Keynes",
    "month": "2024-03",
    "rolling_12m": 1234,
    "previous_12m": 1228,
    "change_12m_pct": 0.49,
    "significant_12m": False,
    "rolling_12m_two_years_earlier": 650,
    "change_24m_pct": 89.8,
    "significant_24m": True,
}


def test_the_headline_reads_like_ons():
    text = figure_headline(HEADLINE, threshold=5)
    assert text == (
        "Knife crime in Milton Keynes: 1,234 offences in the 12 months to March 2024, up 0.5% "
        "on the previous 12 months (not statistically significant) and up 90% on two years "
        "earlier."
    )


def test_the_headline_suppresses_small_counts():

    figure = {**HEADLINE, "measure": "homicide", "rolling_12m": 3}
    text = figure_headline(figure, threshold=5)
    assert (
        text == "Homicide in Milton Keynes: fewer than 5 homicides in the 12 months to March 2024."
    )
    assert "3" not in text.replace("2024", "")


def test_the_headline_says_n_a_on_a_zero_base():
    figure = {**HEADLINE, "measure": "gun-crime", "previous_12m": 0, "change_12m_pct": None}
    text = figure_headline(figure, threshold=5)
    assert "no percentage change on the previous 12 months (there were none then)" in text


def test_the_headline_says_which_months_have_no_data():
    gap = {**HEADLINE, "rolling_12m": None, "no_data_months": ["2023-07", "2023-08"]}
    assert figure_headline(gap, threshold=5) == (
        "Knife crime in Milton Keynes: no figure for the 12 months to March 2024 (no data for "
        "July to August 2023)."
    )
    base_gap = {
        **HEADLINE,
        "previous_12m": None,
        "change_12m_pct": None,
        "previous_no_data_months": ["2022-07"],
    }
    text = figure_headline(base_gap, threshold=5)
    assert "1,234 offences in the 12 months to March 2024" in text
    assert "no change on the previous 12 months can be given (no data for July 2022)" in text


def test_months_without_data_read_as_runs():
    assert months_text(["2025-07"]) == "July 2025"
    assert months_text(["2024-12", "2025-01", "2025-02"]) == "December 2024 to February 2025"
    assert months_text(["2024-03", "2025-07", "2025-08"]) == ("March 2024 and July to August 2025")


def test_percentages_are_rounded_as_ons_does():
    assert (format_pct(89.8), format_pct(-12.4), format_pct(0.49)) == ("90%", "12%", "0.5%")
