"""Reads for the dashboard: the stored figures as plain data (numbers, months, codes), never
display strings or suppression (``disclosure`` and ``pages`` make them fit for a board)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from django.db.models import Max, Q, Sum
from django.utils import timezone

from incidents.models import Area, SourceCoverage
from incidents.months import add_months, latest_complete_month, month_range
from incidents.reference import BOUNDARY_YEAR

from .figures.generation import generation_current
from .measures import MEASURES
from .models import BreakdownFigure, TrendFigure
from .peers import PeerRank, peer_rank, peer_ranks

# A figure depends on the 36 months up to it (its total, and the totals 12 and 24 months before).
_WINDOWS_BACK = 35


def figures_generation() -> int:
    """The generation of the figures this transaction sees: part of every cache key for them."""
    return generation_current()


def default_month() -> date:
    """The latest complete calendar month: no figure defaults to a month still running."""
    return latest_complete_month(timezone.localdate())


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def trend_figure_for(
    *, measure: str, area: Area, month: date | None = None
) -> dict[str, Any] | None:
    """Every figure of one measure, area and month (default: the latest complete month the
    source covers), as the ``figures`` command prints it. None when there is no such figure."""
    rows = TrendFigure.objects.filter(measure=measure, area=area)
    if month is None:
        latest = rows.filter(covered=True, month__lte=default_month()).order_by("-month")
        month = latest.values_list("month", flat=True).first()
        if month is None:
            return None
    figures = trend_figures_between(measure=measure, area=area, first=month, last=month)
    return figures[0] if figures else None


def trend_figures_between(
    *, measure: str, area: Area, first: date, last: date
) -> list[dict[str, Any]]:
    """``trend_figure_for`` for every month from ``first`` to ``last`` that has figures, in
    month order: one query for the figures and the coverage of the months their windows span,
    one for the peer table."""
    first = first.replace(day=1)
    rows = list(
        TrendFigure.objects.filter(
            measure=measure, area=area, month__range=(add_months(first, -_WINDOWS_BACK), last)
        ).order_by("month")
    )
    covered = {row.month: row.covered for row in rows}
    shown = [row for row in rows if row.month >= first]
    ranks = peer_ranks(measure=measure, area_code=area.code, months=[r.month for r in shown])
    imported = _imports_by_month(MEASURES[measure].source, add_months(first, -11), last)
    return [_figure(row, area, ranks, covered, imported) for row in shown]


def _imports_by_month(source: str, first: date, last: date) -> dict[date, datetime]:
    """When the data the source holds for each month was last imported (its latest batch)."""
    rows = (
        SourceCoverage.objects.filter(source=source, month__range=(first, last))
        .values("month")
        .annotate(latest=Max("batch__finished_at"))
        .values_list("month", "latest")
    )
    return {month: latest for month, latest in rows if latest is not None}


def no_data_months(covered: dict[date, bool], end: date) -> list[date]:
    """The months of the 12 months to ``end`` without data: not covered, or before the series
    began. Empty when the window is complete."""
    return [m for m in month_range(add_months(end, -11), end) if not covered.get(m, False)]


def _figure(
    row: TrendFigure,
    area: Area,
    ranks: dict[tuple[date, int], PeerRank],
    covered: dict[date, bool],
    imported: dict[date, datetime],
) -> dict[str, Any]:
    spec = MEASURES[row.measure]
    window = month_range(add_months(row.month, -11), row.month)
    imported_at = max((imported[m] for m in window if m in imported), default=None)
    figure: dict[str, Any] = {
        "measure": row.measure,
        "measure_name": str(spec.name),
        "area": area.code,
        "area_name": area.name,
        "month": f"{row.month:%Y-%m}",
        "count": row.count,
        "covered": row.covered,
        "rolling_12m": row.rolling_12m,
        "previous_12m": row.previous_12m,
        "change_12m_pct": _clean(row.change_12m_pct),
        "rolling_12m_two_years_earlier": row.rolling_12m_two_years_earlier,
        "change_24m_pct": _clean(row.change_24m_pct),
        "p_12m": _clean(row.p_12m),
        "ci_12m_pct": [_clean(row.ci_12m_low), _clean(row.ci_12m_high)],
        "p_24m": _clean(row.p_24m),
        "ci_24m_pct": [_clean(row.ci_24m_low), _clean(row.ci_24m_high)],
        "significant": row.significant_12m,
        "significant_12m": row.significant_12m,
        "significant_24m": row.significant_24m,
        "rate": _clean(row.rate),
        "rate_per": spec.rate_per,
        "population": row.population,
        # Both totals of a change exist only when every month of both windows has data.
        "comparable_12m": row.rolling_12m is not None and row.previous_12m is not None,
        "comparable_24m": (
            row.rolling_12m is not None and row.rolling_12m_two_years_earlier is not None
        ),
        "no_data_months": [f"{m:%Y-%m}" for m in no_data_months(covered, row.month)],
        "previous_no_data_months": [
            f"{m:%Y-%m}" for m in no_data_months(covered, add_months(row.month, -12))
        ],
        "two_years_earlier_no_data_months": [
            f"{m:%Y-%m}" for m in no_data_months(covered, add_months(row.month, -24))
        ],
        "data_vintage": row.data_vintage.isoformat() if row.data_vintage else None,
        # Where the figure comes from and when its data last arrived: every headline says so.
        "source": spec.source,
        "imported_at": imported_at.isoformat() if imported_at else None,
    }
    figure["comparable"] = figure["comparable_12m"] and figure["comparable_24m"]
    for span in (12, 24):
        rank = ranks.get((row.month, span))
        figure[f"peer_rank_{span}m"] = (
            {"rank": rank.rank, "of": rank.of, "change_pct": rank.change_pct} if rank else None
        )
    return figure


# --- series, splits and the areas within an area -------------------------------------------


def figure_months(*, measures: list[str], area: Area) -> list[date]:
    """Complete months the measures' sources cover for the area, ascending (what the "12 months
    to" filter offers; the last is the default)."""
    return list(
        TrendFigure.objects.filter(
            measure__in=measures, area=area, covered=True, month__lte=default_month()
        )
        .order_by("month")
        .values_list("month", flat=True)
        .distinct()
    )


def trend_series(*, measure: str, area: Area, first: date, last: date) -> list[dict[str, Any]]:
    """Month, count (None: no data), 12-month total (None: a month of its window has no data)
    and coverage, ``first`` to ``last`` ascending; months before the series starts are absent."""
    rows = (
        TrendFigure.objects.filter(measure=measure, area=area, month__range=(first, last))
        .order_by("month")
        .values("month", "count", "rolling_12m", "covered")
    )
    return [dict(row) for row in rows]


def trend_series_all(*, measure: str, area: Area) -> list[dict[str, Any]]:
    """``trend_series`` over the whole history."""
    rows = (
        TrendFigure.objects.filter(measure=measure, area=area)
        .order_by("month")
        .values("month", "count", "rolling_12m", "covered")
    )
    return [dict(row) for row in rows]


def breakdown_totals(
    *, measure: str, area: Area, dimension: str, first: date, last: date
) -> dict[str, int]:
    """Incidents of the measure in the area in the covered months from ``first`` to ``last``,
    by offence type or victim age band (key '' for not known)."""
    rows = (
        BreakdownFigure.objects.filter(
            measure=measure, area=area, dimension=dimension, month__range=(first, last)
        )
        .values_list("key")
        .annotate(total=Sum("count"))
    )
    return dict(rows.values_list("key", "total"))


def area_figures(*, measure: str, areas: list[Area], month: date) -> dict[int, dict[str, Any]]:
    """Each area's 12-month total, the previous one, rate and 12-month change for the month, by
    area id; areas without a figure are absent."""
    rows = TrendFigure.objects.filter(measure=measure, area__in=areas, month=month).values(
        "area_id", "rolling_12m", "previous_12m", "rate", "change_12m_pct"
    )
    return {r["area_id"]: dict(r) for r in rows}


def peer_rank_for(*, measure: str, area: Area, month: date) -> dict[str, Any] | None:
    """The peer rank of the area, or failing that of the nearest area above it that a peer table
    ranks (a local authority's force), for the 12 months to ``month``."""
    node: Area | None = area
    while node is not None:
        ranks = {
            span: peer_rank(
                measure=measure, area_code=node.code, period_end=month, span_months=span
            )
            for span in (12, 24)
        }
        ranked = ranks[12] or ranks[24]
        if ranked is not None:
            return {"area": node, "of": ranked.of, "rank_12m": ranks[12], "rank_24m": ranks[24]}
        node = node.parent
    return None


def child_areas(*, area: Area) -> list[Area]:
    """The areas one level down that the dashboards break an area into: a local authority's
    wards, a ward's (2011) LSOAs; none below an LSOA (a 2021 LSOA counts in its 2011 one)."""
    below: dict[str, str] = {
        Area.Level.LOCAL_AUTHORITY: Area.Level.WARD,
        Area.Level.WARD: Area.Level.LSOA,
    }
    level = below.get(area.level)
    if level is None:
        return []
    children = Area.objects.defer("geometry").filter(parent=area, level=level)
    if level == Area.Level.LSOA:
        children = children.filter(vintage=2011)
    return list(children.order_by("name"))


def map_areas(*, scope: Area, level: str) -> list[Area]:
    """The areas a map of ``scope`` shades, by name: its wards, or its (2011) LSOAs."""
    if level == Area.Level.LSOA:
        within = Area.objects.filter(vintage=2011, level=level)
        areas = within.filter(Q(parent=scope) | Q(parent__parent=scope))
    else:
        areas = Area.objects.filter(vintage=BOUNDARY_YEAR, parent=scope, level=Area.Level.WARD)
    return list(areas.order_by("name"))


def filter_areas(*, partnership: Area) -> list[Area]:
    """The areas a page can be filtered to: the partnership's local authority, its wards and
    their 2011 LSOAs (a 2021 LSOA counts in the 2011 one it lies in), in that order."""
    areas = Area.objects.defer("geometry").order_by("name")  # boundaries are for maps only
    wards = list(areas.filter(parent=partnership, level=Area.Level.WARD))
    lsoas = list(areas.filter(parent__in=wards, level=Area.Level.LSOA, vintage=2011))
    return [partnership, *wards, *lsoas]
