"""Hot-spot maths, frame in / frame out, no ORM (DESIGN.md "hot spots" and "concentration").

* **Lattice.** Two LSOAs are neighbours when their shipped polygons touch, overlap or lie within
  ``NEIGHBOUR_DISTANCE_M`` metres of each other, measured in British National Grid (EPSG:27700)
  so that a distance is in metres. The shipped boundaries are generalised: neighbours' shared
  corners differ in their last digits, so vertex-based queen contiguity finds no neighbours at
  all; the neighbour lists come from the geometry (shapely) and are handed to
  ``libpysal.weights.W`` as they are.
* **Getis–Ord Gi\\*** (``esda.G_Local(star=True, transform="B")``): binary weights with the LSOA
  itself included. Its z-score is Getis and Ord's::

      z_i = (sum_j w_ij x_j - W_i xbar) / (s sqrt((n W_i - W_i^2) / (n - 1)))

  with W_i = sum_j w_ij (the LSOA and its neighbours), xbar and s the mean and (population)
  standard deviation of the n counts.
* **Inference** by ``PERMUTATIONS`` conditional permutations, seeded (``SEED``) so that a page is
  the same every time: the LSOA keeps its own count and its neighbours' are drawn from the other
  LSOAs. esda's ``p_sim`` is one-sided in the direction of the observed value (folded); the
  two-sided pseudo p-value is twice it, at most 1. A false discovery rate correction
  (Benjamini–Hochberg) across the LSOAs gives ``p_fdr``; a class is hot (z > 0) or cold at 99%,
  95% or 90% confidence when ``p_fdr`` is at most 0.01, 0.05 or 0.10.
* **Emerging hot spots** follow ESRI's Emerging Hot Spot Analysis: Gi\\* for each of the last
  ``EMERGING_MONTHS`` months' counts (each month a time step, spatial neighbours only), each
  month's hot or cold spots at 95% confidence after the same FDR correction (from the normal
  p-value of z, as ESRI's tool does), a Mann–Kendall test of each LSOA's z-scores over the
  months, and ESRI's categories (``emerging_category``).
* **Concentration**: the share of LSOAs that holds half the incidents, the concentration curve
  (cumulative share of incidents against the share of places, busiest first) and its Gini.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

NEIGHBOUR_DISTANCE_M = 5.0
PERMUTATIONS = 999
SEED = 20240124
EMERGING_MONTHS = 24
# Below these a Gi* result is not stable enough to show: ESRI's hot-spot tools ask for at least
# 30 features; with fewer incidents than LSOAs (or under 60 in all, or 30 in a month) most LSOAs
# hold none and a "hot spot" or "cold spot" is one or two incidents, or a patch of zeros.
MIN_AREAS = 30
MIN_INCIDENTS = 60
MIN_MONTH_INCIDENTS = 30


def enough_incidents(total: int, places: int) -> bool:
    """Whether ``total`` incidents over ``places`` LSOAs can give a stable Gi*: at least
    ``MIN_INCIDENTS``, and at least one an LSOA on average."""
    return places >= MIN_AREAS and total >= max(MIN_INCIDENTS, places)


# Emerging hot spots: a month counts as a hot (cold) spot at 95% confidence, a trend is
# significant at 5%, and "most of the time" is ESRI's 90% of the months.
EMERGING_ALPHA = 0.05
TREND_ALPHA = 0.05
MOST_OF_THE_TIME = 0.9

HOT_99, HOT_95, HOT_90 = "hot-99", "hot-95", "hot-90"
COLD_99, COLD_95, COLD_90 = "cold-99", "cold-95", "cold-90"
NOT_SIGNIFICANT = "not-significant"
CLASSES = [HOT_99, HOT_95, HOT_90, NOT_SIGNIFICANT, COLD_90, COLD_95, COLD_99]
# (largest p_fdr, class if hot, class if cold), strictest first.
LEVELS = [(0.01, HOT_99, COLD_99), (0.05, HOT_95, COLD_95), (0.10, HOT_90, COLD_90)]

NO_PATTERN = "no-pattern"
PATTERNS = [
    "new",
    "consecutive",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
]
EMERGING = [
    *(f"{p}-hot" for p in PATTERNS),
    *(f"{p}-cold" for p in PATTERNS),
    NO_PATTERN,
]


# --- the lattice -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lattice:
    """LSOAs in a fixed order and each one's neighbours (itself not included)."""

    codes: tuple[str, ...]
    neighbours: Mapping[str, tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.codes)

    @functools.cached_property
    def weights(self) -> Any:
        """Binary ``libpysal.weights.W`` over ``codes`` (ids in that order). Gi* adds each
        LSOA's own weight (``star=True``). Built once per lattice (libpysal builds it slowly);
        esda works on its own copy of it."""
        from libpysal.weights import W

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an LSOA with no neighbour is warned about
            return W(
                {c: list(self.neighbours[c]) for c in self.codes},
                id_order=list(self.codes),
                silence_warnings=True,
            )

    @functools.cached_property
    def star_weights(self) -> Any:
        """``weights`` with each LSOA's own weight (1) on the diagonal, as ``G_Local(star=True)``
        makes it: given this, esda uses it as it is instead of building it again on every call
        (which costs more than the analytical Gi* itself). Only for ``permutations=0``: esda's
        permutations zero the diagonal of the matrix they are given."""
        from libpysal.weights import fill_diagonal

        return fill_diagonal(self.weights, 1.0)


def lattice_from_geometries(
    geometries: Mapping[str, dict[str, Any]], *, distance_m: float = NEIGHBOUR_DISTANCE_M
) -> Lattice:
    """``geometries``: LSOA code -> GeoJSON geometry in WGS84 (longitude, latitude). Codes are
    kept sorted so that the same areas always make the same lattice (and the same draws)."""
    import shapely
    from shapely.geometry import shape

    to_metres = _to_british_national_grid()

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = to_metres.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    codes = tuple(sorted(geometries))
    shapes = [shapely.transform(shape(geometries[c]), project) for c in codes]
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes, predicate="dwithin", distance=distance_m)
    found: dict[str, set[str]] = {c: set() for c in codes}
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i != j:
            found[codes[i]].add(codes[j])
            found[codes[j]].add(codes[i])
    return Lattice(codes, {c: tuple(sorted(found[c])) for c in codes})


@functools.cache
def _to_british_national_grid() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


# --- Gi* -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GiStar:
    """Per LSOA in lattice order: z-score, two-sided p, FDR-adjusted p and class. z is NaN
    (class not significant, p 1) when every count is the same."""

    z: np.ndarray
    p: np.ndarray
    p_fdr: np.ndarray
    classes: list[str]


def gi_star(
    counts: Sequence[float] | np.ndarray,
    weights: Any,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
) -> GiStar:
    """Gi* of ``counts`` (in the order of ``weights.id_order``) with conditional permutation
    p-values, or, with ``permutations=0``, the normal approximation's."""
    from esda.getisord import G_Local

    y = np.asarray(counts, dtype=float)
    if y.sum() <= 0 or np.all(y == y[0]):
        flat = np.full(len(y), np.nan)
        ones = np.ones(len(y))
        return GiStar(flat, ones, ones, [NOT_SIGNIFICANT] * len(y))
    with warnings.catch_warnings():
        # esda warns that the default "directed" alternative of its permutations will change;
        # p_sim is doubled below into the two-sided value, whatever the default becomes.
        warnings.simplefilter("ignore", DeprecationWarning)
        result = G_Local(
            y,
            weights,
            transform="B",
            star=True,
            permutations=permutations,
            seed=seed,
            n_jobs=1,
            keep_simulations=False,
        )
    z = np.asarray(result.Zs, dtype=float)
    if permutations:
        # p_sim is (draws as extreme + 1) / (permutations + 1), held as float32: back to the
        # exact fraction before doubling.
        extreme = np.rint(np.asarray(result.p_sim, dtype=float) * (permutations + 1))
        p = np.minimum(1.0, 2 * extreme / (permutations + 1))
    else:
        p = 2 * stats.norm.sf(np.abs(z))
    p = np.where(np.isfinite(z), p, 1.0)
    p_fdr = fdr(p)
    return GiStar(z, p, p_fdr, classify(z, p_fdr))


def fdr(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values: p_(k) * n / k, made monotone from the largest
    down, at most 1."""
    if len(p) == 0:
        return np.asarray(p, dtype=float)
    return np.asarray(stats.false_discovery_control(np.asarray(p, dtype=float), method="bh"))


def classify(z: np.ndarray, p_fdr: np.ndarray) -> list[str]:
    classes = []
    for zi, pi in zip(z.tolist(), p_fdr.tolist(), strict=True):
        found = NOT_SIGNIFICANT
        if math.isfinite(zi) and zi != 0:
            for largest, hot, cold in LEVELS:
                if pi <= largest:
                    found = hot if zi > 0 else cold
                    break
        classes.append(found)
    return classes


# --- emerging hot spots ----------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """Mann–Kendall test of a series: S, tau (S over the number of pairs), z (continuity
    corrected, with the variance corrected for ties) and the two-sided p-value."""

    s: int
    tau: float
    z: float
    p: float


def mann_kendall(values: Sequence[float] | np.ndarray) -> Trend:
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < 3:
        return Trend(0, 0.0, 0.0, 1.0)
    upper = np.triu_indices(n, k=1)
    s = int(np.sign(x[upper[1]] - x[upper[0]]).sum())
    _, ties = np.unique(x, return_counts=True)
    variance = (n * (n - 1) * (2 * n + 5) - float((ties * (ties - 1) * (2 * ties + 5)).sum())) / 18
    if variance <= 0 or s == 0:
        z = 0.0
    else:
        z = (s - 1 if s > 0 else s + 1) / math.sqrt(variance)
    p = float(2 * stats.norm.sf(abs(z)))
    return Trend(s, s / (n * (n - 1) / 2), z, p)


def emerging_category(
    hot: Sequence[bool], cold: Sequence[bool], trend: Trend, *, alpha: float = TREND_ALPHA
) -> str:
    """ESRI's Emerging Hot Spot Analysis category of one location, from whether it was a
    significant hot or cold spot in each time step (oldest first) and the Mann–Kendall trend
    of its Gi* z-scores. Patterns are tried in this order (ESRI's definitions overlap at the
    edges): a location hot in the last step is new, consecutive, intensifying, diminishing,
    persistent, oscillating or sporadic; one hot in at least 90% of the steps but not the last
    is historical; then the same for cold spots; otherwise no pattern."""
    hot_pattern = _pattern(list(hot), list(cold), trend.z, trend.p, alpha)
    if hot_pattern is not None:
        return f"{hot_pattern}-hot"
    cold_pattern = _pattern(list(cold), list(hot), -trend.z, trend.p, alpha)
    if cold_pattern is not None:
        return f"{cold_pattern}-cold"
    return NO_PATTERN


def _pattern(
    spot: list[bool], opposite: list[bool], rising: float, p: float, alpha: float
) -> str | None:
    """The pattern of ``spot`` (hot, or cold with ``opposite`` the hot steps and ``rising``
    the trend turned round): the words of ESRI's definitions, in order."""
    n = len(spot)
    if n == 0:
        return None
    share = sum(spot) / n
    if not spot[-1]:
        # Not a hot spot in the last step, but one for at least 90% of them.
        return "historical" if share >= MOST_OF_THE_TIME else None
    run = 0
    while run < n and spot[n - 1 - run]:
        run += 1
    before_run = spot[: n - run]
    if sum(spot) == 1:
        # Hot in the final step and never before.
        return "new"
    if run >= 2 and not any(before_run) and share < MOST_OF_THE_TIME:
        # One uninterrupted run of at least two at the end, never hot before it, under 90%.
        return "consecutive"
    if share >= MOST_OF_THE_TIME:
        # Hot for 90% of the steps including the last: the trend of its z-scores decides.
        if p < alpha and rising > 0:
            return "intensifying"
        if p < alpha and rising < 0:
            return "diminishing"
        return "persistent"
    # Hot in the last step, on and off before, under 90% of the steps: with a cold spot in its
    # history it oscillates, without one it is sporadic.
    return "oscillating" if any(opposite[:-1]) else "sporadic"


@dataclass(frozen=True)
class Emerging:
    """Per LSOA (lattice order): its category and the Mann–Kendall trend of its z-scores;
    ``z`` is months × LSOAs."""

    categories: list[str]
    trends: list[Trend]
    z: np.ndarray


def emerging_hot_spots(
    monthly: np.ndarray, star_weights: Any, *, alpha: float = EMERGING_ALPHA
) -> Emerging:
    """``monthly``: counts, months (oldest first) × LSOAs in lattice order; ``star_weights``
    from ``Lattice.star_weights`` (or ``weights``, slower)."""
    z_rows, hot_rows, cold_rows = [], [], []
    for counts in monthly:
        result = gi_star(counts, star_weights, permutations=0)
        z = np.nan_to_num(result.z, nan=0.0)
        significant = result.p_fdr <= alpha
        z_rows.append(z)
        hot_rows.append(significant & (z > 0))
        cold_rows.append(significant & (z < 0))
    z_matrix = np.array(z_rows)
    hot, cold = np.array(hot_rows), np.array(cold_rows)
    trends = [mann_kendall(z_matrix[:, i]) for i in range(monthly.shape[1])]
    categories = [
        emerging_category(hot[:, i].tolist(), cold[:, i].tolist(), trends[i])
        for i in range(monthly.shape[1])
    ]
    return Emerging(categories, trends, z_matrix)


# --- concentration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Concentration:
    """How concentrated ``total`` incidents are in ``places`` places."""

    total: int
    places: int
    places_for_half: int  # the fewest places that hold at least half the incidents
    share_for_half: float  # of the places, 0-1
    gini: float
    # (share of places, share of incidents), busiest places first, from (0, 0) to (1, 1).
    curve: list[tuple[float, float]]


def concentration(counts: Sequence[int] | np.ndarray) -> Concentration | None:
    """None when there are no incidents (or no places)."""
    x = np.sort(np.asarray(counts, dtype=float))[::-1]
    n, total = len(x), float(x.sum())
    if n == 0 or total <= 0:
        return None
    cumulative = np.cumsum(x)
    places_for_half = int(np.searchsorted(cumulative, total / 2, side="left")) + 1
    # Gini: the mean absolute difference between two places over twice the mean count.
    ascending = x[::-1]
    ranks = np.arange(1, n + 1)
    gini = float((2 * (ranks * ascending).sum()) / (n * total) - (n + 1) / n)
    curve = [(0.0, 0.0)] + [((k + 1) / n, float(cumulative[k] / total)) for k in range(n)]
    return Concentration(int(total), n, places_for_half, places_for_half / n, gini, curve)


def curve_step(total: int, threshold: int) -> float | None:
    """The rounding a board-facing concentration curve takes (a share: 0.01, 0.05 or 0.10), the
    finest whose step still holds at least ``threshold`` incidents, so that no difference of
    two points pins down a count under the threshold; None when even a tenth of the total is
    under it (no curve is shown)."""
    for step in (0.01, 0.05, 0.10):
        if step * total >= threshold:
            return step
    return None


def rounded_curve(
    curve: Sequence[tuple[float, float]], *, step: float, points: int = 20
) -> list[tuple[float, float]]:
    """The curve read at every 1/``points`` of the places (the last place reached at each),
    shares rounded to ``step``."""
    xs = np.array([c[0] for c in curve])
    ys = np.array([c[1] for c in curve])
    result = [(0.0, 0.0)]
    for k in range(1, points + 1):
        share = k / points
        index = int(np.searchsorted(xs, share - 1e-12, side="left"))
        value = ys[min(index, len(ys) - 1)]
        # Half up, clear of binary fractions (0.75 / 0.1 is 7.4999...).
        result.append((share, round(math.floor(value / step + 0.5 + 1e-9) * step, 4)))
    return result
