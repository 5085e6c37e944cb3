"""Counts and coverage joined into one row a month per measure and area: where coverage is
applied, once. A covered month without incidents counts 0; a month the source does not cover
(or covers only in part) is NaN, "no data", and every later stage keeps it so."""

from __future__ import annotations

import numpy as np
import pandas as pd

SERIES_COLUMNS = ["measure", "area", "month", "count", "covered"]


def _ordinal(months: pd.Series) -> np.ndarray:
    months = pd.to_datetime(months)
    ordinals: np.ndarray = (months.dt.year * 12 + months.dt.month - 1).to_numpy(dtype=np.int64)
    return ordinals


def monthly_series(counts: pd.DataFrame, covered: pd.DataFrame) -> pd.DataFrame:
    """One row per measure, area and month from the pair's first to its last covered month,
    sorted: ``count`` (NaN when the month is not covered) and ``covered``.

    counts: measure, area, month, count (months as first-of-month dates or Timestamps).
    covered: measure, area, month — the months the measure's source covers for the area (and,
    optionally, ``covered``: False for a month that only marks where a series starts)."""
    if covered.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    cov = covered[["measure", "area"]].copy()
    cov["ordinal"] = _ordinal(covered["month"])
    span = cov.groupby(["measure", "area"], as_index=False)["ordinal"].agg(["min", "max"])
    lengths = (span["max"] - span["min"] + 1).to_numpy()
    grid = span.loc[span.index.repeat(lengths), ["measure", "area", "min"]].reset_index(drop=True)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    grid["ordinal"] = grid.pop("min").to_numpy() + offsets
    if "covered" in covered:
        # A row may mark a month a span starts at without covering it (``covered`` False).
        cov["covered"] = covered["covered"].fillna(True).to_numpy(dtype=bool)
        flags = cov.groupby(["measure", "area", "ordinal"], as_index=False)["covered"].max()
    else:
        flags = cov.drop_duplicates().assign(covered=True)
    grid = grid.merge(flags, on=["measure", "area", "ordinal"], how="left")
    grid["covered"] = grid["covered"].fillna(False).astype(bool)
    held = counts[["measure", "area", "count"]].copy()
    held["ordinal"] = (
        _ordinal(counts["month"]) if not counts.empty else np.array([], dtype=np.int64)
    )
    grid = grid.merge(held, on=["measure", "area", "ordinal"], how="left")
    grid["count"] = np.where(grid["covered"], grid["count"].fillna(0).astype(float), np.nan)
    years, months = np.divmod(grid.pop("ordinal").to_numpy(), 12)
    grid["month"] = pd.to_datetime({"year": years, "month": months + 1, "day": 1})
    grid = grid.sort_values(["measure", "area", "month"], ignore_index=True)
    return grid[SERIES_COLUMNS]


def covered_splits(splits: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """The split counts of the months the series covers, and only those: a split's total is
    then always the series' total over the same months (a part-covered hospital month's
    attendances, "no data" in the series, are in no split either)."""
    if splits.empty:
        return splits
    covered = series.loc[series["covered"], ["measure", "area", "month"]]
    keep = splits.assign(month=pd.to_datetime(splits["month"])).merge(
        covered.assign(month=pd.to_datetime(covered["month"])),
        on=["measure", "area", "month"],
        how="inner",
    )
    return keep[list(splits.columns)]
