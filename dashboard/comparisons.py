"""How an area compares with every other area of its level in England and Wales (local
authorities, community safety partnerships or police force areas), read from the stored figures
and worked out with ``figures.compare``: the funnel plot, the rank of its 12-month and two-year
changes with intervals, and its most similar areas. Only areas whose windows are complete take
part; the rest are listed as left out, with the months they lack. Cached per figures
generation (the reading and the simulation take a few tens of milliseconds)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import numpy as np
import pandas as pd
from django.core.cache import cache

from incidents.models import Area, AreaProfile
from incidents.months import add_months, month_range

from .figures import compare
from .figures.generation import generation_current
from .measures import MEASURES
from .memo import ProcessMemo
from .models import TrendFigure

LEVELS = (Area.Level.LOCAL_AUTHORITY, Area.Level.CSP, Area.Level.FORCE)
CACHE_SECONDS = 24 * 3600
# Keyed on the generation, as the shared cache is: a recompute makes every entry unreachable.
_COMPARISONS = ProcessMemo(size=64, seconds=CACHE_SECONDS)


@dataclass
class Ranked:
    rank: int
    low: int
    high: int
    of: int
    change_pct: float


@dataclass
class Comparison:
    measure: str
    month: date
    level: str
    code: str
    per: int  # rates per this many residents
    areas: pd.DataFrame  # every area of the level: see ``comparison_for``
    national_rate: float | None
    ranks: dict[int, Ranked | None] = field(default_factory=dict)  # span -> the area's rank
    ranked: dict[int, int] = field(default_factory=dict)  # span -> areas ranked
    # span -> every ranked area's rank, by code
    all_ranks: dict[int, dict[str, compare.RankedChange]] = field(default_factory=dict)
    similar: pd.DataFrame = field(default_factory=pd.DataFrame)
    group: compare.GroupComparison | None = None
    # Every area as the API publishes it, by the threshold of its reader: made once for the
    # comparison this process holds.
    published_rows: dict[int | None, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def mine(self) -> dict[str, Any] | None:
        found = self.areas[self.areas["code"] == self.code]
        return found.iloc[0].to_dict() if len(found) else None

    @property
    def excluded(self) -> pd.DataFrame:
        """Areas left out of the funnel and the ranks, with why (their months without data)."""
        return self.areas[self.areas["no_data"].map(bool)]

    def as_json(self) -> dict[str, Any]:
        """What ``figures --json`` gives under ``compare``."""
        mine = self.mine or {}
        rank = self.ranks.get(12)
        two = self.ranks.get(24)
        return {
            "level": self.level,
            "rank_12m": rank.rank if rank else None,
            "rank_12m_low": rank.low if rank else None,
            "rank_12m_high": rank.high if rank else None,
            "rank_24m": two.rank if two else None,
            "rank_24m_low": two.low if two else None,
            "rank_24m_high": two.high if two else None,
            "areas_ranked": self.ranked.get(12, 0),
            "areas_excluded": len(self.excluded),
            "funnel": mine.get("funnel") or None,
            "national_rate": self.national_rate,
            "similar_areas": list(self.similar["code"]) if len(self.similar) else [],
            "similar_verdict": self.group.verdict if self.group else None,
        }


def comparison_for(*, measure: str, area: Area, month: date) -> Comparison | None:
    """``area`` among every area of its level for the 12 months to ``month``; None when the
    level is not compared (a ward, an LSOA) or the measure is not police.uk's.

    ``areas`` has one row per area of the level: code, name, count (the 12-month total, None
    when its window lacks data), previous and two_years (the totals 12 and 24 months before),
    population, rate, funnel ("within", "above 95%", ...; "" when left out), and no_data (the
    months its windows lack, YYYY-MM)."""
    spec = MEASURES[measure]
    if area.level not in LEVELS or not spec.police_category:
        return None
    key = f"comparison:{generation_current()}:{measure}:{area.level}:{month:%Y-%m}"
    # The whole comparison is held in this process too (the API asks for it on every request):
    # no unpickling of every area's frame, no similar areas worked out again. Read-only.
    held = _COMPARISONS.get((key, area.code))
    if held is not None:
        return cast(Comparison, held)
    found = cache.get(key)
    if found is None:
        found = _comparison_all(measure, area.level, month)
        cache.set(key, found, CACHE_SECONDS)
    areas, national_rate, changes, features = found
    result = Comparison(
        measure=measure,
        month=month,
        level=area.level,
        code=area.code,
        per=spec.rate_per,
        areas=areas,
        national_rate=national_rate,
    )
    result.all_ranks = changes
    for span, ranked in changes.items():
        result.ranked[span] = len(ranked)
        mine = ranked.get(area.code)
        result.ranks[span] = (
            Ranked(mine.rank, mine.low, mine.high, mine.of, mine.change_pct) if mine else None
        )
    _with_similar(result, features, spec.rate_per)
    _COMPARISONS.put((key, area.code), result)
    return result


def comparisons_forget() -> None:
    """Forget the comparisons this process holds."""
    _COMPARISONS.clear()


def _comparison_all(
    measure: str, level: str, month: date
) -> tuple[pd.DataFrame, float | None, dict[int, dict[str, compare.RankedChange]], pd.DataFrame]:
    """The part of a comparison that is the same for every area of the level."""
    spec = MEASURES[measure]
    areas = list(
        Area.objects.defer("geometry").filter(level=level).values_list("id", "code", "name")
    )
    ids = [a[0] for a in areas]
    rows = TrendFigure.objects.filter(
        measure=measure, area_id__in=ids, month__range=(add_months(month, -35), month)
    ).values_list("area_id", "month", "covered", "rolling_12m", "population")
    covered: dict[int, set[date]] = {}
    totals: dict[tuple[int, date], int | None] = {}
    population: dict[int, int | None] = {}
    for area_id, row_month, is_covered, total, people in rows:
        if is_covered:
            covered.setdefault(area_id, set()).add(row_month)
        totals[(area_id, row_month)] = total
        if row_month == month:
            population[area_id] = people
    window = month_range(add_months(month, -11), month)
    frame = pd.DataFrame(
        {
            "id": ids,
            "code": [a[1] for a in areas],
            "name": [a[2] for a in areas],
            "count": [totals.get((i, month)) for i in ids],
            "previous": [totals.get((i, add_months(month, -12))) for i in ids],
            "two_years": [totals.get((i, add_months(month, -24))) for i in ids],
            "population": [population.get(i) for i in ids],
            "no_data": [
                [f"{m:%Y-%m}" for m in window if m not in covered.get(i, set())] for i in ids
            ],
        }
    )
    frame["funnel"] = ""
    frame["rate"] = np.nan
    usable = frame["count"].notna() & frame["population"].fillna(0).gt(0)
    national_rate = None
    if usable.any():
        part = frame[usable].astype({"count": float, "population": float})
        national_count, national_population = part["count"].sum(), part["population"].sum()
        placed = compare.funnel(
            part[["code", "count", "population"]],
            national_count=national_count,
            national_population=national_population,
            per=spec.rate_per,
        )
        frame.loc[usable, "funnel"] = placed["funnel"].to_numpy()
        frame.loc[usable, "rate"] = placed["rate"].to_numpy()
        national_rate = national_count / national_population * spec.rate_per
    changes = {}
    for span, base in ((12, "previous"), (24, "two_years")):
        both = frame[frame["count"].notna() & frame[base].notna()]
        changes[span] = compare.rank_changes(
            pd.DataFrame({"code": both["code"], "now": both["count"], "base": both[base]})
        )
    profiles = AreaProfile.objects.filter(area_id__in=ids).order_by("area_id", "-year")
    latest: dict[int, tuple[float, float, float]] = {}
    for area_id, deprivation, density, young, people in profiles.values_list(
        "area_id", "deprivation", "density", "aged_15_24", "population"
    ):
        latest.setdefault(area_id, (deprivation, density, young / people if people else np.nan))
    features = frame[["code", "name", "count", "population"]].assign(
        deprivation=[latest.get(i, (np.nan,) * 3)[0] for i in ids],
        density=[latest.get(i, (np.nan,) * 3)[1] for i in ids],
        share_15_24=[latest.get(i, (np.nan,) * 3)[2] for i in ids],
    )
    return frame.drop(columns=["id"]), national_rate, changes, features


def _with_similar(result: Comparison, features: pd.DataFrame, per: int) -> None:
    """The area's most similar areas, and its rate against their pooled rate (those of them
    whose window is complete)."""
    similar = compare.similar_areas(features, result.code)
    result.similar = similar
    mine = result.mine
    if not len(similar) or mine is None or pd.isna(mine["count"]) or pd.isna(mine["population"]):
        return
    usable = similar[similar["count"].notna() & similar["population"].fillna(0).gt(0)]
    if usable.empty:
        return
    result.group = compare.against_group(
        count=int(mine["count"]),
        population=float(mine["population"]),
        group_count=int(usable["count"].sum()),
        group_population=float(usable["population"].sum()),
        per=per,
    )
