"""Small-number suppression that arithmetic cannot undo: the one policy every board-facing
table, chart, tile, headline, map and CSV goes through.

A view shows counts tied together by sums: a 12-month total is the sum of its months, a table's
total the sum of its rows. Hiding the small counts is not enough when the shown counts and the
sums give a hidden one back ("15 in the year, the other 11 months shown"), so:

1. **Primary**: a count from 1 to threshold − 1 is hidden, marked "<5" (the threshold).
2. **Secondary**: while an attacker who knows every shown cell, every sum, and the bounds the
   marks give away (a "<5" cell is 1..4, a "[c]" cell at least 5) could work out a hidden value
   exactly, one more shown cell taking part in a sum with it is hidden, marked ``[c]`` — the
   cheapest one whose hiding protects it (the smallest count by default).
3. **Zero** is shown as 0 and never serves as the second hidden cell (it hides nothing); a
   month without data is "no data", not a cell.

The attacker is exact: linear algebra finds values fixed by the sums alone, and a linear
programme finds the ones the bounds pin down (two "<5" cells summing to 2 are both 1). The
threshold is the source's (``thresholds``): hospital data follows NHS disclosure control for
emergency care (1–7 hidden), partnership data 5, police.uk data the configured value.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

# Candidates tried, cheapest first, for the one whose hiding protects an exposed cell.
MAX_TRIALS = 8
PRIMARY = "primary"
SECONDARY = "secondary"
# A cell not published at all (a column left out): the reader knows only that it is at least 0.
# It needs protecting only when it is small: a zero or a large count worked out is no harm.
WITHHELD = "withheld"
SECONDARY_MARK = "[c]"
SECONDARY_NOTE = (
    "[c] = not shown, so that a number under {threshold} cannot be worked out from the others."
)
Key = Hashable


def primary_mark(threshold: int) -> str:
    return f"<{threshold}"


def is_small(count: float | None, threshold: int) -> bool:
    return count is not None and 0 < count < threshold


@dataclass
class Relation:
    """Σ coefficient × cell = constant: e.g. a total minus its parts = what lies outside them."""

    terms: list[tuple[Key, int]]
    constant: float = 0


@dataclass
class Cells:
    """Cells (key → count; None for "no data") and the sums that tie them."""

    threshold: int
    values: dict[Key, float | None] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    # Cells hidden whatever their value (e.g. a total another view already hides).
    forced: dict[Key, str] = field(default_factory=dict)

    def add(self, key: Key, value: float | None) -> None:
        self.values[key] = value

    def total(
        self,
        total: Key | None,
        parts: Iterable[Key],
        *,
        outside: float = 0,
        known_total: float | None = None,
    ) -> None:
        """``total`` = Σ ``parts`` + ``outside`` (what the total holds beyond the parts, e.g.
        incidents placed in no ward). With ``total`` None the sum is ``known_total`` itself (a
        figure the reader knows from elsewhere)."""
        terms = [(p, 1) for p in parts]
        if total is not None:
            self.relations.append(Relation([(total, -1), *terms], -outside))
        elif known_total is not None:
            self.relations.append(Relation(terms, known_total - outside))


def suppress(cells: Cells, *, cost: Callable[[Key, float], float] | None = None) -> dict[Key, str]:
    """The hidden cells and why (``PRIMARY`` or ``SECONDARY``); every other cell may be shown.
    ``cost`` ranks the cells that could be hidden second (default: the smallest count)."""
    t = cells.threshold
    hidden: dict[Key, str] = dict(cells.forced)
    for key, value in cells.values.items():
        if key not in hidden and is_small(value, t):
            hidden[key] = PRIMARY
    if not hidden:
        return hidden
    rank = cost or (lambda _key, value: value)
    relations = [r for r in cells.relations if all(k in cells.values for k, _ in r.terms)]
    for _ in range(len(cells.values)):
        exposed = _exposed(cells, relations, hidden)
        if not exposed:
            return hidden
        _hide_one_more(cells, relations, hidden, exposed, rank)
    return hidden


def _hide_one_more(
    cells: Cells,
    relations: list[Relation],
    hidden: dict[Key, str],
    exposed: list[Key],
    rank: Callable[[Key, float], float],
) -> None:
    """Hide the cheapest shown, non-zero cell sharing a sum with the first exposed cell,
    preferring one whose hiding alone protects it."""
    target = exposed[0]
    near = {k for r in relations if any(k == target for k, _ in r.terms) for k, _ in r.terms}
    candidates = _hideable(cells, hidden, near) or _hideable(
        cells, hidden, {k for r in relations for k, _ in r.terms}
    )
    if not candidates:
        # Nothing left to hide beside it: the value is only protected by hiding every sum.
        for r in relations:
            for k, _ in r.terms:
                if k not in hidden and cells.values.get(k) is not None:
                    hidden[k] = SECONDARY
        return
    candidates.sort(key=lambda k: (rank(k, cells.values[k] or 0), repr(k)))
    for key in candidates[:MAX_TRIALS]:
        trial = {**hidden, key: SECONDARY}
        if target not in _linearly_fixed(cells, relations, trial):
            hidden[key] = SECONDARY
            return
    hidden[candidates[0]] = SECONDARY


def _hideable(cells: Cells, hidden: Mapping[Key, str], keys: set[Key]) -> list[Key]:
    return [k for k in keys if k not in hidden and (cells.values.get(k) or 0) > 0]


def _system(
    cells: Cells, relations: list[Relation], hidden: Mapping[Key, str]
) -> tuple[list[Key], np.ndarray, np.ndarray]:
    """The sums as equations in the hidden cells: A x = b, the shown cells moved across."""
    keys = sorted(hidden, key=repr)
    index = {k: i for i, k in enumerate(keys)}
    rows, rhs = [], []
    for r in relations:
        if not any(k in index for k, _ in r.terms):
            continue
        row = np.zeros(len(keys))
        b = r.constant
        for k, coef in r.terms:
            if k in index:
                row[index[k]] += coef
            else:
                b -= coef * (cells.values[k] or 0)
        rows.append(row)
        rhs.append(b)
    if not rows:
        return keys, np.zeros((0, len(keys))), np.zeros(0)
    return keys, np.array(rows), np.array(rhs)


def _linearly_fixed(cells: Cells, relations: list[Relation], hidden: Mapping[Key, str]) -> set[Key]:
    """Hidden cells the sums alone determine: those on which every solution of A x = 0 is 0."""
    keys, a, _ = _system(cells, relations, hidden)
    if a.shape[0] == 0:
        return set()
    # Cell j is fixed when the unit vector e_j lies in the row space of A: the projection onto
    # the row space (from the reduced SVD) then holds all of it, P[j, j] = 1.
    _, s, vt = np.linalg.svd(a, full_matrices=False)
    rank = int((s > 1e-9 * max(1.0, s.max() if s.size else 1.0)).sum())
    inside = (vt[:rank] ** 2).sum(axis=0)
    return {k for k, share in zip(keys, inside, strict=True) if share > 1 - 1e-9}


def _exposed(cells: Cells, relations: list[Relation], hidden: Mapping[Key, str]) -> list[Key]:
    """Hidden cells an attacker can work out (the first found): by the sums alone, or by the
    sums with the bounds the marks give (a primary is 1..threshold − 1, a secondary at least
    the threshold)."""
    fixed = {k for k in _linearly_fixed(cells, relations, hidden) if _sensitive(cells, hidden, k)}
    if fixed:
        return sorted(fixed, key=repr)
    return bounded_exposures(cells, relations, hidden, first_only=True)


# What each mark tells a reader about the hidden value (lower, upper; None: unbounded).
_BOUNDS: dict[str, Callable[[int], tuple[float, float | None]]] = {
    PRIMARY: lambda t: (1, t - 1),
    SECONDARY: lambda t: (t, None),
    WITHHELD: lambda t: (0, None),
}


def _sensitive(cells: Cells, hidden: Mapping[Key, str], key: Key) -> bool:
    return hidden[key] != WITHHELD or is_small(cells.values.get(key), cells.threshold)


def bounded_exposures(
    cells: Cells, relations: list[Relation], hidden: Mapping[Key, str], *, first_only: bool = False
) -> list[Key]:
    """Hidden cells whose range, given the sums and the marks' bounds, holds one whole number."""
    from scipy.optimize import linprog

    keys, a, b = _system(cells, relations, hidden)
    if a.shape[0] == 0:
        return []
    t = cells.threshold
    bounds = [_BOUNDS[hidden[k]](t) for k in keys]
    involved = np.abs(a).sum(axis=0) > 0
    x = np.array([cells.values[k] or 0 for k in keys], dtype=float)
    loose = _free_to_move(a, b, x, bounds)
    exposed = []
    for i, key in enumerate(keys):
        if not involved[i] or loose[i] or not _sensitive(cells, hidden, key):
            continue
        c = np.zeros(len(keys))
        c[i] = 1
        low = linprog(c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        if low.status != 0 or high.status != 0:
            continue  # unbounded above (a secondary) or no feasible point: not pinned
        if np.ceil(low.fun - 1e-6) >= np.floor(-high.fun + 1e-6):
            exposed.append(key)
            if first_only:
                break
    return exposed


def _free_to_move(
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    bounds: list[tuple[float, float | None]],
    rounds: int = 12,
) -> np.ndarray:
    """Cells shown not to be pinned with a few linear programmes for all of them at once: the
    true values and the corners reached by random objectives are all points the attacker
    cannot rule out; a cell that takes values two whole numbers apart among them is not
    pinned. The rest get a linear programme each."""
    from scipy.optimize import linprog

    lowest, highest = x.copy(), x.copy()
    loose = np.zeros(len(x), dtype=bool)
    rng = np.random.default_rng(0)
    idle = 0
    for _ in range(rounds):
        open_cells = ~loose
        if not open_cells.any() or idle >= 2:
            break
        c = np.where(open_cells, rng.choice([-1.0, 1.0], size=len(x)), 0.0)
        found = linprog(c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        if found.status != 0:
            idle += 1
            continue
        lowest, highest = np.minimum(lowest, found.x), np.maximum(highest, found.x)
        newly = ~loose & (np.ceil(lowest - 1e-6) < np.floor(highest + 1e-6))
        idle = 0 if newly.any() else idle + 1
        loose |= newly
    return loose
