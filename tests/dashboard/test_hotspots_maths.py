"""The hot-spot maths against values worked out here, independently of esda: the neighbours of
the real Milton Keynes LSOAs measured pair by pair, Getis and Ord's z-score from its formula on
a planted cluster, the conditional permutation p-values from a seeded implementation of their
own (and, with other random numbers, within Monte Carlo error), the FDR classes by hand, the
Mann–Kendall test and ESRI's emerging categories on constructed series, and concentration."""

from __future__ import annotations

import json
import math
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from scipy import stats
from shapely.geometry import shape

from dashboard import hotspots
from dashboard.hotspots import Trend, emerging_category

BOUNDARIES = (
    Path(__file__).resolve().parents[2] / "data" / "geography" / "mk_lsoa11_boundaries.geojson"
)


@pytest.fixture(scope="module")
def geometries() -> dict[str, dict]:
    features = json.loads(BOUNDARIES.read_text())["features"]
    return {f["properties"]["LSOA11CD"]: f["geometry"] for f in features}


@pytest.fixture(scope="module")
def lattice(geometries) -> hotspots.Lattice:
    return hotspots.lattice_from_geometries(geometries)


@pytest.fixture(scope="module")
def pairs_by_hand(geometries) -> set[frozenset[str]]:
    """Every pair of LSOAs whose polygons lie within 5 m, measured one pair at a time in
    British National Grid metres (no spatial index)."""
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    projected = {}
    for code, geometry in geometries.items():
        polygon = shape(geometry)
        projected[code] = shapely.transform(
            polygon, lambda xy: np.column_stack(to_bng.transform(xy[:, 0], xy[:, 1]))
        )
    return {
        frozenset((a, b))
        for a, b in combinations(sorted(projected), 2)
        if projected[a].distance(projected[b]) <= 5.0
    }


def test_neighbours_are_the_polygons_within_five_metres(lattice, pairs_by_hand):
    assert len(lattice) == 152
    found = {frozenset((a, b)) for a, near in lattice.neighbours.items() for b in near}
    assert found == pairs_by_hand
    assert all(a not in near for a, near in lattice.neighbours.items())  # itself not listed
    assert min(len(near) for near in lattice.neighbours.values()) >= 1  # no island


def test_vertex_contiguity_finds_no_neighbours_on_the_shipped_boundaries(geometries, lattice):
    """Why the neighbours come from the geometry: the generalised boundaries' shared corners
    differ in their last digits, so libpysal's vertex-based queen contiguity joins nothing."""
    import warnings

    from libpysal.weights import Queen

    codes = sorted(geometries)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        queen = Queen.from_iterable([shape(geometries[c]) for c in codes])
    assert queen.s0 == 0
    exact = {
        code: {tuple(point) for ring in g["coordinates"] for point in ring}
        for code, g in geometries.items()
        if g["type"] == "Polygon"
    }
    shared = sum(1 for a, b in combinations(sorted(exact), 2) if exact[a] & exact[b])
    real = {frozenset((a, b)) for a, near in lattice.neighbours.items() for b in near}
    assert shared == 0 and len(real) > 400


def _planted(lattice: hotspots.Lattice) -> tuple[np.ndarray, str]:
    """Poisson(3) counts with a cluster planted: one central LSOA and its neighbours hold 25
    more each."""
    rng = np.random.default_rng(7)
    counts = rng.poisson(3, len(lattice)).astype(float)
    centre = max(lattice.codes, key=lambda c: len(lattice.neighbours[c]))
    index = {c: i for i, c in enumerate(lattice.codes)}
    for code in (centre, *lattice.neighbours[centre]):
        counts[index[code]] += 25
    return counts, centre


def _getis_ord_z(counts: np.ndarray, lattice: hotspots.Lattice) -> np.ndarray:
    """Getis and Ord's Gi* z-score with binary weights, the LSOA itself included:
    (sum_j w_ij x_j - W_i xbar) / (s sqrt((n W_i - W_i^2) / (n - 1)))."""
    n = len(counts)
    index = {c: i for i, c in enumerate(lattice.codes)}
    mean = counts.sum() / n
    s = math.sqrt((counts**2).sum() / n - mean**2)
    z = np.empty(n)
    for i, code in enumerate(lattice.codes):
        members = [i, *(index[c] for c in lattice.neighbours[code])]
        weight = len(members)  # W_i = S1_i for binary weights
        local = counts[members].sum()
        z[i] = (local - weight * mean) / (s * math.sqrt((n * weight - weight**2) / (n - 1)))
    return z


def _conditional_p(counts: np.ndarray, lattice: hotspots.Lattice, draws: np.ndarray) -> np.ndarray:
    """Two-sided pseudo p-values by conditional randomisation: each LSOA keeps its own count,
    its k neighbours' are replaced by the counts of draw rows' first k other LSOAs (the
    same draws for every LSOA, indexing the counts with the LSOA itself left out), and the
    share of draws at least as extreme, in the observed direction, is doubled."""
    permutations = len(draws)
    index = {c: i for i, c in enumerate(lattice.codes)}
    total = counts.sum()
    p = np.empty(len(counts))
    for i, code in enumerate(lattice.codes):
        k = len(lattice.neighbours[code])
        observed = (counts[i] + sum(counts[index[c]] for c in lattice.neighbours[code])) / total
        others = np.delete(counts, i)
        simulated = (others[draws[:, :k]].sum(axis=1) + counts[i]) / total
        larger = int((simulated >= observed).sum())
        extreme = min(larger, permutations - larger)
        p[i] = min(1.0, 2 * (extreme + 1) / (permutations + 1))
    return p


def test_gi_star_z_is_getis_and_ords_on_the_milton_keynes_lattice(lattice):
    counts, centre = _planted(lattice)
    result = hotspots.gi_star(counts, lattice.weights)
    assert np.allclose(result.z, _getis_ord_z(counts, lattice), rtol=0, atol=1e-9)
    assert result.z[lattice.codes.index(centre)] > 5  # the planted cluster stands out


def test_permutation_p_values_are_the_seeded_conditional_randomisation(lattice):
    counts, _ = _planted(lattice)
    result = hotspots.gi_star(counts, lattice.weights)
    # The draws: 999 rows of the largest number of neighbours, sampled without replacement
    # from the other 151 LSOAs, from NumPy's generator seeded with the fixed seed.
    np.random.seed(hotspots.SEED)
    widest = max(len(n) for n in lattice.neighbours.values())
    draws = np.array(
        [np.random.choice(len(counts) - 1, size=widest, replace=False) for _ in range(999)]
    )
    assert np.array_equal(result.p, _conditional_p(counts, lattice, draws))
    # The same again: a page is reproducible.
    again = hotspots.gi_star(counts, lattice.weights)
    assert np.array_equal(again.p, result.p) and again.classes == result.classes


def test_permutation_p_values_agree_with_many_more_independent_draws(lattice):
    """With other random numbers (99,999 draws), the p-values agree within Monte Carlo error:
    this fails if the randomisation were not conditional, or one-sided, or not doubled."""
    counts, _ = _planted(lattice)
    result = hotspots.gi_star(counts, lattice.weights)
    rng = np.random.default_rng(12345)
    widest = max(len(n) for n in lattice.neighbours.values())
    draws = np.array(
        [rng.choice(len(counts) - 1, size=widest, replace=False) for _ in range(99_999)]
    )
    reference = _conditional_p(counts, lattice, draws)
    # 999 draws: the standard error of a p-value's estimate is sqrt(p (1 - p) / 999), doubled.
    error = 2 * np.sqrt(np.clip(reference / 2 * (1 - reference / 2), 1e-6, None) / 999)
    assert np.all(np.abs(result.p - reference) <= 4 * error + 2 / 1000)
    # An unconditional permutation (the LSOA's own count reshuffled too) would give different
    # answers for the cluster: the planted centre's p would no longer be the smallest possible.
    assert result.p.min() == pytest.approx(2 / 1000)


def test_fdr_adjusted_p_and_classes_by_hand():
    p = np.array([0.001, 0.004, 0.01, 0.02, 0.03, 0.2, 0.5, 0.6, 0.8, 0.9])
    # p_(k) * n / k from the largest down, never rising: worked by hand.
    expected = np.array([0.01, 0.02, 1 / 30, 0.05, 0.06, 1 / 3, 5 / 7, 0.75, 8 / 9, 0.9])
    adjusted = hotspots.fdr(p)
    assert np.allclose(adjusted, expected)
    z = np.array([3.1, -2.8, 2.5, 2.2, -2.0, 1.5, 0.3, -0.2, 0.1, math.nan])
    assert hotspots.classify(z, adjusted) == [
        "hot-99",
        "cold-95",
        "hot-95",
        "hot-95",
        "cold-90",
        "not-significant",
        "not-significant",
        "not-significant",
        "not-significant",
        "not-significant",
    ]
    # Shuffled, the same p-values keep their adjusted values.
    order = np.array([9, 3, 0, 7, 1, 5, 2, 8, 4, 6])
    assert np.allclose(hotspots.fdr(p[order]), expected[order])


def test_the_planted_cluster_is_hot_and_the_classes_follow_the_fdr(lattice):
    counts, centre = _planted(lattice)
    result = hotspots.gi_star(counts, lattice.weights)
    index = {c: i for i, c in enumerate(lattice.codes)}
    assert result.classes[index[centre]].startswith("hot-")
    adjusted = stats.false_discovery_control(result.p, method="bh")
    for z, q, found in zip(result.z, adjusted, result.classes, strict=True):
        if q <= 0.01:
            level = "99"
        elif q <= 0.05:
            level = "95"
        elif q <= 0.10:
            level = "90"
        else:
            assert found == "not-significant"
            continue
        assert found == ("hot-" if z > 0 else "cold-") + level


def test_equal_counts_have_no_hot_spots(lattice):
    result = hotspots.gi_star(np.full(len(lattice), 4.0), lattice.weights)
    assert set(result.classes) == {"not-significant"}
    assert np.all(np.isnan(result.z))


# --- Mann–Kendall and the emerging categories -------------------------------------------------


def test_mann_kendall_by_hand():
    # [1, 2, 3, 2]: pairs + + + + 0 -, S = 3; one tie of two: var = (4*3*13 - 2*1*9) / 18.
    trend = hotspots.mann_kendall([1, 2, 3, 2])
    variance = (4 * 3 * 13 - 2 * 1 * 9) / 18
    assert trend.s == 3
    assert trend.z == pytest.approx((3 - 1) / math.sqrt(variance))
    assert trend.p == pytest.approx(2 * stats.norm.sf((3 - 1) / math.sqrt(variance)))
    assert trend.tau == pytest.approx(3 / 6)
    rising = hotspots.mann_kendall(list(range(24)))
    assert rising.s == 276 and rising.tau == 1 and rising.p < 1e-8
    falling = hotspots.mann_kendall(list(range(24, 0, -1)))
    assert falling.s == -276 and falling.z < 0
    flat = hotspots.mann_kendall([5] * 24)
    assert flat.s == 0 and flat.p == 1


UP = Trend(200, 0.72, 5.0, 1e-6)
DOWN = Trend(-200, -0.72, -5.0, 1e-6)
NONE = Trend(4, 0.01, 0.1, 0.9)


def _steps(hot: str) -> tuple[list[bool], list[bool]]:
    """'H' a hot month, 'C' a cold one, '.' neither; oldest first."""
    return [c == "H" for c in hot], [c == "C" for c in hot]


@pytest.mark.parametrize(
    ("months", "trend", "expected"),
    [
        ("." * 23 + "H", NONE, "new-hot"),
        ("C" + "." * 22 + "H", NONE, "new-hot"),  # never a hot spot before: new
        ("." * 21 + "HHH", NONE, "consecutive-hot"),
        ("H" * 24, UP, "intensifying-hot"),
        ("." + "H" * 23, UP, "intensifying-hot"),
        ("H" * 24, NONE, "persistent-hot"),
        ("H" * 10 + "." + "H" * 13, NONE, "persistent-hot"),  # 23 of 24: over 90%
        ("H" * 24, DOWN, "diminishing-hot"),
        ("..H.....H....H........HH", NONE, "sporadic-hot"),
        ("..H.....H....H.........H", UP, "sporadic-hot"),
        ("..C.....H....H.........H", NONE, "oscillating-hot"),
        ("CCC" + "." * 18 + "HHH", NONE, "consecutive-hot"),  # the run is its only hot spell
        ("H" * 22 + "..", NONE, "historical-hot"),
        ("H" * 22 + ".C", NONE, "historical-hot"),
        ("H" * 20 + "....", NONE, "no-pattern"),  # 20 of 24 is under 90%, not hot now
        ("." * 23 + "C", NONE, "new-cold"),
        ("." * 20 + "CCCC", NONE, "consecutive-cold"),
        ("C" * 24, DOWN, "intensifying-cold"),
        ("C" * 24, NONE, "persistent-cold"),
        ("C" * 24, UP, "diminishing-cold"),
        (".C....C.....C..........C", NONE, "sporadic-cold"),
        (".H....C.....C..........C", NONE, "oscillating-cold"),
        ("C" * 23 + ".", NONE, "historical-cold"),
        ("." * 24, NONE, "no-pattern"),
        ("....H....H....", NONE, "no-pattern"),  # hot on and off, but not now
    ],
)
def test_emerging_categories_follow_esris_definitions(months, trend, expected):
    hot, cold = _steps(months)
    assert emerging_category(hot, cold, trend) == expected


def test_emerging_hot_spots_label_constructed_series_on_the_real_lattice(lattice):
    """24 months of counts on the real lattice: a cluster there every month whose counts grow
    is intensifying; one that appears only in the last month is new; one there for the first
    22 months only is historical; the rest show no pattern."""
    rng = np.random.default_rng(3)
    n = len(lattice)
    index = {c: i for i, c in enumerate(lattice.codes)}
    by_degree = sorted(lattice.codes, key=lambda c: -len(lattice.neighbours[c]))
    used: set[str] = set()
    centres = []
    for code in by_degree:  # three clusters that do not touch
        block = {code, *lattice.neighbours[code]}
        if not block & used and not any(set(lattice.neighbours[b]) & used for b in block):
            centres.append(code)
            used |= block
        if len(centres) == 3:
            break
    growing, appearing, fading = centres
    monthly = rng.poisson(2, (24, n)).astype(float)
    for month in range(24):
        for code in (growing, *lattice.neighbours[growing]):
            monthly[month, index[code]] += 20 + 3 * month
        if month == 23:
            for code in (appearing, *lattice.neighbours[appearing]):
                monthly[month, index[code]] += 40
        if month < 22:
            for code in (fading, *lattice.neighbours[fading]):
                monthly[month, index[code]] += 40
    result = hotspots.emerging_hot_spots(monthly, lattice.star_weights)
    assert result.categories[index[growing]] == "intensifying-hot"
    assert result.categories[index[appearing]] == "new-hot"
    assert result.categories[index[fading]] == "historical-hot"
    # The z-scores are each month's Gi*: the formula's, month by month, and the same whether
    # esda is given the weights with their diagonal or fills it itself.
    for month in (0, 11, 23):
        assert np.allclose(result.z[month], _getis_ord_z(monthly[month], lattice), atol=1e-9)
    plain = hotspots.emerging_hot_spots(monthly, lattice.weights)
    assert plain.categories == result.categories and np.allclose(plain.z, result.z)


# --- concentration -------------------------------------------------------------------------


def test_concentration_by_hand():
    counts = [0, 1, 10, 3, 1, 5]
    found = hotspots.concentration(counts)
    assert found is not None
    assert found.total == 20 and found.places == 6
    assert found.places_for_half == 1 and found.share_for_half == pytest.approx(1 / 6)
    mean_difference = sum(abs(a - b) for a in counts for b in counts) / 36
    assert found.gini == pytest.approx(mean_difference / (2 * 20 / 6))
    assert found.curve == [
        (0.0, 0.0),
        pytest.approx((1 / 6, 0.5)),
        pytest.approx((2 / 6, 0.75)),
        pytest.approx((3 / 6, 0.9)),
        pytest.approx((4 / 6, 0.95)),
        pytest.approx((5 / 6, 1.0)),
        pytest.approx((1.0, 1.0)),
    ]
    assert hotspots.concentration([0, 0, 0]) is None
    even = hotspots.concentration([4] * 10)
    assert even is not None and even.gini == pytest.approx(0) and even.places_for_half == 5


def test_a_board_curve_is_rounded_to_steps_holding_at_least_the_threshold():
    assert hotspots.curve_step(500, 5) == 0.01
    assert hotspots.curve_step(499, 5) == 0.05
    assert hotspots.curve_step(100, 5) == 0.05
    assert hotspots.curve_step(99, 5) == 0.10
    assert hotspots.curve_step(49, 5) is None
    found = hotspots.concentration([7, 3, 2, 2, 1, 1, 1, 1, 1, 1])
    assert found is not None
    rounded = hotspots.rounded_curve(found.curve, step=0.1, points=10)
    # The busiest tenth held 7 of 20 (35%, rounded to 40%); half the places held 16 (80%).
    assert rounded[1] == (0.1, 0.4) and rounded[5] == (0.5, 0.8) and rounded[10] == (1.0, 1.0)
