"""Reads for the dashboard: trend figures as plain data, with headlines and suppression."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format

from incidents.models import Area
from incidents.months import latest_complete_month
from incidents.reference import BOUNDARY_YEAR

from .headlines import format_pct, headline
from .measures import MEASURES
from .models import BreakdownFigure, TrendFigure, TrendRun
from .peers import PeerRank, peer_rank, peer_ranks
from .suppression import SeriesMarks, is_small, series_marks, threshold_for


def trends_generation() -> int:
    """The id of the latest finished recompute: part of every cache key for figures."""
    return trends_generation_query().first() or 0


def trends_generation_query() -> QuerySet[TrendRun, int]:
    """The latest finished recompute's id, as a query (the page replay asks it in SQL)."""
    finished = TrendRun.objects.filter(finished_at__isnull=False)
    return finished.order_by("-id").values_list("id", flat=True)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def trend_figure_for(
    *, measure: str, area: Area, month: date | None = None
) -> dict[str, Any] | None:
    """Every figure of one measure, area and month (default: the latest complete month with
    data), as the ``figures`` command prints it. None when there is no such figure."""
    rows = TrendFigure.objects.filter(measure=measure, area=area)
    if month is None:
        row = rows.filter(covered=True, month__lte=default_month()).order_by("-month").first()
    else:
        row = rows.filter(month=month.replace(day=1)).first()
    if row is None:
        return None
    return _figure(row, area, peer_ranks(measure=measure, area_code=area.code, months=[row.month]))


def trend_figures_between(
    *, measure: str, area: Area, first: date, last: date
) -> list[dict[str, Any]]:
    """``trend_figure_for`` for every month from ``first`` to ``last`` that has figures, in
    month order, read in one query (and the peer table in one more)."""
    rows = list(
        TrendFigure.objects.filter(
            measure=measure, area=area, month__range=(first.replace(day=1), last)
        ).order_by("month")
    )
    ranks = peer_ranks(measure=measure, area_code=area.code, months=[r.month for r in rows])
    return [_figure(row, area, ranks) for row in rows]


def _figure(
    row: TrendFigure, area: Area, ranks: dict[tuple[date, int], PeerRank]
) -> dict[str, Any]:
    measure = row.measure
    spec = MEASURES[measure]
    threshold = threshold_for(spec.source)
    figure: dict[str, Any] = {
        "measure": measure,
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
        "rate_per_1000": _clean(row.rate_per_1000),
        "rate": _clean(row.rate),
        "rate_unit": spec.rate_label,
        "population": row.population,
        "comparable": row.comparable_12m and row.comparable_24m,
        "comparable_12m": row.comparable_12m,
        "comparable_24m": row.comparable_24m,
        "suppressed": is_small(row.rolling_12m, threshold),
        "data_vintage": row.data_vintage.isoformat() if row.data_vintage else None,
    }
    for span in (12, 24):
        rank = ranks.get((row.month, span))
        figure[f"peer_rank_{span}m"] = (
            {"rank": rank.rank, "of": rank.of, "change_pct": rank.change_pct} if rank else None
        )
    figure["headline"] = headline(
        measure_name=str(spec.name),
        noun=str(spec.noun),
        area_name=area.name,
        month=row.month,
        figure=figure,
        threshold=threshold,
    )
    return figure


OVERVIEW_MEASURES = [
    "serious-violence",
    "knife-crime",
    "knife-crime-under-25",
    "homicide",
    "hospital-knife-assault",
    "violence-and-sexual-offences",
    "possession-of-weapons",
]


def overview_tiles(
    *, area: Area, month: date | None = None, measures: list[str] | None = None
) -> list[dict[str, Any]]:
    """One tile per main measure with figures for the area (for ``month``, default each
    measure's latest), board-ready (``board_figure``)."""
    tiles = []
    for slug in measures if measures is not None else OVERVIEW_MEASURES:
        figure = trend_figure_for(measure=slug, area=area, month=month)
        if figure is not None and figure["covered"]:
            tiles.append(board_figure(figure, series_marks_for(measure=slug, area=area)))
    return tiles


def series_marks_for(*, measure: str, area: Area) -> SeriesMarks:
    """The suppression marks of a measure's whole series in an area (see ``suppression``),
    cached until the next recompute."""
    key = f"series-marks:{trends_generation()}:{measure}:{area.pk}"
    marks = cache.get(key)
    if marks is None:
        rows = list(
            TrendFigure.objects.filter(measure=measure, area=area)
            .order_by("month")
            .values("month", "count", "rolling_12m")
        )
        marks = series_marks(rows, threshold=threshold_for(MEASURES[measure].source))
        cache.set(key, marks, timeout=None)
    return marks


_COUNT_KEYS = ("count", "rolling_12m", "rate", "rate_per_1000", "population")
_CHANGE_KEYS = {
    12: ("previous_12m", "change_12m_pct", "ci_12m_pct", "p_12m", "significant_12m"),
    24: (
        "rolling_12m_two_years_earlier",
        "change_24m_pct",
        "ci_24m_pct",
        "p_24m",
        "significant_24m",
    ),
}


def board_figure(figure: dict[str, Any], marks: SeriesMarks) -> dict[str, Any]:
    """A figure from ``trend_figure_for`` made fit for a board: a hidden 12-month total takes
    its rate with it, and a change (with its interval and test) is shown only when both totals
    it compares are, since either one and the change give the other away. Display strings
    and a headline built from what is left."""
    spec = MEASURES[figure["measure"]]
    month = date.fromisoformat(figure["month"] + "-01")
    figure = dict(figure)
    hidden_total = marks.rolling(month)
    if hidden_total is not None:
        for key in _COUNT_KEYS:
            figure[key] = None
    if marks.count(month) is not None:
        figure["count"] = None
    for span, keys in _CHANGE_KEYS.items():
        if not marks.change_shown(month, span):
            for key in keys:
                figure[key] = None
            figure[f"change_{span}m_hidden"] = figure.get(keys[0]) is None and (
                hidden_total is None
            )
    figure["significant"] = bool(figure.get("significant_12m"))
    figure["rolling_12m_mark"] = hidden_total
    figure["suppressed"] = hidden_total is not None
    r12 = figure["rolling_12m"]
    figure["rolling_12m_display"] = hidden_total or (f"{r12:,}" if r12 is not None else "—")
    for key in ("change_12m_pct", "change_24m_pct"):
        value = figure[key]
        figure[key.replace("_pct", "_display")] = (
            "n/a"
            if value is None
            else ("+" if value > 0 else "−" if value < 0 else "") + format_pct(value)
        )
    figure["headline"] = headline(
        measure_name=str(spec.name),
        noun=str(spec.noun),
        area_name=figure["area_name"],
        month=month,
        figure=figure,
        threshold=marks.threshold,
    )
    figure["month_label"] = date_format(month, "F Y")  # in the active language
    figure["definition"] = spec.definition
    figure["noun"] = spec.noun
    return figure


# --- pages: series, breakdowns and the areas within an area -------------------------------------


def default_month() -> date:
    """The latest complete calendar month: no figure defaults to a month still running."""
    return latest_complete_month(timezone.localdate())


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
    """Month, count (None: no data), rolling 12 months and coverage, ``first`` to ``last``
    ascending; months before the series starts are absent."""
    rows = (
        TrendFigure.objects.filter(measure=measure, area=area, month__range=(first, last))
        .order_by("month")
        .values("month", "count", "rolling_12m", "covered")
    )
    return [dict(row) for row in rows]


def breakdown_totals(
    *, measure: str, area: Area, dimension: str, first: date, last: date
) -> dict[str, int]:
    """Incidents of the measure in the area from ``first`` to ``last`` by offence type or
    victim age band (key '' for not known)."""
    rows = (
        BreakdownFigure.objects.filter(
            measure=measure, area=area, dimension=dimension, month__range=(first, last)
        )
        .values_list("key")
        .annotate(total=Sum("count"))
    )
    return dict(rows.values_list("key", "total"))


def area_figures(*, measure: str, areas: list[Area], month: date) -> dict[int, dict[str, Any]]:
    """Each area's figures for the month (rolling 12 months, the previous 12, rate, 12-month
    change), by area id;
    areas without a figure are absent."""
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
