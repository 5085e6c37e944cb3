"""The A4 board pack: headlines, the trend, knife crime month by month, the strategy summary."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from strategy.models import ActionStatus
from strategy.selectors import board_report, strategy_current

from ..filters import Filters
from ..hotspot_selectors import partnership_area
from .common import Page
from .compare import board_pack_comparison
from .hotspots import board_pack_hot_spots
from .measure import measure_page
from .overview import overview_page

# The hot-spot section shows the first of these with hot spots for its latest 12 months.
BOARD_PACK_HOT_SPOT_MEASURES = ("serious-violence", "violence-and-sexual-offences", "knife-crime")


def board_pack_page(*, filters: Filters) -> Page:
    overview = overview_page(filters=filters)
    page = Page(
        title=_("Board pack: serious violence in %(area)s") % {"area": filters.area.name},
        context=dict(overview.context),
    )
    knife = measure_page(slug="knife-crime", filters=filters)
    page.ledger.absorb(overview.ledger)
    page.ledger.absorb(knife.ledger)
    monthly = knife.chart("month-by-month")
    trend = overview.chart("trend")
    strategy = overview.chart("strategy-actions")
    page.charts = [c for c in (trend, monthly) if c is not None]
    page.charts += board_pack_hot_spots(
        page.ledger, measures=BOARD_PACK_HOT_SPOT_MEASURES, area=filters.area
    )
    partnership = partnership_area()
    if partnership is not None:
        page.charts.append(
            board_pack_comparison(page.ledger, filters=filters, partnership=partnership)
        )
    page.charts += [strategy] if strategy is not None else []
    current = strategy_current()
    if current is not None:
        page.context["strategy_report"] = board_report(strategy=current, today=timezone.localdate())
        page.context["statuses"] = list(ActionStatus.choices)
    return page
