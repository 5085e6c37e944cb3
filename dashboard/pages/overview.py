"""The overview (headline tiles, the 12-month trend, the strategy panel) and the measures list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incidents.models import Area, Source
from incidents.months import add_months, month_range
from strategy.selectors import StrategySummary, strategy_summary

from .. import charts
from ..charts import Series
from ..disclosure.ledger import Ledger
from ..filters import SOURCE_LABELS, Filters
from ..measures import MEASURES
from ..selectors import figure_months, trend_series
from ..tables import Column, Table
from .common import Chart, Page, drawn_or_empty, end_month, key_figure, plot

OVERVIEW_MEASURES = [
    "serious-violence",
    "knife-crime",
    "knife-crime-under-25",
    "homicide",
    "hospital-knife-assault",
    "violence-and-sexual-offences",
    "possession-of-weapons",
]

# The measures drawn together on the overview's trend chart, by source filter.
TREND_MEASURES = {
    "": ["serious-violence", "knife-crime", "knife-crime-under-25"],
    Source.PARTNERSHIP.value: [
        "serious-violence",
        "knife-crime",
        "knife-crime-under-25",
        "gun-crime",
    ],
    Source.POLICEUK_STREET.value: [
        "violence-and-sexual-offences",
        "robbery",
        "possession-of-weapons",
        "drugs",
    ],
    Source.HOSPITAL.value: ["hospital-knife-assault"],
}


def overview_page(*, filters: Filters) -> Page:
    area = filters.area
    measures = [m for m in OVERVIEW_MEASURES if m in filters.measures()] or filters.measures()
    months = figure_months(measures=measures, area=area)
    end = end_month(filters, months) if filters.end else None
    page = Page(title=_("Serious violence in %(area)s") % {"area": area.name})
    page.context.update(
        tiles=tiles(page.ledger, area=area, month=end, measures=measures),
        months=months,
        area=area,
    )
    latest = end or (months[-1] if months else None)
    if latest is not None:
        trend = _trend_chart(page.ledger, filters, latest)
        if trend is not None:
            page.charts.append(trend)
    summary = strategy_summary(today=timezone.localdate())
    page.context["strategy"] = summary
    if summary is not None:
        page.charts.append(_strategy_chart(summary))
    return page


def tiles(
    ledger: Ledger, *, area: Area, month: date | None, measures: list[str]
) -> list[dict[str, Any]]:
    """One tile a measure with figures in the area (for ``month``, default each measure's
    latest), board-ready (``key_figure``)."""
    found = (key_figure(ledger, measure=slug, area=area, month=month) for slug in measures)
    return [tile for tile in found if tile is not None]


def _trend_chart(ledger: Ledger, filters: Filters, end: date) -> Chart | None:
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
            series.append((slug, rows, ledger.series(measure=slug, area=filters.area)))
    if not series:
        return None
    noun = str(MEASURES[series[0][0]].noun)
    table = Table(
        "trend",
        _("12-month totals in %(area)s, %(first)s to %(end)s")
        % {
            "area": filters.area.name,
            "first": date_format(first, "F Y"),
            "end": date_format(end, "F Y"),
        },
        [
            Column(_("12 months to"), "month"),
            *(
                Column(str(MEASURES[slug].name), "count", str(MEASURES[slug].definition))
                for slug, _, _ in series
            ),
        ],
        threshold=min(view.threshold for _, _, view in series),
    )
    lines = [Series(str(MEASURES[slug].name)) for slug, _, _ in series]
    for month in months:
        table.rows.append(
            [
                month,
                *(
                    plot(line, view.total(month))
                    for (_, _, view), line in zip(series, lines, strict=True)
                ),
            ]
        )
    return drawn_or_empty(
        Chart(
            "trend",
            _("The trend over 12-month periods"),
            _(
                "Each point is the number of %(noun)s in the 12 months to that month, so a rising "
                "line means the latest year is worse than the year before it."
            )
            % {"noun": noun},
            table,
            charts.lines(months=months, series=lines, noun=noun),
            wide=True,
        ),
        *lines,
    )


def _strategy_chart(summary: StrategySummary) -> Chart:
    table = Table(
        "strategy-actions",
        _("%(strategy)s: actions by status") % {"strategy": summary.strategy.title},
        [Column(_("Status")), Column(_("Actions"), "number")],
    )
    for _status, label, n in summary.by_status:
        table.rows.append([label, n])
    table.footer = [_("Total"), summary.total]  # actions, not incidents: no suppression
    return Chart(
        "strategy-actions",
        _("Strategy actions by status"),
        _(
            "The %(count)s actions of the %(strategy)s by their latest status: on track (green), "
            "at risk (amber), off track (red), complete or not started."
        )
        % {"count": summary.total, "strategy": summary.strategy.title},
        table,
        charts.rag(statuses=summary.by_status),
    )


def measures_page(*, filters: Filters) -> Page:
    """Each measure offered under the source filter, with its latest board-ready figure."""
    page = Page(title=_("Measures"))
    found = {
        t["measure"]: t
        for t in tiles(page.ledger, area=filters.area, month=None, measures=filters.measures())
    }
    groups: dict[str, list[dict[str, Any]]] = {}
    for slug in filters.measures():
        spec = MEASURES[slug]
        groups.setdefault(str(SOURCE_LABELS[spec.source]), []).append(
            {"measure": spec, "tile": found.get(slug)}
        )
    page.context.update(groups=groups, area=filters.area)
    return page
