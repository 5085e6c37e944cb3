"""The figure definitions of DESIGN.md, checked on small series worked out by hand here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

from dashboard.headlines import format_pct, headline
from dashboard.trends import exact_change_test, monthly_series, trend_figures


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
    assert last["rate_per_1000"] == pytest.approx(36.0)  # 36 / 1000 residents * 1000
    assert last["comparable_12m"] and last["comparable_24m"]
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


def test_an_uncovered_month_is_no_data_and_makes_figures_not_comparable():
    counts = [2] * 30
    counts[20] = None  # the source did not cover that month
    out = figures(counts)
    assert math.isnan(out.iloc[20]["count"]) and not out.iloc[20]["covered"]
    # The window holding the gap still sums the covered months, flagged not comparable.
    assert out.iloc[25]["rolling_12m"] == 22
    assert not out.iloc[25]["comparable_12m"]
    assert not out.iloc[19]["comparable_12m"]  # no previous twelve months yet
    assert out.iloc[19]["rolling_12m"] == 24  # before the gap: 12 covered months of 2


def test_comparability_recovers_once_both_windows_are_clear():
    counts = [2] * 50
    counts[5] = None
    out = figures(counts)
    assert not out.iloc[17]["comparable_12m"]  # previous window (6..17 back to 5) spans the gap
    assert out.iloc[29]["comparable_12m"]  # windows 18..29 and 6..17 are clear
    assert not out.iloc[29]["comparable_24m"]  # the window two years earlier held month 5


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
    "rolling_12m": 1234,
    "previous_12m": 1228,
    "change_12m_pct": 0.49,
    "significant_12m": False,
    "comparable_12m": True,
    "rolling_12m_two_years_earlier": 650,
    "change_24m_pct": 89.8,
    "significant_24m": True,
    "comparable_24m": True,
}


def test_the_headline_reads_like_ons():
    from datetime import date

    text = headline(
        measure_name="Knife crime",
        noun="offences",
        area_name="Milton Keynes",
        month=date(2024, 3, 1),
        figure=HEADLINE,
        threshold=5,
    )
    assert text == (
        "Knife crime in Milton Keynes: 1,234 offences in the 12 months to March 2024, up 0.5% "
        "on the previous 12 months (not statistically significant) and up 90% on two years "
        "earlier."
    )


def test_the_headline_suppresses_small_counts():
    from datetime import date

    figure = {**HEADLINE, "rolling_12m": 3}
    text = headline(
        measure_name="Homicide",
        noun="homicides",
        area_name="Milton Keynes",
        month=date(2024, 3, 1),
        figure=figure,
        threshold=5,
    )
    assert (
        text == "Homicide in Milton Keynes: fewer than 5 homicides in the 12 months to March 2024."
    )
    assert "3" not in text.replace("2024", "")


def test_the_headline_says_n_a_and_not_comparable():
    from datetime import date

    figure = {**HEADLINE, "change_12m_pct": None, "comparable_24m": False}
    text = headline(
        measure_name="Gun crime",
        noun="offences",
        area_name="MK",
        month=date(2024, 3, 1),
        figure=figure,
        threshold=5,
    )
    assert "no percentage change on the previous 12 months" in text
    assert "(not comparable: some months have no data)" in text


def test_percentages_are_rounded_as_ons_does():
    assert (format_pct(89.8), format_pct(-12.4), format_pct(0.49)) == ("90%", "12%", "0.5%")
