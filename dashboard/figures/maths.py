"""DESIGN.md's figure definitions on a monthly series, frame in / frame out, no ORM.

For a measure, an area and a month m:
  c(m)        the monthly count; NaN ("no data") when the source does not cover m.
  R12(m)      c(m-11) + ... + c(m), the "year ending m". NaN ("no data") unless all twelve months
              are in the series and covered: never the sum of the months that happen to be held.
  change 12m  (R12(m) - R12(m-12)) / R12(m-12) * 100; NaN when either total is NaN, and "n/a"
              (NaN) on a zero base.
  change 24m  against R12(m-24).
  rate        R12(m) / population * rate_per (per 1,000, 100,000 or 1,000,000 residents).
A change's significance: under "no change" a ~ Binomial(a + b, 1/2) (the exact conditional test
for two Poisson counts); two-sided p below 0.05 is significant. Its 95% interval comes from the
Clopper-Pearson bounds (pL, pU) on a / (a + b), as ratios pL/(1-pL) and pU/(1-pU), in %. With
either total unknown there is no p, no interval and no significance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

FIGURE_COLUMNS = [
    "measure",
    "area",
    "month",
    "count",
    "covered",
    "rolling_12m",
    "previous_12m",
    "change_12m_pct",
    "rolling_12m_two_years_earlier",
    "change_24m_pct",
    "p_12m",
    "ci_12m_low",
    "ci_12m_high",
    "significant_12m",
    "p_24m",
    "ci_24m_low",
    "ci_24m_high",
    "significant_24m",
    "rate",
]


def change_pct(current: np.ndarray, base: np.ndarray) -> np.ndarray:
    """(current - base) / base * 100, NaN where the base is 0 or either is unknown."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (current - base) / base * 100
    return np.where((base > 0) & np.isfinite(current), out, np.nan)


def exact_change_test(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    """Two-sided exact binomial p-value of a ~ Bin(a + b, 1/2), and the 95% interval of the
    change a/b - 1 in %, from Clopper-Pearson bounds. Element-wise; NaN where unknown.

    For p = 1/2 the distribution is symmetric, so the two-sided p-value (the sum of outcomes no
    more likely than a) is 2 * min(P(X <= a), P(X >= a)), capped at 1; this equals scipy's
    ``binomtest(a, a + b).pvalue``."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    known = np.isfinite(a) & np.isfinite(b)
    # The distributions cost microseconds a value, and a series repeats its pairs of totals
    # (small counts, unknown windows): each distinct pair is computed once and spread back.
    pairs, where = np.unique(
        np.where(known, a, 0) + 1j * np.where(known, b, 0), return_inverse=True
    )
    answers = _exact_change_test(pairs.real, pairs.imag)
    return tuple(np.where(known, answer[where.ravel()], np.nan) for answer in answers)


def _exact_change_test(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    known = np.isfinite(a) & np.isfinite(b)
    n = np.where(known, a + b, 0)
    a0 = np.where(known, a, 0)
    lower_tail = stats.binom.cdf(a0, n, 0.5)
    upper_tail = stats.binom.sf(a0 - 1, n, 0.5)
    p = np.minimum(1.0, 2 * np.minimum(lower_tail, upper_tail))
    p = np.where(known & (n > 0), p, np.where(known, 1.0, np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        p_low = np.where(a0 > 0, stats.beta.ppf(0.025, a0, n - a0 + 1), 0.0)
        p_high = np.where(a0 < n, stats.beta.ppf(0.975, a0 + 1, n - a0), 1.0)
        low = (p_low / (1 - p_low) - 1) * 100
        high = (p_high / (1 - p_high) - 1) * 100
    # No interval for a change that is itself n/a (zero base) or unknown.
    defined = known & (b > 0)
    return p, np.where(defined, low, np.nan), np.where(defined, high, np.nan)


def series_keys(frame: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, Any]]]:
    """Each row's series as a number, and the (measure, area) of each number: per-series values
    are looked up once a series, not once a row."""
    measures, measure_of = pd.factorize(frame["measure"])
    areas, area_of = pd.factorize(frame["area"])
    pairs, combined = pd.factorize(measures * max(len(area_of), 1) + areas)
    measure_index, area_index = np.divmod(combined, max(len(area_of), 1))
    series_of = list(
        zip(measure_of[measure_index].tolist(), area_of[area_index].tolist(), strict=True)
    )
    return pairs, series_of


def trend_figures(
    series: pd.DataFrame,
    population: Mapping[tuple[str, Any], float | None],
    rate_per: dict[str, int],
) -> pd.DataFrame:
    """Every figure for every row of ``series.monthly_series`` output (same order: measure,
    area, month ascending). ``population`` maps (measure, area) to the denominator or None."""
    out = series.sort_values(["measure", "area", "month"]).reset_index(drop=True)
    # Each series is contiguous (one row a month), so a window is a difference of running sums
    # and "12 months earlier" is 12 rows back within the same series.
    position = out.groupby(["measure", "area"], sort=False).cumcount().to_numpy()
    counts = out["count"].to_numpy(dtype=float)
    no_data = np.isnan(counts)

    def window_sum(values: np.ndarray) -> np.ndarray:
        running = np.concatenate([[0.0], np.cumsum(values)])
        index = np.arange(len(values))
        total = running[index + 1] - running[np.maximum(index - 11, 0)]
        return np.where(position >= 11, total, np.nan)

    def back(values: np.ndarray, rows: int) -> np.ndarray:
        shifted = np.full(len(values), np.nan)
        if len(values) > rows:
            shifted[rows:] = values[:-rows]
        return np.where(position >= rows, shifted, np.nan)

    # A window with a month of no data has no total (NaN), whatever the other months hold.
    gaps = window_sum(no_data.astype(float))
    r12 = np.where(gaps == 0, window_sum(np.where(no_data, 0.0, counts)), np.nan)
    out["rolling_12m"] = r12
    out["previous_12m"] = back(r12, 12)
    out["rolling_12m_two_years_earlier"] = back(r12, 24)
    spans = (("12m", "previous_12m"), ("24m", "rolling_12m_two_years_earlier"))
    bases = [out[base_column].to_numpy(dtype=float) for _, base_column in spans]
    # Both changes' tests in one call: the pairs of totals they share are computed once.
    tests = exact_change_test(np.concatenate([r12, r12]), np.concatenate(bases))
    for i, ((suffix, _), b) in enumerate(zip(spans, bases, strict=True)):
        p, low, high = (values[i * len(out) : (i + 1) * len(out)] for values in tests)
        out[f"change_{suffix}_pct"] = change_pct(r12, b)
        out[f"p_{suffix}"] = p
        out[f"ci_{suffix}_low"] = low
        out[f"ci_{suffix}_high"] = high
        out[f"significant_{suffix}"] = np.where(np.isfinite(p), p < 0.05, False)
    pairs, series_of = series_keys(out)
    pop = np.array([population.get(k) or np.nan for k in series_of], dtype=float)[pairs]
    per = np.array([rate_per.get(m, np.nan) for m, _ in series_of], dtype=float)[pairs]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(pop > 0, r12 / pop * per, np.nan)
    return out[FIGURE_COLUMNS]
