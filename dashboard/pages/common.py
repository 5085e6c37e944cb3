"""What every dashboard page is made of: charts, each with the table beside it, and the ledger
of every number the page publishes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from incidents.models import Area

from ..charts import Series
from ..disclosure.ledger import Cell, Ledger
from ..filters import Filters
from ..headlines import figure_headline, no_data_text, signed_pct, source_text
from ..measures import MEASURES
from ..selectors import trend_figure_for
from ..tables import Table, display

ALL_HIDDEN = gettext_lazy(
    "Every number in this chart is too small to show, or would give a small one away: see the "
    "table."
)


@dataclass
class Chart:
    slug: str
    title: str
    summary: str  # what the chart shows, in a sentence (also its accessible description)
    table: Table
    figure: dict[str, Any] | None = None
    empty: str = ""  # shown instead of the chart when there is nothing to draw
    wide: bool = False  # the table sits below rather than beside
    # A key in words drawn beside the figure (the hot-spot map's classes), whose buttons pick
    # out one kind of area on the chart: entries with ``key``, ``label``, ``colour``, ``places``.
    legend: list[Any] = field(default_factory=list)

    @property
    def script_id(self) -> str:
        return f"chart-{self.slug}-data"


def plot(series: Series, cell: Cell) -> Cell:
    """Add a published cell to a chart series as its table shows it (a hidden count is drawn as
    nothing and reads as its mark); return the cell for the table."""
    series.values.append(cell.drawn)
    series.shown.append(display(cell.shown, cell.kind))
    return cell


def drawn_or_empty(chart: Chart, *series: Series) -> Chart:
    """A chart whose every count is hidden would draw empty axes: it says why instead (its
    table still shows the marks)."""
    if chart.figure is not None and not any(v is not None for s in series for v in s.values):
        chart.figure = None
        chart.empty = chart.empty or str(ALL_HIDDEN)
    return chart


@dataclass
class Page:
    title: str
    charts: list[Chart] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    # Every number the page shows, and how they are tied (``disclosure.ledger``).
    ledger: Ledger = field(default_factory=Ledger)

    def chart(self, slug: str) -> Chart | None:
        return next((c for c in self.charts if c.table.slug == slug), None)


def end_month(filters: Filters, months: list[date]) -> date | None:
    """The month asked for when figures exist for it, else the latest (complete) one."""
    if not months:
        return None
    return filters.end if filters.end in months else months[-1]


def key_figure(
    ledger: Ledger, *, measure: str, area: Area, month: date | None = None
) -> dict[str, Any] | None:
    """The key figures of a measure in an area for ``month`` (default: the latest month the
    source covers) as a board may see them, published through the page's ledger, with their
    headline and the words a tile shows. None when there is no such figure."""
    figure = trend_figure_for(measure=measure, area=area, month=month)
    if figure is None or not figure["covered"]:
        return None
    series = ledger.series(measure=measure, area=area)
    board = series.figure(figure)
    spec = MEASURES[measure]
    total = board["cells"]["total"]
    board["headline"] = figure_headline(board, threshold=series.threshold)
    board["source_text"] = source_text(board)
    board["rolling_12m_display"] = display(total.shown, "count")
    board["no_data_text"] = no_data_text(board["no_data_months"]) if board["no_data_months"] else ""
    for span in (12, 24):
        board[f"change_{span}m_display"] = signed_pct(board[f"change_{span}m_pct"])
    board["month_label"] = date_format(date.fromisoformat(board["month"] + "-01"), "F Y")
    board["definition"] = spec.definition
    board["noun"] = spec.noun
    board["rate_unit"] = spec.rate_label
    return board
