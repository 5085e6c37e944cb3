"""Dashboard pages. Views parse the filters, fetch the page's content (cached per recompute
generation and filters) and render it; ``?export=<table>`` returns that table as CSV instead.
Every page reads trend and breakdown figures only, so a board member sees no record-level data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from incidents.models import Area
from incidents.selectors import area_get

from .comparisons import comparisons_forget
from .filters import (
    HOT_SPOTS,
    MAP_LEVELS,
    MAP_VALUES,
    SOURCE_LABELS,
    AreaChoices,
    FilterForm,
    Filters,
    measures_for,
)
from .hotspot_services import hot_spot_period_for
from .measures import MEASURES
from .memo import ProcessMemo
from .pages import Page, board_pack_page, map_page, measure_page, measures_page, overview_page
from .pages.compare import AMONG, compare_page
from .pages.hotspots import (
    HOT_SPOT_LAYERS,
    hot_spot_places_page,
    hot_spots_feature_collection,
    hot_spots_page,
)
from .replay import replayable, replays_clear
from .selectors import figures_generation, filter_areas
from .snapshot import read_snapshot

CACHE_SECONDS = 600


@dataclass(frozen=True)
class _Request:
    """A dashboard request's filters, and the recompute generation that keys its caches."""

    form: FilterForm
    filters: Filters
    generation: int

    def cached(self, name: str, build: Callable[[], Page]) -> _Cached:
        """The page's content and the key its rendered HTML is cached under (templates cache
        the part of the page that is the same for every user). Keyed on the latest recompute
        and the language: a new recompute makes every older entry unreachable. Held in this
        process too, so a page served again is not unpickled from the shared cache."""
        key = (
            f"page:{get_language()}:{name}:{self.generation}:{self.filters.area.pk}:"
            f"{self.filters.query()}"
        )
        held = _PAGES.entry(key)
        if held is None:
            page = cast(Page, cache.get(key))
            if page is None:
                page, built_under = _build(build)
                if built_under != self.generation:
                    # New figures committed since this request read the generation: the page
                    # describes them, so it is kept under their generation, not this one.
                    key = key.replace(f":{self.generation}:", f":{built_under}:", 1)
                cache.set(key, page, CACHE_SECONDS)
            return _Cached(page, key, _PAGES.put(key, page))
        return _Cached(held[1], key, held[0])


def _build(build: Callable[[], Page]) -> tuple[Page, int]:
    """Build a page from one snapshot of the database, and the generation that snapshot holds:
    the figures, the suppression marks and the generation a page is cached under always
    describe the same data, whatever recomputes commit meanwhile."""
    with read_snapshot():
        return build(), figures_generation()


class _Cached(NamedTuple):
    page: Page
    key: str
    until: float  # when the process lets the page go (time.monotonic())


# Pages and the filter bar's areas held in this process, in front of the shared cache, for as
# long as the shared cache keeps them: the strategy panel, which no recompute invalidates, is as
# fresh as before.
_PAGES = ProcessMemo(size=256, seconds=CACHE_SECONDS)
_AREAS = ProcessMemo(size=4, seconds=CACHE_SECONDS)


def page_memos_clear() -> None:
    """Forget the pages, areas, replays and comparisons this process holds (each test starts
    afresh)."""
    _PAGES.clear()
    replays_clear()
    _AREAS.clear()
    comparisons_forget()


def _parse(request: HttpRequest) -> _Request | None:
    """None when the partnership's areas are not loaded."""
    generation = figures_generation()
    # The areas change only when reference data is reloaded: held like the pages, for
    # CACHE_SECONDS at most.
    key = f"filter-areas:{generation}"
    areas = _AREAS.get(key)
    if areas is None:
        found = _filter_areas()
        if not found:
            return None  # not kept: the areas may be loaded any moment
        areas = AreaChoices.of(found)
        _AREAS.put(key, areas)
    form = FilterForm(request.GET, areas=areas)
    return _Request(form, form.filters(default_area=areas.default), generation)


def _filter_areas() -> list[Area]:
    partnership = area_get(code=settings.PARTNERSHIP_AREA_CODE)
    return filter_areas(partnership=partnership) if partnership is not None else []


def _respond(
    request: HttpRequest,
    template: str,
    parsed: _Request,
    cached: _Cached,
    *,
    replay: bool,
    **extra: Any,
) -> HttpResponse:
    page, key = cached.page, cached.key
    filters = parsed.filters
    export = request.GET.get("export")
    if export:
        chart = page.chart(export)
        if chart is None:
            raise Http404("No such table on this page")
        end = page.context.get("end")
        stem = "-".join(
            p
            for p in (
                extra.get("stem", "overview"),
                filters.area.code,
                f"{end:%Y-%m}" if end else "",
            )
            if p
        )
        return chart.table.csv(stem)
    query = filters.query()
    if extra.get("slug"):
        query = "&".join(q for q in (query, f"measure={extra['slug']}") if q)
    context = {
        "page": page,
        "form": parsed.form,
        "filters": filters,
        "sources": SOURCE_LABELS,
        "measure_options": [(s, MEASURES[s].name) for s in filters.measures()],
        "page_query": query,
        "default_area_code": settings.PARTNERSHIP_AREA_CODE,
        # What differs between users inside the cached part: whether they may upload.
        "fragment_key": f"{key}:{request.user.has_perm('incidents.add_importbatch')}",
        "fragment_seconds": CACHE_SECONDS,
        **page.context,
        **extra,
    }
    response = render(request, template, context)
    if replay:  # the same user may be served it again from memory, until the page goes
        replayable(response, until=cached.until, generation=parsed.generation)
    return response


def _no_reference_data(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/no_reference.html", status=200)


def _page(
    request: HttpRequest,
    template: str,
    name: str,
    build: Callable[[Filters], Page],
    *,
    replay: bool = True,
    **extra: Any,
) -> HttpResponse:
    parsed = _parse(request)
    if parsed is None:
        return _no_reference_data(request)
    cached = parsed.cached(name, lambda: build(parsed.filters))
    return _respond(request, template, parsed, cached, replay=replay, **extra)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The overview every role lands on: headline tiles, the trend, strategy progress."""
    return _page(
        request,
        "dashboard/overview.html",
        "overview",
        lambda filters: overview_page(filters=filters),
    )


@require_GET
def measure_index(request: HttpRequest) -> HttpResponse:
    """Every measure, what it counts and its latest headline: the glossary of the figures."""
    return _page(
        request,
        "dashboard/measure_index.html",
        "measures",
        lambda filters: measures_page(filters=filters),
    )


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
    return _page(
        request,
        "dashboard/measure.html",
        f"measure:{slug}",
        lambda filters: measure_page(slug=slug, filters=filters),
        stem=slug,
    )


@require_GET
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})  # type: ignore[arg-type]  # django-csp types views as (request) only
def measure_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """A measure's headline and month-by-month trend alone, for other pages of this site to
    embed by URL (a strategy action shows the measures it should move): the strategy app never
    imports the dashboard. Suppressed exactly as the measure page, whose content it shares."""
    if slug not in MEASURES:
        raise Http404("No such measure")
    # Not replayed from memory: its own framing policy is set on the response by decorators.
    return _page(
        request,
        "dashboard/embed.html",
        f"measure:{slug}",
        lambda filters: measure_page(slug=slug, filters=filters),
        stem=slug,
        replay=False,
    )


@require_GET
def area_map(request: HttpRequest) -> HttpResponse:
    offered = measures_for(request.GET.get("source", ""))
    slug = request.GET.get("measure", "")
    if slug not in offered:
        slug = "knife-crime" if "knife-crime" in offered else offered[0]
    parsed = _parse(request)
    if parsed is None:
        return _no_reference_data(request)
    name, period = f"map:{slug}", None
    if parsed.filters.value == HOT_SPOTS:
        # The hot-spot layer reads a stored period; one not stored yet is asked for, and the
        # page names the period's state so that it is rebuilt once the period is done.
        period = hot_spot_period_for(slug=slug, end=parsed.filters.end)
        name = f"map:{slug}:{period.cache_key if period else 'none'}"
    cached = parsed.cached(name, lambda: map_page(slug=slug, filters=parsed.filters, period=period))
    return _respond(
        request,
        "dashboard/map.html",
        parsed,
        cached,
        replay=not cached.page.context.get("pending"),
        stem=f"map-{slug}",
        slug=slug,
        levels=MAP_LEVELS,
        values=MAP_VALUES,
    )


COMPARE_DEFAULT = "violence-and-sexual-offences"


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """How the partnership's local authority, partnership or force compares with every other of
    its kind in England and Wales, for a police.uk measure."""
    police = [slug for slug, m in MEASURES.items() if m.police_category]
    slug = request.GET.get("measure", "")
    slug = slug if slug in police else COMPARE_DEFAULT
    among = request.GET.get("among", "")
    among = among if among in AMONG else Area.Level.LOCAL_AUTHORITY.value
    parsed = _parse(request)
    partnership = area_get(code=settings.PARTNERSHIP_AREA_CODE)
    if parsed is None or partnership is None:
        return _no_reference_data(request)
    cached = parsed.cached(
        f"compare:{slug}:{among}",
        lambda: compare_page(
            slug=slug, filters=parsed.filters, among=among, partnership=partnership
        ),
    )
    return _respond(
        request,
        "dashboard/compare.html",
        parsed,
        cached,
        replay=True,
        stem=f"compare-{slug}-{among}",
        slug=slug,
        among=among,
        among_options=AMONG,
        measure_options=[(s, MEASURES[s].name) for s in police],
    )


@require_GET
def board_pack(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "dashboard/board_pack.html",
        "board-pack",
        lambda filters: board_pack_page(filters=filters),
        stem="board-pack",
    )


# --- hot spots ----------------------------------------------------------------------------------

# The measure the hot-spot page opens on when none is asked for: the first of these the source
# filter offers.
HOT_SPOT_DEFAULTS = ("serious-violence", "violence-and-sexual-offences", "knife-crime")
MAX_PLACES = 60  # an action's places shown at most (each is a row per measure)


def _hot_spot_measure(request: HttpRequest) -> str:
    offered = measures_for(request.GET.get("source", ""))
    slug = request.GET.get("measure", "")
    if slug in offered:
        return slug
    return next((s for s in HOT_SPOT_DEFAULTS if s in offered), offered[0])


@require_GET
def hot_spots(request: HttpRequest) -> HttpResponse:
    """Where a measure's incidents cluster, how that is changing and how concentrated they
    are: read from stored results; a period not stored yet is asked for and computed by a task."""
    parsed = _parse(request)
    if parsed is None:
        return _no_reference_data(request)
    slug = _hot_spot_measure(request)
    period = hot_spot_period_for(slug=slug, end=parsed.filters.end)
    cached = parsed.cached(
        f"hot-spots:{slug}:{period.cache_key if period else 'none'}",
        lambda: hot_spots_page(slug=slug, filters=parsed.filters, period=period),
    )
    return _respond(
        request,
        "dashboard/hot_spots.html",
        parsed,
        cached,
        replay=not cached.page.context.get("pending"),
        stem=f"hot-spots-{slug}",
        slug=slug,
    )


@require_GET
def hot_spots_geojson(request: HttpRequest) -> HttpResponse:
    """The hot-spot layer as GeoJSON for a GIS: each LSOA's boundary with its code, name,
    ward, class and trend as the page shows them, and its 12-month count under the same
    suppression (a mark in place of a hidden count)."""
    parsed = _parse(request)
    if parsed is None:
        return _no_reference_data(request)
    slug = _hot_spot_measure(request)
    period = hot_spot_period_for(slug=slug, end=parsed.filters.end)
    if period is None or period.status not in HOT_SPOT_LAYERS:
        raise Http404("No hot spots for this period yet")
    collection = hot_spots_feature_collection(slug=slug, period=period, scope=parsed.filters.area)
    response = HttpResponse(
        json.dumps(collection, ensure_ascii=False), content_type="application/geo+json"
    )
    name = f"hot-spots-{slug}-{parsed.filters.area.code}-{period.last_month:%Y-%m}.geojson"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def hot_spot_places(request: HttpRequest) -> HttpResponse:
    """Whether some places (LSOA or ward codes, ``places=``) are hot spots now, per measure
    (``measures=``), for the strategy's action pages to embed by URL: the strategy app never
    imports the dashboard. Suppressed as the hot-spot page, whose stored results it reads."""
    parsed = _parse(request)
    if parsed is None:
        return _no_reference_data(request)
    codes = sorted({c.strip() for c in request.GET.get("places", "").split(",") if c.strip()})
    codes = codes[:MAX_PLACES]
    slugs = [s for s in request.GET.get("measures", "").split(",") if s in MEASURES]
    slugs = slugs or list(HOT_SPOT_DEFAULTS[:1])
    periods = {s: hot_spot_period_for(slug=s, end=None) for s in slugs}
    key = ",".join(f"{s}={p.cache_key if p else 'none'}" for s, p in periods.items())
    places = hashlib.sha256(",".join(codes).encode()).hexdigest()[:32]
    cached = parsed.cached(
        f"hot-spot-places:{places}:{key}",
        lambda: hot_spot_places_page(codes=codes, periods=periods),
    )
    return _respond(request, "dashboard/hot_spot_places.html", parsed, cached, replay=False)
