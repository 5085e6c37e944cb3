"""A measure's page: key figures, month by month, year on year, and its splits by offence
type, area and victim age. Every count goes through the suppression policy: the series marks
for the months and 12-month totals, group marks for the splits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.formats import ASSAULT_METHODS
from incidents.models import AgeBand, Area, OffenceType, Source
from incidents.months import add_months, month_range

from .. import charts
from ..charts import Series
from ..disclosure.ledger import Ledger, SeriesView
from ..disclosure.policy import MONTHS_WITHHELD_NOTE, threshold_for
from ..filters import SOURCE_LABELS, Filters
from ..measures import MEASURES, Measure
from ..models import BreakdownFigure
from ..selectors import child_areas, figure_months, peer_rank_for
from ..tables import Column, Table
from .common import Chart, Page, drawn_or_empty, end_month, key_figure, plot

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
    figure = key_figure(page.ledger, measure=slug, area=area, month=end)
    if figure is None:
        return page
    series = page.ledger.series(measure=slug, area=area)
    first = add_months(end, -(filters.period - 1))
    span_years = max(2, filters.period // 12)
    page.context.update(
        end=end,
        figure=figure,
        peer=peer_rank_for(measure=slug, area=area, month=end),
        end_was_moved=filters.end is not None and filters.end != end,
    )
    page.charts.append(_monthly_chart(spec, series, month_range(first, end)))
    page.charts.append(_years_chart(spec, series, end, span_years))
    period = _("%(first)s to %(end)s") % {
        "first": date_format(first, "F Y"),
        "end": date_format(end, "F Y"),
    }
    page.charts.append(_category_chart(page.ledger, spec, area, first, end, period))
    page.charts.append(_areas_chart(page.ledger, spec, area, end))
    page.charts.append(_age_chart(page.ledger, spec, area, first, end, period))
    return page


def _noun(spec: Measure) -> str:
    """The measure's noun starting a label: "Offences in the month"."""
    return str(spec.noun).capitalize()


def _monthly_chart(spec: Measure, series: SeriesView, months: list[date]) -> Chart:
    marks = series.marks
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
        table.rows.append(
            [month, plot(counts, series.count(month)), plot(rolling, series.total(month))]
        )
    return drawn_or_empty(
        Chart(
            "month-by-month",
            _("Month by month"),
            _(
                "Bars: %(noun)s each month. Line: %(noun)s in the 12 months to each month, which "
                "smooths out the ups and downs between months. A gap means a month with no data, "
                "and no 12-month total for the 12 months that include it."
            )
            % {"noun": spec.noun},
            table,
            charts.monthly(months=months, counts=counts, rolling=rolling, noun=str(spec.noun)),
        ),
        counts,
        rolling,
    )


def _years_chart(spec: Measure, series: SeriesView, end: date, span_years: int) -> Chart:
    marks = series.marks
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
                    plot(line, series.count(add_months(year_end, offset)))
                    for line, year_end in zip(lines, years, strict=True)
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
    ledger: Ledger,
    chart: Chart,
    spec: Measure,
    area: Area,
    first: date,
    end: date,
    dimension: str,
    *,
    police: str,
    label: Callable[[str], str],
    order: Callable[[list[str]], list[str]],
    highlight: set[str] = frozenset(),  # type: ignore[assignment]
) -> Chart:
    """Fill the chart of the period's counts split one way, suppressed as a group against their
    total (``Ledger.splits``), or say why not: police.uk has no such split, there were none,
    or their total would give a count away."""
    if spec.police_category:
        chart.empty = police
        return chart
    split = ledger.splits(measure=spec.slug, area=area, first=first, end=end, dimension=dimension)
    if not split.counts and split.known:
        chart.empty = _("No %(noun)s in this period.") % {"noun": spec.noun}
        return chart
    if split.footer is None:
        chart.empty = str(_WITHHELD)
        return chart
    bars = Series()
    keys = order(list(split.counts))
    for index, key in enumerate(keys):
        chart.table.rows.append([label(key), plot(bars, split.counts[key])])
        if key in highlight:
            chart.table.highlight.add(index)
    chart.table.footer = [_("Total"), split.footer]
    chart.figure = charts.bars(
        labels=[label(key) for key in keys],
        series=bars,
        noun=str(spec.noun),
        highlight=chart.table.highlight,
    )
    return drawn_or_empty(chart, bars)


def _category_chart(
    ledger: Ledger, spec: Measure, area: Area, first: date, end: date, period: str
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
    # In a fixed order, not by size: a size order would place the hidden counts among the rest.
    return _split(
        ledger,
        chart,
        spec,
        area,
        first,
        end,
        BreakdownFigure.Dimension.CATEGORY,
        police=_(
            "data.police.uk publishes each crime type as a whole: there is no finer "
            "offence type to break this measure down by."
        ),
        label=_category_label,
        order=lambda keys: sorted(keys, key=_category_label),
    )


def _age_chart(
    ledger: Ledger, spec: Measure, area: Area, first: date, end: date, period: str
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
    labels = {b.value: str(b.label) for b in AgeBand} | {"": str(NOT_KNOWN)}
    return _split(
        ledger,
        chart,
        spec,
        area,
        first,
        end,
        BreakdownFigure.Dimension.AGE_BAND,
        police=_("data.police.uk does not record the victim's age."),
        label=lambda key: labels.get(key, key),
        order=lambda keys: (
            [b.value for b in AgeBand if b.value in keys] + ([""] if "" in keys else [])
        ),
        highlight={AgeBand.AGED_16_24.value},
    )


def _areas_chart(ledger: Ledger, spec: Measure, area: Area, end: date) -> Chart:
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
    rows = ledger.areas(measure=spec.slug, parent=area, children=children, month=end)
    if not any(r.order for r in rows):
        chart.empty = _("No %(noun)s in the 12 months to %(month)s.") % {
            "noun": spec.noun,
            "month": date_format(end, "F Y"),
        }
        return chart
    # Ordered by name, not size: an order by count would rank the hidden ones among the rest.
    rows.sort(key=lambda r: r.area.name)
    bars = Series()
    for r in rows:
        table.rows.append([r.area.name, plot(bars, r.total), r.rate, r.change])
    chart.figure = charts.bars(
        labels=[r.area.name for r in rows], series=bars, noun=str(spec.noun), value_title=in_12
    )
    return drawn_or_empty(chart, bars)
