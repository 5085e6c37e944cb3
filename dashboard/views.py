"""Dashboard pages. Views only call selectors and render; no maths, no ORM queries of their own."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from incidents.selectors import area_get

from .selectors import overview_tiles, trends_generation

CACHE_SECONDS = 600


def home(request: HttpRequest) -> HttpResponse:
    """The overview every role lands on: a headline tile per main measure."""
    area = area_get(code=settings.PARTNERSHIP_AREA_CODE)
    tiles = []
    if area is not None:
        # Keyed on the latest recompute: a new recompute makes every older entry unreachable.
        key = f"overview:{trends_generation()}:{area.pk}"
        tiles = cache.get_or_set(key, lambda: overview_tiles(area=area), CACHE_SECONDS)
    return render(request, "dashboard/overview.html", {"area": area, "tiles": tiles})
