"""Dashboard pages. Views parse the filters, fetch the page's content (cached per recompute
generation and filters) and render it; ``?export=<table>`` returns that table as CSV instead.
Every page reads trend and breakdown figures only, so a board member sees no record-level data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from incidents.selectors import area_get

from .filters import MAP_LEVELS, MAP_VALUES, SOURCE_LABELS, FilterForm, Filters, filter_areas
from .measures import MEASURES
from .pages import Page, board_pack_page, map_page, measure_page, measures_page, overview_page
from .selectors import trends_generation

CACHE_SECONDS = 600


def _filters(request: HttpRequest) -> tuple[FilterForm, Filters] | None:
    partnership = area_get(code=settings.PARTNERSHIP_AREA_CODE)
    if partnership is None:
        return None
    form = FilterForm(request.GET, areas=filter_areas(partnership))
    return form, form.filters(default_area=partnership)


def _cached(name: str, filters: Filters, build: Callable[[], Page]) -> Page:
    # Keyed on the latest recompute: a new recompute makes every older entry unreachable.
    key = f"page:{name}:{trends_generation()}:{filters.area.pk}:{filters.query()}"
    return cache.get_or_set(key, build, CACHE_SECONDS)


def _respond(
    request: HttpRequest, template: str, page: Page, form: FilterForm, filters: Filters,
    **extra: Any,
) -> HttpResponse:  # fmt: skip
    export = request.GET.get("export")
    if export:
        chart = page.chart(export)
        if chart is None:
            raise Http404("No such table on this page")
        end = page.context.get("end")
        stem = "-".join(p for p in (extra.get("stem", "overview"), filters.area.code,
                                    f"{end:%Y-%m}" if end else "") if p)  # fmt: skip
        return chart.table.csv(stem)
    query = filters.query()
    if extra.get("slug"):
        query = "&".join(q for q in (query, f"measure={extra['slug']}") if q)
    context = {
        "page": page, "form": form, "filters": filters, "sources": SOURCE_LABELS,
        "measure_options": [(s, MEASURES[s].name) for s in filters.measures()],
        "page_query": query, "default_area_code": settings.PARTNERSHIP_AREA_CODE,
        **page.context, **extra,
    }  # fmt: skip
    return render(request, template, context)


def _no_reference_data(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/no_reference.html", status=200)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The overview every role lands on: headline tiles, the trend, strategy progress."""
    parsed = _filters(request)
    if parsed is None:
        return _no_reference_data(request)
    form, filters = parsed
    page = _cached("overview", filters, lambda: overview_page(filters=filters))
    return _respond(request, "dashboard/overview.html", page, form, filters)


@require_GET
def measure_index(request: HttpRequest) -> HttpResponse:
    """Every measure, what it counts and its latest headline: the glossary of the figures."""
    parsed = _filters(request)
    if parsed is None:
        return _no_reference_data(request)
    form, filters = parsed
    page = _cached("measures", filters, lambda: measures_page(filters=filters))
    return _respond(request, "dashboard/measure_index.html", page, form, filters)


@require_GET
def measure(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in MEASURES:
        raise Http404("No such measure")
    chosen = request.GET.get("measure")
    if chosen and chosen != slug and chosen in MEASURES:
        # The filter bar without JavaScript: the measure is part of the path.
        query = request.GET.copy()
        del query["measure"]
        return redirect(f"{reverse('measure', args=[chosen])}?{query.urlencode()}")
    parsed = _filters(request)
    if parsed is None:
        return _no_reference_data(request)
    form, filters = parsed
    page = _cached(f"measure:{slug}", filters, lambda: measure_page(slug=slug, filters=filters))
    return _respond(request, "dashboard/measure.html", page, form, filters, stem=slug)


@require_GET
def area_map(request: HttpRequest) -> HttpResponse:
    parsed = _filters(request)
    if parsed is None:
        return _no_reference_data(request)
    form, filters = parsed
    slug = request.GET.get("measure", "")
    if slug not in filters.measures():
        slug = "knife-crime" if "knife-crime" in filters.measures() else filters.measures()[0]
    partnership = area_get(code=settings.PARTNERSHIP_AREA_CODE)
    page = _cached(
        f"map:{slug}", filters,
        lambda: map_page(slug=slug, filters=filters, partnership=partnership),
    )  # fmt: skip
    return _respond(request, "dashboard/map.html", page, form, filters, stem=f"map-{slug}",
                    slug=slug, levels=MAP_LEVELS, values=MAP_VALUES)  # fmt: skip


@require_GET
def board_pack(request: HttpRequest) -> HttpResponse:
    parsed = _filters(request)
    if parsed is None:
        return _no_reference_data(request)
    form, filters = parsed
    page = _cached("board-pack", filters, lambda: board_pack_page(filters=filters))
    return _respond(request, "dashboard/board_pack.html", page, form, filters, stem="board-pack")
