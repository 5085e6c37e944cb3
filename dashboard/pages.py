"""What each dashboard page shows, built from trend and breakdown figures (never incidents):
headline figures, and charts each with the table beside it, suppressed for a board.

Views call these and render; the result is plain data, cached per recompute generation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from incidents.formats import ASSAULT_METHODS
from incidents.models import AgeBand, Area, OffenceType, Source
from incidents.months import add_months, month_range
from incidents.reference import BOUNDARY_YEAR
from strategy.selectors import StrategySummary, strategy_summary

from . import charts
from .charts import Series
from .filters import SOURCE_LABELS, Filters
from .measures import MEASURES, Measure
from .models import BreakdownFigure
from .selectors import (
    OVERVIEW_MEASURES,
    area_figures,
    board_figure,
    breakdown_totals,
    figure_months,
    overview_tiles,
    peer_rank_for,
    trend_figure_for,
    trend_series,
)
from .suppression import hidden_cells, is_small
from .tables import Column, Table

# The measures drawn together on the overview's trend chart, by source filter.
TREND_MEASURES = {
    "": ["serious-violence", "knife-crime", "knife-crime-under-25"],
    Source.PARTNERSHIP.value: ["serious-violence", "knife-crime", "knife-crime-under-25",
                               "gun-crime"],
    Source.POLICEUK_STREET.value: ["violence-and-sexual-offences", "robbery",
                                   "possession-of-weapons", "drugs"],
    Source.HOSPITAL.value: ["hospital-knife-assault"],
}  # fmt: skip
NOT_KNOWN = "Not known"


@dataclass
class Chart:
    slug: str
    title: str
    summary: str  # what the chart shows, in a sentence (also its accessible description)
    table: Table
    figure: dict[str, Any] | None = None
    empty: str = ""  # shown instead of the chart when there is nothing to draw
    wide: bool = False  # the table sits below rather than beside

    @property
    def script_id(self) -> str:
        return f"chart-{self.slug}-data"


@dataclass
class Page:
    title: str
    charts: list[Chart] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    def chart(self, slug: str) -> Chart | None:
        return next((c for c in self.charts if c.table.slug == slug), None)


def _threshold() -> int:
    return settings.SUPPRESSION_THRESHOLD


def _cell(value: int | None, hidden: bool = False) -> tuple[int | None, int | str | None]:
    """(value to draw, value to show): a small or hidden count is drawn as nothing, shown "<5"."""
    if value is None:
        return None, None
    if hidden or is_small(value, _threshold()):
        return None, f"<{_threshold()}"
    return value, value


def _shown(value: int | str | None) -> str:
    if value is None:
        return "no data"
    return value if isinstance(value, str) else f"{value:,}"


def _plot(series: Series, value: int | None, hidden: bool = False) -> int | str | None:
    """Add a count to a chart series, suppressed as its table shows it; return the table cell."""
    drawn, cell = _cell(value, hidden)
    series.values.append(drawn)
    series.shown.append(_shown(cell))
    return cell


def _end_month(filters: Filters, months: list[date]) -> date | None:
    if not months:
        return None
    return filters.end if filters.end in months else months[-1]


# --- measure page ------------------------------------------------------------------------------


def measure_page(*, slug: str, filters: Filters) -> Page:
    spec = MEASURES[slug]
    area = filters.area
    months = figure_months(measures=[slug], area=area)
    page = Page(
        title=spec.name,
        context={"measure": spec, "months": months, "area": area,
                 "source_label": SOURCE_LABELS[spec.source]},
    )  # fmt: skip
    end = _end_month(filters, months)
    if end is None:
        return page
    figure = trend_figure_for(measure=slug, area=area, month=end)
    if figure is None:
        return page
    first = add_months(end, -(filters.period - 1))
    span_years = max(2, filters.period // 12)
    series = {
        row["month"]: row
        for row in trend_series(
            measure=slug, area=area, first=add_months(end, -(12 * span_years - 1)), last=end
        )
    }
    page.context.update(
        end=end,
        figure=board_figure(figure),
        peer=peer_rank_for(measure=slug, area=area, month=end),
        end_was_moved=filters.end is not None and filters.end != end,
    )
    page.charts.append(_monthly_chart(spec, series, month_range(first, end)))
    page.charts.append(_years_chart(spec, series, end, span_years))
    period = f"{first:%B %Y} to {end:%B %Y}"
    page.charts.append(_category_chart(spec, area, first, end, period))
    page.charts.append(_areas_chart(spec, area, end))
    page.charts.append(_age_chart(spec, area, first, end, period))
    return page


def _monthly_chart(spec: Measure, series: dict[date, dict[str, Any]], months: list[date]) -> Chart:
    table = Table(
        "month-by-month", f"{spec.name}, month by month",
        [Column("Month", "month"), Column(f"{spec.noun.capitalize()} in the month", "count"),
         Column("In the 12 months to the month", "count")],
    )  # fmt: skip
    counts, rolling = Series(), Series()
    for month in months:
        row = series.get(month, {})
        table.rows.append([month, _plot(counts, row.get("count")),
                           _plot(rolling, row.get("rolling_12m"))])  # fmt: skip
    return Chart(
        "month-by-month", "Month by month",
        f"Bars: {spec.noun} each month. Line: {spec.noun} in the 12 months to each month, which "
        "smooths out the ups and downs between months.",
        table,
        charts.monthly(months=months, counts=counts, rolling=rolling, noun=spec.noun),
    )  # fmt: skip


def _years_chart(
    spec: Measure, series: dict[date, dict[str, Any]], end: date, span_years: int
) -> Chart:
    years = [add_months(end, -12 * k) for k in reversed(range(span_years))]  # oldest first
    labels = [f"12 months to {y:%b %Y}" for y in years]
    table = Table(
        "year-on-year", f"{spec.name}: each month against the same month in earlier years",
        [Column("Month"), *(Column(label, "count") for label in labels)],
    )  # fmt: skip
    lines = [Series(label) for label in labels]
    names = []
    for offset in range(-11, 1):
        names.append(f"{add_months(end, offset):%b}")
        table.rows.append([
            names[-1],
            *(_plot(line, series.get(add_months(year_end, offset), {}).get("count"))
              for line, year_end in zip(lines, years, strict=True)),
        ])  # fmt: skip
    return Chart(
        "year-on-year", "This year against earlier years",
        f"{spec.noun.capitalize()} each month of the 12 months to {end:%B %Y}, against the same "
        "months a year (and two years) before.",
        table,
        charts.years(month_names=names, series=lines, noun=spec.noun),
    )  # fmt: skip


def _group_table(
    table: Table, counts: dict[str, int | None], labels: dict[str, str], order: Sequence[str],
    highlight_keys: set[str] | None = None,
) -> tuple[list[str], Series]:  # fmt: skip
    """Fill a table of a group of counts with a total row, suppressing small cells and, since
    the total is shown, the next smallest where one alone would be revealed; return the
    chart's labels and bars."""
    hidden = hidden_cells(counts, threshold=_threshold())
    bars = Series()
    for index, key in enumerate(order):
        table.rows.append([labels[key], _plot(bars, counts[key], key in hidden)])
        if highlight_keys and key in highlight_keys:
            table.highlight.add(index)
    total = sum(v for v in counts.values() if v)
    table.footer = ["Total", _cell(total)[1]]
    return [labels[key] for key in order], bars


_ASSAULT_METHOD_LABELS = {value: label for label, value in ASSAULT_METHODS.items()}


def _category_label(key: str) -> str:
    """An offence type (partnership data) or assault method (hospital data) in plain English."""
    if key in OffenceType.values:
        return OffenceType(key).label
    return _ASSAULT_METHOD_LABELS.get(key, key) or "Not recorded"


def _category_chart(spec: Measure, area: Area, first: date, end: date, period: str) -> Chart:
    table = Table("by-offence-type", f"{spec.name} by offence type, {period}",
                  [Column("Offence type"), Column(spec.noun.capitalize(), "count")])  # fmt: skip
    chart = Chart("by-offence-type", "By offence type",
                  f"{spec.noun.capitalize()} of each offence type, {period}.", table)  # fmt: skip
    if spec.police_category:
        chart.empty = (
            "data.police.uk publishes each crime type as a whole: there is no finer offence "
            "type to break this measure down by."
        )
        return chart
    counts = breakdown_totals(measure=spec.slug, area=area, first=first, last=end,
                              dimension=BreakdownFigure.Dimension.CATEGORY)  # fmt: skip
    if not counts:
        chart.empty = f"No {spec.noun} in this period."
        return chart
    order = sorted(counts, key=lambda k: (-counts[k], _category_label(k)))
    names, bars = _group_table(table, dict(counts), {k: _category_label(k) for k in counts}, order)
    chart.figure = charts.bars(labels=names, series=bars, noun=spec.noun)
    return chart


def _age_chart(spec: Measure, area: Area, first: date, end: date, period: str) -> Chart:
    table = Table("by-victim-age", f"{spec.name} by the victim's age, {period}",
                  [Column("Victim's age"), Column(spec.noun.capitalize(), "count")],
                  note="People aged 16 to 24 are highlighted: the Serious Violence Duty's "
                       "focus.")  # fmt: skip
    chart = Chart("by-victim-age", "By the victim's age",
                  f"{spec.noun.capitalize()} by the age of the victim, {period}. Ages 16 to 24 "
                  "are highlighted.", table)  # fmt: skip
    if spec.police_category:
        chart.empty = "data.police.uk does not record the victim's age."
        return chart
    counts = breakdown_totals(measure=spec.slug, area=area, first=first, last=end,
                              dimension=BreakdownFigure.Dimension.AGE_BAND)  # fmt: skip
    if not counts:
        chart.empty = f"No {spec.noun} in this period."
        return chart
    order = [b.value for b in AgeBand if b.value in counts] + ([""] if "" in counts else [])
    labels = {b.value: b.label for b in AgeBand} | {"": NOT_KNOWN}
    names, bars = _group_table(
        table, {k: counts[k] for k in order}, labels, order,
        highlight_keys={AgeBand.AGED_16_24.value},
    )  # fmt: skip
    chart.figure = charts.bars(labels=names, series=bars, noun=spec.noun,
                               highlight=table.highlight)  # fmt: skip
    return chart


def child_areas(area: Area) -> list[Area]:
    """The areas one level down that the dashboards break an area into: a local authority's
    wards, a ward's (2011) LSOAs; none below an LSOA."""
    below = {Area.Level.LOCAL_AUTHORITY: Area.Level.WARD, Area.Level.WARD: Area.Level.LSOA}
    level = below.get(area.level)
    if level is None:
        return []
    children = Area.objects.defer("geometry").filter(parent=area, level=level)
    if level == Area.Level.LSOA:
        children = children.filter(vintage=2011)
    return list(children.order_by("name"))


def _areas_chart(spec: Measure, area: Area, end: date) -> Chart:
    children = child_areas(area)
    kind = "ward" if area.level == Area.Level.LOCAL_AUTHORITY else "neighbourhood (LSOA)"
    table = Table(
        "by-area", f"{spec.name} by {kind}, 12 months to {end:%B %Y}",
        [Column(kind.capitalize()), Column(f"{spec.noun.capitalize()} in 12 months", "count"),
         Column(f"Rate {spec.rate_label}", "rate"), Column("Change on previous 12 months", "pct")],
    )  # fmt: skip
    chart = Chart("by-area", f"By {kind}",
                  f"{spec.noun.capitalize()} in the 12 months to {end:%B %Y} in each {kind}.",
                  table)  # fmt: skip
    if spec.source == Source.HOSPITAL:
        chart.empty = (
            "Hospital extracts place attendances in the local authority only, not in a ward "
            "or neighbourhood, so they cannot be split by area."
        )
        return chart
    if not children:
        chart.empty = "This is the smallest area the figures are kept for."
        return chart
    cells = _area_cells(spec.slug, children, end)
    if not any(c.count for c in cells):
        chart.empty = f"No {spec.noun} in the 12 months to {end:%B %Y}."
        return chart
    cells.sort(key=lambda c: (-(c.count or 0), c.area.name))
    bars = Series()
    for c in cells:
        table.rows.append([c.area.name, c.cell, c.rate, c.change])
        bars.values.append(c.drawn)
        bars.shown.append(_shown(c.cell))
    chart.figure = charts.bars(labels=[c.area.name for c in cells], series=bars, noun=spec.noun,
                               value_title=f"{spec.noun.capitalize()} in 12 months")  # fmt: skip
    return chart


@dataclass
class _AreaCells:
    area: Area
    count: int | None  # the 12-month count itself, for ordering only
    drawn: int | None  # what a chart may draw
    cell: int | str | None  # what a table shows
    rate: float | str | None
    change: float | str | None


def _area_cells(measure: str, areas: list[Area], month: date) -> list[_AreaCells]:
    """Each area's 12-month count, rate and 12-month change for a board, in ``areas`` order.
    The counts are suppressed as a group (their total is shown elsewhere on the page), and a
    hidden count's rate and change are hidden with it: either would give it away."""
    figures = area_figures(measure=measure, areas=areas, month=month)
    counts = {a.code: figures.get(a.pk, {}).get("rolling_12m") for a in areas}
    hidden = hidden_cells(counts, threshold=_threshold())
    cells = []
    for area in areas:
        row = figures.get(area.pk, {})
        drawn, cell = _cell(counts[area.code], area.code in hidden)
        visible = drawn is not None
        cells.append(_AreaCells(area, counts[area.code], drawn, cell,
                                row.get("rate") if visible else cell,
                                row.get("change_12m_pct") if visible else cell))  # fmt: skip
    return cells


# --- overview ----------------------------------------------------------------------------------


def overview_page(*, filters: Filters) -> Page:
    area = filters.area
    measures = [m for m in OVERVIEW_MEASURES if m in filters.measures()] or filters.measures()
    months = figure_months(measures=measures, area=area)
    end = _end_month(filters, months) if filters.end else None
    page = Page(
        title=f"Serious violence in {area.name}",
        context={
            "tiles": overview_tiles(area=area, month=end, measures=measures),
            "months": months,
            "area": area,
        },
    )
    latest = end or (months[-1] if months else None)
    if latest is not None:
        trend = _trend_chart(filters, latest)
        if trend is not None:
            page.charts.append(trend)
    summary = strategy_summary(today=timezone.localdate())
    page.context["strategy"] = summary
    if summary is not None:
        page.charts.append(_strategy_chart(summary))
    return page


def _trend_chart(filters: Filters, end: date) -> Chart | None:
    slugs = [s for s in TREND_MEASURES[filters.source] if s in MEASURES]
    first = add_months(end, -(filters.period - 1))
    months = month_range(first, end)
    series = []
    for slug in slugs:
        rows = {
            r["month"]: r
            for r in trend_series(measure=slug, area=filters.area, first=first, last=end)
        }
        if any(r["rolling_12m"] is not None for r in rows.values()):
            series.append((slug, rows))
    if not series:
        return None
    noun = MEASURES[series[0][0]].noun
    table = Table(
        "trend", f"12-month totals in {filters.area.name}, {first:%B %Y} to {end:%B %Y}",
        [Column("12 months to", "month"),
         *(Column(MEASURES[slug].name, "count", MEASURES[slug].definition) for slug, _ in series)],
    )  # fmt: skip
    lines = [Series(MEASURES[slug].name) for slug, _ in series]
    for month in months:
        table.rows.append([
            month,
            *(_plot(line, rows.get(month, {}).get("rolling_12m"))
              for (_, rows), line in zip(series, lines, strict=True)),
        ])  # fmt: skip
    return Chart(
        "trend", "The trend over 12-month periods",
        f"Each point is the number of {noun} in the 12 months to that month, so a rising line "
        "means the latest year is worse than the year before it.",
        table, charts.lines(months=months, series=lines, noun=noun), wide=True,
    )  # fmt: skip


def _strategy_chart(summary: StrategySummary) -> Chart:
    table = Table("strategy-actions", f"{summary.strategy.title}: actions by status",
                  [Column("Status"), Column("Actions", "count")])  # fmt: skip
    for _, label, n in summary.by_status:
        table.rows.append([label, n])
    table.footer = ["Total", summary.total]
    return Chart(
        "strategy-actions", "Strategy actions by status",
        f"The {summary.total} actions of the {summary.strategy.title} by their latest status: "
        "on track (green), at risk (amber), off track (red), complete or not started.",
        table, charts.rag(statuses=summary.by_status),
    )  # fmt: skip


def measures_page(*, filters: Filters) -> Page:
    """Each measure offered under the source filter, with its latest board-ready figure."""
    tiles = {
        t["measure"]: t for t in overview_tiles(area=filters.area, measures=filters.measures())
    }
    groups: dict[str, list[dict[str, Any]]] = {}
    for slug in filters.measures():
        spec = MEASURES[slug]
        groups.setdefault(SOURCE_LABELS[spec.source], []).append(
            {"measure": spec, "tile": tiles.get(slug)}
        )
    return Page(title="Measures", context={"groups": groups, "area": filters.area})


# --- map ---------------------------------------------------------------------------------------


def map_page(*, slug: str, filters: Filters) -> Page:
    """The local authority's wards or LSOAs, or a ward's LSOAs (an LSOA shows its ward's)."""
    spec = MEASURES[slug]
    scope = filters.area if filters.area.level != Area.Level.LSOA else filters.area.parent
    scope = scope or filters.area
    level = Area.Level.LSOA.value if scope.level == Area.Level.WARD else filters.level
    within = Area.objects.filter(vintage=2011 if level == "lsoa" else BOUNDARY_YEAR)
    if level == "lsoa":
        areas = list(within.filter(Q(parent=scope) | Q(parent__parent=scope), level=level))
    else:
        areas = list(within.filter(parent=scope, level=Area.Level.WARD))
    months = figure_months(measures=[slug], area=scope)
    page = Page(
        title=f"Map: {spec.name}",
        context={"measure": spec, "months": months, "scope": scope, "level": level},
    )
    end = _end_month(filters, months)
    if end is None:
        return page
    page.context["end"] = end
    rate_label = f"Rate {spec.rate_label}"
    value_label = rate_label if filters.value == "rate" else f"{spec.noun.capitalize()}"
    level_name, level_noun = (
        ("Ward", "ward") if level == "ward" else ("Neighbourhood (LSOA)", "neighbourhood")
    )
    table = Table(
        "map", f"{spec.name} by {level_noun}, 12 months to {end:%B %Y}",
        [Column(level_name), Column("Code"), Column(f"{spec.noun.capitalize()} in 12 months",
         "count"), Column(rate_label, "rate")],
    )  # fmt: skip
    features, codes, names, values, shown = [], [], [], [], []
    for c in _area_cells(slug, sorted(areas, key=lambda a: a.name), end):
        area, drawn, cell, rate = c.area, c.drawn, c.cell, c.rate
        table.rows.append([area.name, area.code, cell, rate])
        if area.geometry:
            features.append({"type": "Feature", "id": area.code, "geometry": area.geometry,
                             "properties": {}})  # fmt: skip
            codes.append(area.code)
            names.append(area.name)
            value = rate if filters.value == "rate" else drawn
            values.append(value if isinstance(value, int | float) else None)
            if value is None or isinstance(value, str):
                shown.append(f"{_shown(cell)} {spec.noun} (not shown on the map)")
            elif filters.value == "rate":
                shown.append(f"{value:,.2f} {spec.rate_label} ({_shown(cell)} {spec.noun})")
            else:
                shown.append(f"{value:,} {spec.noun}")
    page.charts.append(
        Chart(
            "map", f"{spec.name} by {level_noun}",
            f"Darker areas had more {spec.noun} in the 12 months to {end:%B %Y}"
            + (" for their population" if filters.value == "rate" else "")
            + f". Grey areas had fewer than {_threshold()} or no figures, so are not shown.",
            table,
            charts.choropleth(features=features, codes=codes, names=names, values=values,
                              shown=shown, value_label=value_label) if features else None,
            empty="No boundaries are loaded for these areas." if not features else "",
            wide=True,
        )
    )  # fmt: skip
    return page


# --- board pack --------------------------------------------------------------------------------


def board_pack_page(*, filters: Filters) -> Page:
    overview = overview_page(filters=filters)
    page = Page(title=f"Board pack: serious violence in {filters.area.name}",
                context=dict(overview.context))  # fmt: skip
    # A board paper leaves out the measures without a figure yet (too few months of data).
    page.context["tiles"] = [
        t for t in overview.context["tiles"] if t["rolling_12m_display"] != "—"
    ]
    knife = measure_page(slug="knife-crime", filters=filters)
    monthly = knife.chart("month-by-month")
    trend = overview.chart("trend")
    strategy = overview.chart("strategy-actions")
    page.charts = [c for c in (trend, monthly, strategy) if c is not None]
    return page
