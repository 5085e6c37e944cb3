"""Comparing areas honestly (DESIGN.md "comparisons"), frame in / frame out, no ORM.

* **Funnel plot.** Each area's rate against its population, with control limits around the
  England-and-Wales rate: for an area of population n the expected count is E = rate × n, and its
  exact Poisson limits at level 1 − α are chi2(α/2; 2E)/2 and chi2(1 − α/2; 2E + 2)/2 (as
  public-health funnel plots draw them), at 95% and 99.8%. An area is "within" the 95% limits,
  "above/below 95%" (between the 95% and 99.8% limits), or "above/below 99.8%".
* **Rank of a change, with its interval.** Areas are ranked by their 12-month (or two-year)
  change, the largest rise first. The rank's 95% interval comes from simulating every area's two
  counts at once (each from a Gamma distribution centred on its count, the Poisson likelihood
  with a flat prior; seeded, so a page is reproducible) and ranking each draw: "3rd of 296,
  plausibly 2nd–9th". Only areas whose two windows are complete and whose base is not zero are
  ranked; the rest are counted as excluded, with why.
* **Similar areas.** The 15 nearest areas on standardised deprivation, population density and
  the share of residents aged 15–24 (Euclidean distance on z-scores), and the area's rate against
  the group's pooled rate with an exact test (the area's count given the total is binomial with
  the area's share of the population under "the same rate").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

FUNNEL_LEVELS = (0.95, 0.998)
WITHIN = "within"
RANK_DRAWS = 2000
SIMILAR_AREAS = 15
SIMILARITY_VARIABLES = ("deprivation", "density", "share_15_24")


def poisson_limits(expected: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson limits (counts) around ``expected`` counts at ``level`` (0.95, 0.998)."""
    expected = np.asarray(expected, dtype=float)
    alpha = 1 - level
    with np.errstate(invalid="ignore"):
        low = np.where(expected > 0, stats.chi2.ppf(alpha / 2, 2 * expected) / 2, 0.0)
        high = stats.chi2.ppf(1 - alpha / 2, 2 * expected + 2) / 2
    return low, high


def funnel(
    areas: pd.DataFrame, *, national_count: float, national_population: float, per: int
) -> pd.DataFrame:
    """``areas``: code, count, population. Adds ``rate`` (per ``per`` residents), ``expected``,
    the count limits ``low_95``, ``high_95``, ``low_998``, ``high_998`` and ``funnel``: "within",
    "above 95%", "below 95%", "above 99.8%" or "below 99.8%"."""
    out = areas.copy()
    national_rate = national_count / national_population
    out["rate"] = out["count"] / out["population"] * per
    out["expected"] = national_rate * out["population"]
    observed = out["count"].to_numpy(dtype=float)
    verdict = np.full(len(out), WITHIN, dtype=object)
    for level in FUNNEL_LEVELS:
        low, high = poisson_limits(out["expected"].to_numpy(), level)
        name = f"{level * 100:g}".replace(".", "")
        out[f"low_{name}"], out[f"high_{name}"] = low, high
        label = f"{level * 100:g}%"
        verdict = np.where(observed > high, f"above {label}", verdict)
        verdict = np.where(observed < low, f"below {label}", verdict)
    out["funnel"] = verdict
    return out


def funnel_curve(
    populations: np.ndarray, *, national_count: float, national_population: float, per: int
) -> dict[str, np.ndarray]:
    """The funnel's limits as rates along ``populations`` (to draw the curves)."""
    populations = np.asarray(populations, dtype=float)
    expected = national_count / national_population * populations
    curves = {}
    for level in FUNNEL_LEVELS:
        low, high = poisson_limits(expected, level)
        name = f"{level * 100:g}".replace(".", "")
        curves[f"low_{name}"] = low / populations * per
        curves[f"high_{name}"] = high / populations * per
    return curves


@dataclass(frozen=True)
class RankedChange:
    code: str
    change_pct: float
    rank: int  # 1 = the largest rise
    low: int  # the rank's 95% interval
    high: int
    of: int


def rank_changes(
    areas: pd.DataFrame, *, draws: int = RANK_DRAWS, seed: int = 0
) -> dict[str, RankedChange]:
    """``areas``: code, now, base (complete windows only). Ranks the change (now − base) / base
    among areas with a base above zero, the largest rise first; ties share the better rank.
    Returns code → ``RankedChange``."""
    ranked = areas[areas["base"] > 0].reset_index(drop=True)
    n = len(ranked)
    if n == 0:
        return {}
    now = ranked["now"].to_numpy(dtype=float)
    base = ranked["base"].to_numpy(dtype=float)
    change = (now - base) / base * 100
    order = _ranks(change[None, :])[0]
    rng = np.random.default_rng(seed)
    # Gamma(count + 1): the Poisson likelihood of the true mean given the count, flat prior.
    sim_now = rng.gamma(now + 1, size=(draws, n))
    sim_base = rng.gamma(base + 1, size=(draws, n))
    simulated = _ranks((sim_now - sim_base) / sim_base)
    low = np.floor(np.quantile(simulated, 0.025, axis=0)).astype(int)
    high = np.ceil(np.quantile(simulated, 0.975, axis=0)).astype(int)
    return {
        code: RankedChange(
            code=code,
            change_pct=float(change[i]),
            rank=int(order[i]),
            low=int(min(low[i], order[i])),
            high=int(max(high[i], order[i])),
            of=n,
        )
        for i, code in enumerate(ranked["code"])
    }


def _ranks(values: np.ndarray) -> np.ndarray:
    """Per row, each value's rank from the largest (1) down; ties share the smaller rank."""
    ranks: np.ndarray = stats.rankdata(-values, method="min", axis=1)
    return ranks


def similar_areas(features: pd.DataFrame, code: str, *, size: int = SIMILAR_AREAS) -> pd.DataFrame:
    """``features``: code and the ``SIMILARITY_VARIABLES`` (rows with any missing are left
    out). The ``size`` areas nearest ``code`` on standardised variables, nearest first, with
    their variables and ``distance``."""
    known = features.dropna(subset=list(SIMILARITY_VARIABLES)).reset_index(drop=True)
    if code not in set(known["code"]):
        return known.iloc[0:0].assign(distance=[])
    values = known[list(SIMILARITY_VARIABLES)].to_numpy(dtype=float)
    spread = values.std(axis=0)
    z = (values - values.mean(axis=0)) / np.where(spread > 0, spread, 1)
    me = z[known.index[known["code"] == code][0]]
    distance = np.sqrt(((z - me) ** 2).sum(axis=1))
    out = known.assign(distance=distance)
    out = out[out["code"] != code].sort_values(["distance", "code"], kind="stable")
    return out.head(size).reset_index(drop=True)


@dataclass(frozen=True)
class GroupComparison:
    rate: float  # the area's, per ``per`` residents
    group_rate: float  # the group's pooled rate
    p: float
    verdict: str  # "higher", "similar" or "lower"


def against_group(
    *, count: int, population: float, group_count: int, group_population: float, per: int
) -> GroupComparison:
    """The area's rate against the pooled rate of its group (the group without the area), by
    the exact conditional test: given the total count, the area's count is binomial with the
    area's share of the population when the rates are the same."""
    share = population / (population + group_population)
    p = (
        float(stats.binomtest(count, count + group_count, share).pvalue)
        if count + group_count
        else 1.0
    )
    rate = count / population * per
    group_rate = group_count / group_population * per
    verdict = "similar" if p >= 0.05 else ("higher" if rate > group_rate else "lower")
    return GroupComparison(rate=rate, group_rate=group_rate, p=p, verdict=verdict)
