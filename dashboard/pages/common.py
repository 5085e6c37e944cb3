"""What every dashboard page is made of: charts, each with the table beside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy

from ..charts import Series
from ..filters import Filters
from ..tables import Table

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

    def chart(self, slug: str) -> Chart | None:
        return next((c for c in self.charts if c.table.slug == slug), None)


def end_month(filters: Filters, months: list[date]) -> date | None:
    """The month asked for when figures exist for it, else the latest (complete) one."""
    if not months:
        return None
    return filters.end if filters.end in months else months[-1]
