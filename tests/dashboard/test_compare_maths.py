"""The comparison maths (funnel limits, ranks with intervals, similar areas, the test against a
group), checked against values worked out here independently."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dashboard.figures.compare import (
    against_group,
    funnel,
    funnel_curve,
    poisson_limits,
    rank_changes,
    similar_areas,
)


def test_exact_poisson_limits_are_the_textbook_ones():
    # The exact 95% interval of a Poisson count of 100 is 81.37 to 121.63 (Garwood 1936).
    low, high = poisson_limits(np.array([100.0]), 0.95)
    assert (round(low[0], 2), round(high[0], 2)) == (81.36, 121.63)
    # The same limits through the Gamma distribution, for many expected counts and both levels.
    expected = np.array([0.5, 3.0, 17.2, 250.0, 4000.0])
    for level in (0.95, 0.998):
        low, high = poisson_limits(expected, level)
        alpha = 1 - level
        assert low == pytest.approx(stats.gamma.ppf(alpha / 2, expected))
        assert high == pytest.approx(stats.gamma.ppf(1 - alpha / 2, expected + 1))


def test_each_area_is_placed_in_the_funnel():
    national_count, national_population = 10_000, 10_000_000  # 1 per 1,000
    areas = pd.DataFrame(
        {
            "code": ["typical", "high", "very-high", "low", "very-low"],
            "count": [100, 125, 140, 78, 65],
            "population": [100_000] * 5,  # expected 100 each
        }
    )
    out = funnel(
        areas, national_count=national_count, national_population=national_population, per=1000
    ).set_index("code")
    # Expected 100: 95% limits 81.4 to 121.6, 99.8% limits 71.9 to 134.9.
    low998, high998 = (stats.gamma.ppf(q, k) for q, k in ((0.001, 100), (0.999, 101)))
    assert (round(low998, 1), round(high998, 1)) == (71.9, 134.9)
    assert out["funnel"].to_dict() == {
        "typical": "within",
        "high": "above 95%",
        "very-high": "above 99.8%",
        "low": "below 95%",
        "very-low": "below 99.8%",
    }
    assert out.loc["high", "rate"] == pytest.approx(1.25)
    curve = funnel_curve(
        np.array([100_000.0]),
        national_count=national_count,
        national_population=national_population,
        per=1000,
    )
    assert curve["high_95"][0] == pytest.approx(stats.gamma.ppf(0.975, 101) / 100_000 * 1000)


def test_changes_are_ranked_with_an_interval_that_holds_the_rank():
    rng = np.random.default_rng(7)
    base = rng.integers(200, 2000, 40)
    now = (base * rng.uniform(0.7, 1.4, 40)).astype(int)
    areas = pd.DataFrame({"code": [f"A{i}" for i in range(40)], "now": now, "base": base})
    ranks = rank_changes(areas, seed=1)
    change = (now - base) / base * 100
    # The rank is the place by change, the largest rise first.
    expected = {f"A{i}": int((change > change[i]).sum()) + 1 for i in range(40)}
    assert {c: r.rank for c, r in ranks.items()} == expected
    assert all(r.of == 40 and r.low <= r.rank <= r.high for r in ranks.values())
    # Small counts rank less surely than large ones with the same change.
    two = pd.DataFrame({"code": ["small", "large"], "now": [12, 1200], "base": [10, 1000]})
    three = pd.concat(
        [two, pd.DataFrame({"code": ["mid"], "now": [113], "base": [100]})], ignore_index=True
    )
    wide = rank_changes(three, seed=1)
    assert wide["small"].high - wide["small"].low >= wide["large"].high - wide["large"].low
    # The same seed gives the same intervals.
    assert rank_changes(areas, seed=1) == ranks


def test_an_area_with_a_zero_base_is_not_ranked():
    areas = pd.DataFrame({"code": ["a", "b", "c"], "now": [5, 10, 20], "base": [0, 8, 10]})
    ranks = rank_changes(areas)
    assert set(ranks) == {"b", "c"} and ranks["c"].rank == 1 and ranks["b"].of == 2


def test_similar_areas_are_the_nearest_on_standardised_variables():
    rng = np.random.default_rng(3)
    features = pd.DataFrame(
        {
            "code": [f"L{i}" for i in range(60)],
            "deprivation": rng.uniform(5, 45, 60),
            "density": rng.uniform(50, 12000, 60),
            "share_15_24": rng.uniform(0.08, 0.2, 60),
        }
    )
    found = similar_areas(features, "L0")
    assert len(found) == 15 and "L0" not in set(found["code"])
    z = (features.iloc[:, 1:] - features.iloc[:, 1:].mean()) / features.iloc[:, 1:].std(ddof=0)
    distances = np.sqrt(((z - z.iloc[0]) ** 2).sum(axis=1))[1:]
    nearest = [features["code"][i] for i in distances.sort_values().index[:15]]
    assert list(found["code"]) == nearest
    assert found["distance"].tolist() == pytest.approx(distances.sort_values()[:15].tolist())


def test_a_rate_is_compared_with_its_group_by_the_exact_test():
    same = against_group(
        count=100, population=100_000, group_count=1000, group_population=1_000_000, per=1000
    )
    assert same.verdict == "similar" and same.p == pytest.approx(1.0, abs=0.05)
    higher = against_group(
        count=150, population=100_000, group_count=1000, group_population=1_000_000, per=1000
    )
    share = 100_000 / 1_100_000
    assert higher.p == pytest.approx(stats.binomtest(150, 1150, share).pvalue)
    assert higher.verdict == "higher" and higher.rate == pytest.approx(1.5)
    assert math.isclose(higher.group_rate, 1.0)
    lower = against_group(
        count=60, population=100_000, group_count=1000, group_population=1_000_000, per=1000
    )
    assert lower.verdict == "lower"
