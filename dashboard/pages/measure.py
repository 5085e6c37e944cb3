"""A measure's page: key figures, month by month, year on year, and its splits by offence
type, area and victim age. Every count goes through the suppression policy: the series marks
for the months and 12-month totals, group marks for the splits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.formats import ASSAULT_METHODS
from incidents.models import AgeBand, Area, OffenceType, Source
from incidents.months import add_months, month_range

from .. import charts
from ..board_cells import area_cells, plot, shown_text
from ..charts import Series
from ..filters import SOURCE_LABELS, Filters
from ..measures import MEASURES, Measure
from ..models import BreakdownFigure
from ..selectors import (
    board_figure,
    breakdown_totals,
    child_areas,
    figure_months,
    peer_rank_for,
    series_marks_for,
    trend_figure_for,
    trend_series,
)
from ..suppression import MONTHS_WITHHELD_NOTE, SeriesMarks, group_marks, threshold_for
from ..tables import Column, Table
from .common import Chart, Page, drawn_or_empty, end_month

NOT_KNOWN = gettext_lazy("Not known")


def measure_page(*, slug: str, filters: Filters) -> Page:
    spec = MEASURES[slug]
    area = filters.area
    months = figure_months(measures=[slug], area=area)
    page = Page(
        title=str(spec.name),
        context={
            "measure": spec,
            "months": months,
            "area": area,
            "source_label": SOURCE_LABELS[spec.source],
            "threshold": threshold_for(spec.source),
        },
    )
    end = end_month(filters, months)
    if end is None:
        return page
    figure = trend_figure_for(measure=slug, area=area, month=end)
    if figure is None:
        return page
    marks = series_marks_for(measure=slug, area=area)
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
        figure=board_figure(figure, marks),
        peer=peer_rank_for(measure=slug, area=area, month=end),
        end_was_moved=filters.end is not None and filters.end != end,
    )
    page.charts.append(_monthly_chart(spec, series, month_range(first, end), marks))
    page.charts.append(_years_chart(spec, series, end, span_years, marks))
    period = _("%(first)s to %(end)s") % {
        "first": date_format(first, "F Y"),
        "end": date_format(end, "F Y"),
    }
    window_known = _window_total_shown(marks, series, first, end)
    page.charts.append(_category_chart(spec, area, first, end, period, window_known))
    page.charts.append(_areas_chart(spec, area, end))
    page.charts.append(_age_chart(spec, area, first, end, period, window_known))
    return page


def _noun(spec: Measure) -> str:
    """The measure's noun starting a label: "Offences in the month"."""
    return str(spec.noun).capitalize()


def _window_total_shown(
    marks: SeriesMarks, series: dict[date, dict[str, Any]], first: date, end: date
) -> bool:
    """Whether a reader can know the period's total (the footer of the splits by offence type
    and age) without it giving away a hidden count: every month of it is shown, or it is the
    sum of shown 12-month totals."""
    window = month_range(first, end)
    if all(marks.count(m) is None for m in window):
        return True
    ends = window[11::12][::-1] if len(window) % 12 == 0 else []
    return bool(ends) and all(
        series.get(m, {}).get("rolling_12m") is not None and marks.rolling(m) is None for m in ends
    )


def _monthly_chart(
    spec: Measure, series: dict[date, dict[str, Any]], months: list[date], marks: SeriesMarks
) -> Chart:
    table = Table(
        "month-by-month",
        _("%(measure)s, month by month") % {"measure": spec.name},
        [
            Column(_("Month"), "month"),
            Column(_("%(noun)s in the month") % {"noun": _noun(spec)}, "count"),
            Column(_("In the 12 months to the month"), "count"),
        ],
        threshold=marks.threshold,
    )
    if marks.months_withheld:
        table.note = MONTHS_WITHHELD_NOTE.format(threshold=marks.threshold)
    counts, rolling = Series(), Series()
    for month in months:
        row = series.get(month, {})
        table.rows.append(
            [
                month,
                plot(counts, row.get("count"), marks.count(month)),
                plot(rolling, row.get("rolling_12m"), marks.rolling(month)),
            ]
        )
    return drawn_or_empty(
        Chart(
            "month-by-month",
            _("Month by month"),
            _(
                "Bars: %(noun)s each month. Line: %(noun)s in the 12 months to each month, which "
                "smooths out the ups and downs between months."
            )
            % {"noun": spec.noun},
            table,
            charts.monthly(months=months, counts=counts, rolling=rolling, noun=str(spec.noun)),
        ),
        counts,
        rolling,
    )


def _years_chart(
    spec: Measure,
    series: dict[date, dict[str, Any]],
    end: date,
    span_years: int,
    marks: SeriesMarks,
) -> Chart:
    years = [add_months(end, -12 * k) for k in reversed(range(span_years))]  # oldest first
    labels = [_("12 months to %(month)s") % {"month": date_format(y, "M Y")} for y in years]
    table = Table(
        "year-on-year",
        _("%(measure)s: each month against the same month in earlier years")
        % {"measure": spec.name},
        [Column(_("Month")), *(Column(label, "count") for label in labels)],
        threshold=marks.threshold,
    )
    if marks.months_withheld:
        table.note = MONTHS_WITHHELD_NOTE.format(threshold=marks.threshold)
    lines = [Series(label) for label in labels]
    names = []
    for offset in range(-11, 1):
        names.append(date_format(add_months(end, offset), "M"))
        table.rows.append(
            [
                names[-1],
                *(
                    plot(line, series.get(m, {}).get("count"), marks.count(m))
                    for line, year_end in zip(lines, years, strict=True)
                    for m in [add_months(year_end, offset)]
                ),
            ]
        )
    return drawn_or_empty(
        Chart(
            "year-on-year",
            _("This year against earlier years"),
            _(
                "%(noun)s each month of the 12 months to %(month)s, against the same months a year "
                "(and two years) before."
            )
            % {"noun": _noun(spec), "month": date_format(end, "F Y")},
            table,
            charts.years(month_names=names, series=lines, noun=str(spec.noun)),
        ),
        *lines,
    )


def _group_table(
    table: Table,
    counts: dict[str, int | None],
    labels: dict[str, str],
    order: Sequence[str],
    highlight_keys: set[str] | None = None,
) -> tuple[list[str], Series]:
    """Fill a table of a group of counts with its total row, suppressed as a group against the
    total; return the chart's labels and bars."""
    total = sum(v for v in counts.values() if v)
    hidden = group_marks(counts, threshold=table.threshold, total=total)
    bars = Series()
    for index, key in enumerate(order):
        table.rows.append([labels[key], plot(bars, counts[key], hidden.get(key))])
        if highlight_keys and key in highlight_keys:
            table.highlight.add(index)
    table.footer = [_("Total"), total]
    return [labels[key] for key in order], bars


_ASSAULT_METHOD_LABELS = {value: label for label, value in ASSAULT_METHODS.items()}
_WITHHELD = gettext_lazy(
    "Not shown for this period: its total would give away a number hidden elsewhere on this "
    "page. Choose 12, 24 or 36 months to the latest month, or a larger area."
)


def _category_label(key: str) -> str:
    """An offence type (partnership data) or assault method (hospital data) in plain English."""
    if key in OffenceType.values:
        return OffenceType(key).label
    return _ASSAULT_METHOD_LABELS.get(key, key) or _("Not recorded")


def _split(
    chart: Chart,
    spec: Measure,
    area: Area,
    first: date,
    end: date,
    dimension: str,
    window_known: bool,
    *,
    police: str,
) -> dict[str, int] | None:
    """The period's counts by offence type or age, or None with the chart saying why not:
    police.uk has no such split, there were none, or their total would give a count away."""
    if spec.police_category:
        chart.empty = police
        return None
    counts = breakdown_totals(
        measure=spec.slug, area=area, first=first, last=end, dimension=dimension
    )
    if not counts:
        chart.empty = _("No %(noun)s in this period.") % {"noun": spec.noun}
        return None
    if not window_known:
        chart.empty = str(_WITHHELD)
        return None
    return counts


def _category_chart(
    spec: Measure, area: Area, first: date, end: date, period: str, window_known: bool
) -> Chart:
    words = {"measure": spec.name, "period": period, "noun": _noun(spec)}
    table = Table(
        "by-offence-type",
        _("%(measure)s by offence type, %(period)s") % words,
        [Column(_("Offence type")), Column(_noun(spec), "count")],
        threshold=threshold_for(spec.source),
    )
    chart = Chart(
        "by-offence-type",
        _("By offence type"),
        _("%(noun)s of each offence type, %(period)s.") % words,
        table,
    )
    counts = _split(
        chart,
        spec,
        area,
        first,
        end,
        BreakdownFigure.Dimension.CATEGORY,
        window_known,
        police=_(
            "data.police.uk publishes each crime type as a whole: there is no finer "
            "offence type to break this measure down by."
        ),
    )
    if counts is None:
        return chart
    # In a fixed order, not by size: a size order would place the hidden counts among the rest.
    order = sorted(counts, key=_category_label)
    names, bars = _group_table(table, dict(counts), {k: _category_label(k) for k in counts}, order)
    chart.figure = charts.bars(labels=names, series=bars, noun=str(spec.noun))
    return drawn_or_empty(chart, bars)


def _age_chart(
    spec: Measure, area: Area, first: date, end: date, period: str, window_known: bool
) -> Chart:
    words = {"measure": spec.name, "period": period, "noun": _noun(spec)}
    table = Table(
        "by-victim-age",
        _("%(measure)s by the victim's age, %(period)s") % words,
        [Column(_("Victim's age")), Column(_noun(spec), "count")],
        note=_("People aged 16 to 24 are highlighted: the Serious Violence Duty's focus."),
        threshold=threshold_for(spec.source),
    )
    chart = Chart(
        "by-victim-age",
        _("By the victim's age"),
        _("%(noun)s by the age of the victim, %(period)s. Ages 16 to 24 are highlighted.") % words,
        table,
    )
    counts = _split(
        chart,
        spec,
        area,
        first,
        end,
        BreakdownFigure.Dimension.AGE_BAND,
        window_known,
        police=_("data.police.uk does not record the victim's age."),
    )
    if counts is None:
        return chart
    order = [b.value for b in AgeBand if b.value in counts] + ([""] if "" in counts else [])
    labels = {b.value: str(b.label) for b in AgeBand} | {"": str(NOT_KNOWN)}
    names, bars = _group_table(
        table,
        {k: counts[k] for k in order},
        labels,
        order,
        highlight_keys={AgeBand.AGED_16_24.value},
    )
    chart.figure = charts.bars(
        labels=names, series=bars, noun=str(spec.noun), highlight=table.highlight
    )
    return drawn_or_empty(chart, bars)


def _areas_chart(spec: Measure, area: Area, end: date) -> Chart:
    children = child_areas(area=area)
    wards = area.level == Area.Level.LOCAL_AUTHORITY
    kind = _("ward") if wards else _("neighbourhood (LSOA)")
    threshold = threshold_for(spec.source)
    words = {
        "measure": spec.name,
        "kind": kind,
        "month": date_format(end, "F Y"),
        "noun": _noun(spec),
    }
    in_12 = _("%(noun)s in 12 months") % words
    table = Table(
        "by-area",
        _("%(measure)s by %(kind)s, 12 months to %(month)s") % words,
        [
            Column(_("Ward") if wards else _("Neighbourhood (LSOA)")),
            Column(in_12, "count"),
            Column(_("Rate %(unit)s") % {"unit": spec.rate_label}, "rate"),
            Column(_("Change on previous 12 months"), "pct"),
        ],
        threshold=threshold,
    )
    chart = Chart(
        "by-area",
        _("By ward") if wards else _("By neighbourhood (LSOA)"),
        _("%(noun)s in the 12 months to %(month)s in each %(kind)s.") % words,
        table,
    )
    if spec.source == Source.HOSPITAL:
        chart.empty = _(
            "Hospital extracts place attendances in the local authority only, not in a ward "
            "or neighbourhood, so they cannot be split by area."
        )
        return chart
    if not children:
        chart.empty = _("This is the smallest area the figures are kept for.")
        return chart
    cells = area_cells(
        measure=spec.slug, parent=area, areas=children, month=end, threshold=threshold
    )
    if not any(c.count for c in cells):
        chart.empty = _("No %(noun)s in the 12 months to %(month)s.") % {
            "noun": spec.noun,
            "month": date_format(end, "F Y"),
        }
        return chart
    # Ordered by name, not size: an order by count would rank the hidden ones among the rest.
    cells.sort(key=lambda c: c.area.name)
    bars = Series()
    for c in cells:
        table.rows.append([c.area.name, c.cell, c.rate, c.change])
        bars.values.append(c.drawn)
        bars.shown.append(shown_text(c.cell))
    chart.figure = charts.bars(
        labels=[c.area.name for c in cells], series=bars, noun=str(spec.noun), value_title=in_12
    )
    return drawn_or_empty(chart, bars)
