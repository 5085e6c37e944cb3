"""The A4 board pack: headlines, the trend, knife crime month by month, the strategy summary."""

from __future__ import annotations

from ..filters import Filters
from .common import Page
from .measure import measure_page
from .overview import overview_page


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
