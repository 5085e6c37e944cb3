"""What each dashboard page shows, built from trend and breakdown figures (never incidents):
headline figures, and charts each with the table beside it, suppressed for a board. One module
a page; views call these and render; the result is plain data, cached per recompute generation."""

from .board_pack import board_pack_page
from .common import Chart, Page
from .map import map_page
from .measure import measure_page
from .overview import TREND_MEASURES, measures_page, overview_page

__all__ = [
    "Chart",
    "Page",
    "TREND_MEASURES",
    "board_pack_page",
    "map_page",
    "measure_page",
    "measures_page",
    "overview_page",
]
