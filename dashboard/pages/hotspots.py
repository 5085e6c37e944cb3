"""Hot spots: where a measure's incidents cluster (Getis–Ord Gi*), how that is changing
(emerging hot spots) and how concentrated they are, read from stored results (never computed
in a request). Board-facing like every page: each LSOA's 12-month count is suppressed exactly
as the map's table suppresses it, and a class is shown only where the computation found it
could not give a hidden count away (``hotspot_services._board_classes``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Area
from incidents.months import parse_month

from .. import charts, hotspot_charts, hotspots
from ..charts import Series
from ..disclosure.ledger import Cell, Ledger
from ..disclosure.policy import threshold_for
from ..filters import Filters
from ..hotspot_selectors import hot_spots_of, partnership_area, partnership_lsoas
from ..measures import MEASURES
from ..models import HotSpot, HotSpotPeriod
from ..selectors import figure_months
from ..tables import Column, Table, display
from .common import Chart, Page, end_month

CLASS_LABELS = {
    # xgettext:no-python-format
    hotspots.HOT_99: gettext_lazy("Hot spot, 99% confidence"),
    # xgettext:no-python-format
    hotspots.HOT_95: gettext_lazy("Hot spot, 95% confidence"),
    # xgettext:no-python-format
    hotspots.HOT_90: gettext_lazy("Hot spot, 90% confidence"),
    hotspots.NOT_SIGNIFICANT: gettext_lazy("Not significant"),
    # xgettext:no-python-format
    hotspots.COLD_90: gettext_lazy("Cold spot, 90% confidence"),
    # xgettext:no-python-format
    hotspots.COLD_95: gettext_lazy("Cold spot, 95% confidence"),
    # xgettext:no-python-format
    hotspots.COLD_99: gettext_lazy("Cold spot, 99% confidence"),
}
NOT_SHOWN = gettext_lazy("Not shown")
NO_CLASS = gettext_lazy("No class: too few incidents")
# The emerging categories, named and defined as ESRI's Emerging Hot Spot Analysis does.
TREND_LABELS = {
    "new-hot": gettext_lazy("New hot spot"),
    "consecutive-hot": gettext_lazy("Consecutive hot spot"),
    "intensifying-hot": gettext_lazy("Intensifying hot spot"),
    "persistent-hot": gettext_lazy("Persistent hot spot"),
    "diminishing-hot": gettext_lazy("Diminishing hot spot"),
    "sporadic-hot": gettext_lazy("Sporadic hot spot"),
    "oscillating-hot": gettext_lazy("Oscillating hot spot"),
    "historical-hot": gettext_lazy("Historical hot spot"),
    "new-cold": gettext_lazy("New cold spot"),
    "consecutive-cold": gettext_lazy("Consecutive cold spot"),
    "intensifying-cold": gettext_lazy("Intensifying cold spot"),
    "persistent-cold": gettext_lazy("Persistent cold spot"),
    "diminishing-cold": gettext_lazy("Diminishing cold spot"),
    "sporadic-cold": gettext_lazy("Sporadic cold spot"),
    "oscillating-cold": gettext_lazy("Oscillating cold spot"),
    "historical-cold": gettext_lazy("Historical cold spot"),
    "no-pattern": gettext_lazy("No pattern"),
}
TREND_DEFINITIONS = {
    "new": gettext_lazy(
        "A significant hot spot in the latest month, and never a significant hot spot before "
        "in the 24 months."
    ),
    "consecutive": gettext_lazy(
        # xgettext:no-python-format
        "An unbroken run of at least two months as a significant hot spot, up to the latest "
        "month; never a hot spot before the run, and hot in fewer than 90% of the months."
    ),
    "intensifying": gettext_lazy(
        # xgettext:no-python-format
        "A significant hot spot in at least 90% of the months, the latest included, and the "
        "clustering of high counts has grown stronger over time (a significant Mann–Kendall "
        "trend)."
    ),
    "persistent": gettext_lazy(
        # xgettext:no-python-format
        "A significant hot spot in at least 90% of the months, the latest included, with no "
        "significant trend in how strongly high counts cluster."
    ),
    "diminishing": gettext_lazy(
        # xgettext:no-python-format
        "A significant hot spot in at least 90% of the months, the latest included, and the "
        "clustering has grown weaker over time (a significant Mann–Kendall trend)."
    ),
    "sporadic": gettext_lazy(
        # xgettext:no-python-format
        "A significant hot spot in the latest month that has been one on and off before; hot "
        "in fewer than 90% of the months and never a significant cold spot."
    ),
    "oscillating": gettext_lazy(
        # xgettext:no-python-format
        "A significant hot spot in the latest month that has been a significant cold spot in an "
        "earlier month; hot in fewer than 90% of the months."
    ),
    "historical": gettext_lazy(
        # xgettext:no-python-format
        "Not a hot spot in the latest month, but a significant hot spot in at least 90% of the "
        "months."
    ),
}
CLASS_ORDER = {key: i for i, key in enumerate(hotspots.CLASSES)}
PENDING = (HotSpotPeriod.Status.PENDING, HotSpotPeriod.Status.RUNNING)


def class_label(key: str, period: HotSpotPeriod | None = None) -> str:
    if period is not None and period.status == HotSpotPeriod.Status.TOO_FEW:
        return str(NO_CLASS)
    return str(CLASS_LABELS.get(key, NOT_SHOWN))


@dataclass
class PlaceRow:
    """One LSOA as a board sees it."""

    area: Area
    ward: str
    key: str  # the class a board may see, "" when not shown
    label: str
    trend: str  # the emerging category in words, "" when none is shown
    trend_key: str
    cell: Cell | None  # the 12-month count as the table shows it (published by the ledger)
    count: int  # the count itself: for ordering and checks only, never shown

    @property
    def drawn(self) -> float | None:
        return self.cell.drawn if self.cell is not None else None


def place_rows(ledger: Ledger, *, slug: str, period: HotSpotPeriod, month: date) -> list[PlaceRow]:
    """Every LSOA of the partnership, its board class and trend, and its 12-month count under
    the map's suppression (the counts grouped against the partnership's total, published
    through the page's ``ledger``), by LSOA code. A class whose LSOA count the page hides is not
    shown, whatever was stored."""
    lsoas = partnership_lsoas(with_geometry=False)
    parent = partnership_area()
    cells = (
        {
            r.area.pk: r.total
            for r in ledger.areas(
                measure=slug, parent=parent, children=lsoas, month=month, details=False
            )
        }
        if parent is not None
        else {}
    )
    spots = {s.area_id: s for s in hot_spots_of(period=period)}
    rows = []
    for area in lsoas:
        cell = cells.get(area.pk)
        spot: HotSpot | None = spots.get(area.pk)
        visible = cell is not None and cell.drawn is not None
        key = spot.board_class if spot is not None and visible else ""
        trend = spot.trend if spot is not None and key else ""
        rows.append(
            PlaceRow(
                area=area,
                ward=area.parent.name if area.parent else "",
                key=key,
                label=class_label(key, period),
                trend=str(TREND_LABELS.get(trend, "")),
                trend_key=trend,
                cell=cell,
                count=spot.count if spot is not None else 0,
            )
        )
    return rows


def _in_scope(rows: list[PlaceRow], scope: Area) -> list[PlaceRow]:
    if scope.level == Area.Level.WARD:
        return [r for r in rows if r.area.parent_id == scope.pk]
    if scope.level == Area.Level.LSOA:
        ward = scope.parent_id
        return [r for r in rows if r.area.parent_id == ward]
    return rows


def _sorted(rows: list[PlaceRow]) -> list[PlaceRow]:
    """Hot spots first (strongest first), then cold, then the rest; by name within a class."""
    return sorted(
        rows,
        key=lambda r: (
            CLASS_ORDER.get(r.key, len(CLASS_ORDER))
            if r.key != hotspots.NOT_SIGNIFICANT
            else len(CLASS_ORDER) - 0.5,
            r.area.name,
        ),
    )


@dataclass
class LegendEntry:
    key: str
    label: str
    colour: str
    places: int


def legend(rows: list[PlaceRow], period: HotSpotPeriod) -> list[LegendEntry]:
    """The classes in words, with how many LSOAs each holds (every class listed, even at 0)."""
    counts = Counter(r.key for r in rows)
    keys = [*hotspots.CLASSES, ""]
    return [
        LegendEntry(
            key or "none",
            class_label(key, period),
            hotspot_charts.CLASS_COLOURS[key],
            counts.get(key, 0),
        )
        for key in keys
        if period.status == HotSpotPeriod.Status.DONE or key == ""
    ]


def hot_spot_map_chart(
    *, slug: str, rows: list[PlaceRow], period: HotSpotPeriod, month: date, scope: Area
) -> Chart:
    """The hot-spot layer: the scope's LSOAs coloured by class, with its table (LSOA, ward,
    class, trend, 12-month count). Without a stable result nothing is coloured."""
    spec = MEASURES[slug]
    words = {
        "measure": spec.name,
        "month": date_format(month, "F Y"),
        "noun": spec.noun,
        "area": scope.name,
    }
    table = Table(
        "hot-spots",
        _("Hot spots: %(measure)s, 12 months to %(month)s") % words,
        [
            Column(_("Neighbourhood (LSOA)")),
            Column(_("Code")),
            Column(_("Ward")),
            Column(_("Hot or cold spot")),
            Column(_("How it is changing (24 months)")),
            Column(_("%(noun)s in 12 months") % {"noun": str(spec.noun).capitalize()}, "count"),
        ],
        threshold=threshold_for(spec.source),
    )
    shown_rows = _sorted(rows)
    for r in shown_rows:
        table.rows.append([r.area.name, r.area.code, r.ward, r.label, r.trend or "—", r.cell])
    geometry = {a.pk: a.geometry for a in partnership_lsoas() if a.geometry}
    features, names, keys, hover = [], [], [], []
    for r in rows:
        if r.area.pk not in geometry:
            continue
        features.append({"type": "Feature", "geometry": geometry[r.area.pk]})
        names.append(r.area.name)
        keys.append(r.key if period.status == HotSpotPeriod.Status.DONE else "")
        count = display(r.cell.shown, "count") if r.cell is not None else display(None, "count")
        hover.append(f"{r.label}; {count} {spec.noun}" + (f"; {r.trend}" if r.trend else ""))
    coloured = period.status == HotSpotPeriod.Status.DONE
    summary = (
        _(
            "Neighbourhoods where %(noun)s in the 12 months to %(month)s clustered: each is "
            "compared with its neighbours and with the whole partnership. Warm colours are hot "
            "spots, cool colours cold spots; grey ones are not shown or had no class."
        )
        % words
        if coloured
        else _("No neighbourhood is coloured: there is no stable result for this period.")
    )
    return Chart(
        "hot-spot-map",
        _("Hot spots of %(measure)s in %(area)s") % words,
        summary,
        table,
        hotspot_charts.hot_spot_map(features=features, names=names, classes=keys, shown=hover)
        if features
        else None,
        empty=_("No boundaries are loaded for these neighbourhoods.") if not features else "",
        wide=True,
        legend=legend(rows, period) if features else [],
    )


def emerging_chart(*, slug: str, rows: list[PlaceRow], period: HotSpotPeriod) -> Chart:
    """How many LSOAs fall in each emerging category (of those whose class a board may see)."""
    spec = MEASURES[slug]
    first = period.emerging_first or period.last_month
    words = {
        "first": date_format(first, "F Y"),
        "last": date_format(period.last_month, "F Y"),
        "noun": spec.noun,
    }
    table = Table(
        "emerging",
        _("How hot spots are changing, %(first)s to %(last)s") % words,
        [Column(_("Pattern")), Column(_("Neighbourhoods"), "number"), Column(_("What it means"))],
    )
    available = period.emerging_status == HotSpotPeriod.Status.DONE
    if available:
        counts = Counter(r.trend_key for r in rows if r.trend_key)
        for pattern in hotspots.PATTERNS:
            for kind in ("hot", "cold"):
                key = f"{pattern}-{kind}"
                if counts.get(key):
                    table.rows.append(
                        [str(TREND_LABELS[key]), counts[key], str(TREND_DEFINITIONS[pattern])]
                    )
        table.rows.append(
            [
                str(TREND_LABELS["no-pattern"]),
                counts.get("no-pattern", 0),
                _("None of the patterns above."),
            ]
        )
        hidden = sum(1 for r in rows if not r.trend_key)
        if hidden:
            table.note = _("%(count)s neighbourhoods are left out: their class is not shown.") % {
                "count": hidden
            }
    detail = period.detail or {}
    if available:
        empty = ""
    elif period.emerging_status == HotSpotPeriod.Status.NOT_COVERED:
        empty = _(
            "No emerging hot spots: the source does not cover every one of the 24 months "
            "(%(months)s missing)."
        ) % {"months": _month_list(detail.get("emerging_missing", []))}
    elif period.emerging_status == HotSpotPeriod.Status.TOO_FEW:
        empty = _(
            "No emerging hot spots: each month needs at least %(minimum)s %(noun)s for its own "
            "hot spots, and %(months)s had fewer."
        ) % {
            "minimum": detail.get("min_month_incidents", hotspots.MIN_MONTH_INCIDENTS),
            "noun": spec.noun,
            "months": _month_list(detail.get("emerging_few", [])),
        }
    else:
        empty = _("No emerging hot spots for this period.")
    figure = None
    if available and table.rows:
        series = Series(
            values=[float(r[1]) for r in table.rows], shown=[f"{r[1]:,}" for r in table.rows]
        )
        figure = charts.bars(
            labels=[r[0] for r in table.rows],
            series=series,
            noun=_("neighbourhoods"),
            value_title=_("Neighbourhoods"),
        )
    return Chart(
        "emerging",
        _("How hot spots are changing"),
        _(
            "Each neighbourhood's hot-spot score month by month over %(first)s to %(last)s, "
            "summed up as ESRI's emerging hot-spot patterns: how many neighbourhoods show each."
        )
        % words,
        table,
        figure,
        empty=empty,
    )


def _month_list(months: list[str]) -> str:
    parsed = [m for m in (parse_month(t) for t in months) if m is not None]
    if len(parsed) > 4:
        return _("%(first)s to %(last)s, %(count)s months") % {
            "first": date_format(parsed[0], "F Y"),
            "last": date_format(parsed[-1], "F Y"),
            "count": len(parsed),
        }
    return ", ".join(date_format(m, "F Y") for m in parsed)


def concentration_view(
    *, slug: str, rows: list[PlaceRow], period: HotSpotPeriod
) -> dict[str, Any] | None:
    """The concentration figures a board may see, or None. Rounded so that no small count can
    be worked out: the curve to ``hotspots.curve_step`` of the total, the share of places
    holding half only when every LSOA it counts has its count shown."""
    found = period.concentration
    if not found:
        return None
    threshold = threshold_for(MEASURES[slug].source)
    step = hotspots.curve_step(found["total"], threshold)
    if step is None:
        return {"too_few": True}
    earlier = period.concentration_year_earlier
    earlier_step = hotspots.curve_step(earlier["total"], threshold) if earlier else None
    hidden = sum(1 for r in rows if r.drawn is None)
    counts_hidden_in_top = _top_hidden(rows, found["places_for_half"])
    digits = 2 if step <= 0.05 else 1
    view: dict[str, Any] = {
        "too_few": False,
        "step": step,
        "curve": hotspots.rounded_curve(found["curve"], step=step),
        "gini": round(found["gini"], digits),
        "share_for_half": None if counts_hidden_in_top else round(found["share_for_half"] * 100),
        "places_for_half": None if counts_hidden_in_top else found["places_for_half"],
        "places": found["places"],
        "hidden": hidden,
    }
    if earlier and earlier_step is not None:
        view["earlier_curve"] = hotspots.rounded_curve(earlier["curve"], step=earlier_step)
        view["earlier_gini"] = round(earlier["gini"], 2 if earlier_step <= 0.05 else 1)
        view["earlier_share_for_half"] = round(earlier["share_for_half"] * 100)
    return view


def _top_hidden(rows: list[PlaceRow], top: int) -> bool:
    """Whether the ``top`` busiest LSOAs (and any as busy as the last of them) take in one
    whose count is hidden: then "``top`` places hold half" would bound a hidden count."""
    ordered = sorted(rows, key=lambda r: r.count, reverse=True)
    if not ordered or top < 1:
        return False
    floor = ordered[min(top, len(ordered)) - 1].count
    return any(r.drawn is None for r in ordered if r.count >= floor)


def concentration_chart(
    *, slug: str, rows: list[PlaceRow], period: HotSpotPeriod
) -> tuple[Chart, dict[str, Any] | None]:
    spec = MEASURES[slug]
    view = concentration_view(slug=slug, rows=rows, period=period)
    words = {
        "month": date_format(period.last_month, "F Y"),
        "noun": spec.noun,
        "measure": spec.name,
    }
    now_label = _("12 months to %(month)s") % words
    earlier_label = _("A year earlier")
    table = Table(
        "concentration",
        _("How concentrated %(noun)s are: share of neighbourhoods against share of %(noun)s")
        % words,
        [
            Column(_("Busiest neighbourhoods (share of all)")),
            Column(now_label),
            *([Column(earlier_label)] if view and view.get("earlier_curve") else []),
        ],
    )
    figure = None
    empty = ""
    if view is None:
        empty = _("No %(noun)s in this period.") % words
    elif view["too_few"]:
        empty = (
            _(
                "Too few %(noun)s to show how concentrated they are without giving small numbers "
                "away."
            )
            % words
        )
    else:
        earlier = view.get("earlier_curve")
        for index, (share, value) in enumerate(view["curve"]):
            if index == 0:
                continue
            row = [f"{share * 100:.0f}%", f"{value * 100:.0f}%"]
            if earlier:
                row.append(f"{earlier[index][1] * 100:.0f}%")
            table.rows.append(row)
        lines = [(now_label, view["curve"])]
        if earlier:
            lines.append((earlier_label, earlier))
        figure = hotspot_charts.concentration_curve(
            lines=lines,
            x_title=_("Share of neighbourhoods, busiest first"),
            y_title=_("Share of %(noun)s") % words,
            equal_label=_("If every neighbourhood had as many"),
        )
        table.note = _(
            "Shares are rounded to the nearest %(step)s%% so that no small number can be worked "
            "out from them."
        ) % {"step": f"{view['step'] * 100:.0f}"}
    chart = Chart(
        "concentration",
        _("How concentrated %(noun)s are") % words,
        _(
            "The line shows what share of all %(noun)s the busiest neighbourhoods held. The "
            "further it bows above the dotted line, the more a few places hold most of them."
        )
        % words,
        table,
        figure,
        empty=empty,
    )
    return chart, view


def status_words(period: HotSpotPeriod | None, slug: str) -> str:
    """Why a period has no hot spots, in the reader's language ("" when it has them)."""
    if period is None:
        return _("There are no figures for this measure yet.")
    spec = MEASURES[slug]
    detail = period.detail or {}
    status = period.status
    if status in PENDING:
        return _("The hot spots for this period are being worked out. Reload the page in a minute.")
    if status == HotSpotPeriod.Status.NOT_COVERED:
        return _(
            "No hot spots: the source does not cover %(months)s, so this period has no total "
            "and no hot spots either."
        ) % {"months": _month_list(detail.get("missing", []))}
    if status == HotSpotPeriod.Status.TOO_FEW:
        return _(
            "Too few %(noun)s for a stable result: %(count)s in %(places)s neighbourhoods. Hot "
            "spots need at least %(minimum)s (one a neighbourhood on average, and at least "
            "%(floor)s), so the map is not coloured."
        ) % {
            "noun": spec.noun,
            "count": period.incidents,
            "places": period.places,
            "minimum": detail.get("min_incidents", hotspots.MIN_INCIDENTS),
            "floor": hotspots.MIN_INCIDENTS,
        }
    if status == HotSpotPeriod.Status.NO_PLACES:
        return _("This measure has no figures for neighbourhoods (LSOAs), so it has no hot spots.")
    if status == HotSpotPeriod.Status.FAILED:
        return _(
            "The hot spots for this period could not be worked out; the worker's log says why."
        )
    return ""


def hot_spots_page(*, slug: str, filters: Filters, period: HotSpotPeriod | None) -> Page:
    """The hot-spot page for ``period`` (the 12 months to the chosen month), or what is
    missing."""
    spec = MEASURES[slug]
    parent = partnership_area()
    months = figure_months(measures=[slug], area=parent) if parent else []
    scope = filters.area
    page = Page(
        title=_("Hot spots: %(measure)s") % {"measure": spec.name},
        context={
            "measure": spec,
            "months": months,
            "scope": scope,
            "period": period,
            "status_words": status_words(period, slug),
            "pending": period is not None and period.status in PENDING,
            "glossary": [
                (str(TREND_LABELS[f"{p}-hot"]), str(TREND_DEFINITIONS[p]))
                for p in hotspots.PATTERNS
            ],
        },
    )
    end = end_month(filters, months)
    page.context["end"] = end
    if end is None or period is None or period.status in PENDING:
        return page
    if period.status not in (HotSpotPeriod.Status.DONE, HotSpotPeriod.Status.TOO_FEW):
        return page  # no totals for the period (a month not covered), or nothing to show
    rows = place_rows(page.ledger, slug=slug, period=period, month=end)
    in_scope = _in_scope(rows, scope)
    page.context["legend"] = legend(in_scope, period)
    page.charts.append(
        hot_spot_map_chart(slug=slug, rows=in_scope, period=period, month=end, scope=scope)
    )
    if period.status == HotSpotPeriod.Status.DONE:
        page.charts.append(emerging_chart(slug=slug, rows=in_scope, period=period))
    chart, view = concentration_chart(slug=slug, rows=rows, period=period)
    page.charts.append(chart)
    page.context["concentration"] = view
    page.context["hidden_classes"] = sum(
        1 for r in in_scope if not r.key and period.status == HotSpotPeriod.Status.DONE
    )
    return page


def hot_spot_layer_page(*, slug: str, filters: Filters, period: HotSpotPeriod | None) -> Page:
    """The map coloured by hot spots: the hot-spot page's map, legend and table alone."""
    page = hot_spots_page(slug=slug, filters=filters, period=period)
    page.title = _("Map: %(measure)s") % {"measure": MEASURES[slug].name}
    page.charts = [c for c in page.charts if c.slug == "hot-spot-map"]
    scope = filters.area if filters.area.level != Area.Level.LSOA else filters.area.parent
    page.context.update({"scope": scope or filters.area, "level": Area.Level.LSOA.value})
    return page


# Periods whose LSOAs have a class or say why not (what the layer and its exports show).
HOT_SPOT_LAYERS = (HotSpotPeriod.Status.DONE, HotSpotPeriod.Status.TOO_FEW)


def hot_spots_feature_collection(
    *, slug: str, period: HotSpotPeriod, scope: Area
) -> dict[str, Any]:
    """The layer as GeoJSON (WGS84, as shipped): what the page shows of each LSOA in scope."""
    rows = _in_scope(place_rows(Ledger(), slug=slug, period=period, month=period.last_month), scope)
    geometry = {a.pk: a.geometry for a in partnership_lsoas() if a.geometry}
    too_few = period.status == HotSpotPeriod.Status.TOO_FEW
    features = []
    for r in rows:
        if r.area.pk not in geometry:
            continue
        features.append(
            {
                "type": "Feature",
                "id": r.area.code,
                "geometry": geometry[r.area.pk],
                "properties": {
                    "lsoa": r.area.code,
                    "name": r.area.name,
                    "ward": r.ward,
                    "class": "too-few" if too_few else (r.key or "not-shown"),
                    "class_label": r.label,
                    "trend": r.trend_key or None,
                    "trend_label": r.trend or None,
                    "count_12m": r.cell.shown if r.cell is not None else None,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "name": f"hot-spots-{slug}",
        "measure": slug,
        "from": f"{period.first_month:%Y-%m}",
        "to": f"{period.last_month:%Y-%m}",
        "method": (
            "Getis-Ord Gi* (esda), binary weights: LSOAs within 5 m in EPSG:27700, the LSOA "
            "itself included; 999 seeded conditional permutations; Benjamini-Hochberg FDR"
        ),
        "features": features,
    }


def hot_spot_places_page(*, codes: list[str], periods: dict[str, HotSpotPeriod | None]) -> Page:
    """For each place (an LSOA or a ward of the partnership; a 2021 LSOA is read as the 2011
    LSOA it lies in) and each measure: whether it is a hot spot now, and how that is changing."""
    ledger = Ledger()
    lsoas = {a.code: a for a in partnership_lsoas(with_geometry=False)}
    wards = {a.parent.code: a.parent for a in lsoas.values() if a.parent}
    newer = dict(
        Area.objects.filter(code__in=codes, level=Area.Level.LSOA, vintage=2021)
        .exclude(parent__isnull=True)
        .values_list("code", "parent__code")
    )
    places: list[tuple[str, Area | None]] = []
    for code in codes:
        place = lsoas.get(code) or wards.get(code) or lsoas.get(newer.get(code, ""))
        places.append((code, place))
    table = Table(
        "places",
        _("Are this action's places hot spots now?"),
        [
            Column(_("Place")),
            Column(_("Measure")),
            Column(_("Now")),
            Column(_("How it is changing")),
        ],
    )
    for slug, period in periods.items():
        spec = MEASURES[slug]
        done = period is not None and period.status in HOT_SPOT_LAYERS
        rows = (
            {
                r.area.pk: r
                for r in place_rows(ledger, slug=slug, period=period, month=period.last_month)
            }
            if done and period
            else {}
        )
        words = status_words(period, slug) if not done else ""
        for code, place in places:
            if place is None:
                table.rows.append(
                    [code, str(spec.name), _("Not one of the partnership's areas."), "—"]
                )
                continue
            name = f"{place.name} ({code})"
            if not done:
                table.rows.append([name, str(spec.name), words, "—"])
            elif place.level == Area.Level.WARD:
                inside = [r for r in rows.values() if r.area.parent_id == place.pk]
                hot = [r for r in inside if r.key.startswith("hot")]
                now = _("%(hot)s of %(all)s neighbourhoods are hot spots") % {
                    "hot": len(hot),
                    "all": len(inside),
                }
                if hot:
                    now += ": " + ", ".join(r.area.name for r in hot)
                hidden = sum(1 for r in inside if not r.key)
                if hidden and period and period.status == HotSpotPeriod.Status.DONE:
                    now += " " + _("(%(count)s not shown)") % {"count": hidden}
                table.rows.append([name, str(spec.name), now, "—"])
            else:
                row = rows.get(place.pk)
                table.rows.append(
                    [
                        name,
                        str(spec.name),
                        row.label if row else str(NOT_SHOWN),
                        (row.trend if row and row.trend else "—"),
                    ]
                )
    month = next((p.last_month for p in periods.values() if p is not None), None)
    page = Page(
        title=_("Hot spots of this action's places"), context={"month": month}, ledger=ledger
    )
    page.charts.append(
        Chart(
            "places",
            _("Are this action's places hot spots now?"),
            _("Each place's hot-spot class for the latest 12 months, measure by measure."),
            table,
            None,
            empty=" ",
        )
    )
    return page


def board_pack_hot_spots(ledger: Ledger, *, measures: tuple[str, ...], area: Area) -> list[Chart]:
    """The board pack's hot-spot section: for the first of ``measures`` whose latest 12 months
    have hot spots, the map with a table of its hot and cold spots only, and how concentrated
    the incidents are; otherwise one card saying why there are none. Hot spots are the whole
    partnership's: a pack for a ward or an LSOA (``area``) points to the partnership's instead
    (its own figures and the partnership's neighbourhoods, suppressed as different groups, must
    never stand on one page)."""
    from ..hotspot_selectors import hot_spot_latest_month, hot_spot_period_of_year

    reasons = []
    partnership = partnership_area()
    if partnership is not None and area.pk != partnership.pk:
        reasons.append(
            _(
                "Hot spots are worked out for the whole of %(partnership)s: its board pack shows "
                "them."
            )
            % {"partnership": partnership.name}
        )
        measures = ()
    for slug in measures:
        last = hot_spot_latest_month(measure=slug)
        period = hot_spot_period_of_year(measure=slug, end=last) if last else None
        if period is None or period.status != HotSpotPeriod.Status.DONE:
            reasons.append(f"{MEASURES[slug].name}: {status_words(period, slug)}")
            continue
        rows = place_rows(ledger, slug=slug, period=period, month=period.last_month)
        parent = partnership_area()
        scope = parent if parent is not None else rows[0].area
        chart = hot_spot_map_chart(
            slug=slug, rows=rows, period=period, month=period.last_month, scope=scope
        )
        chart.slug = "pack-hot-spots"
        chart.table.slug = "hot-spots"
        chart.table.rows = [
            r
            for r in chart.table.rows
            if r[3] not in (str(NOT_SHOWN), str(CLASS_LABELS[hotspots.NOT_SIGNIFICANT]))
        ]
        chart.table.note = _(
            "Only hot and cold spots are listed; every other neighbourhood was not significant "
            "or is not shown so that a small number cannot be worked out. The hot-spot page "
            "lists them all."
        )
        concentration, _view = concentration_chart(slug=slug, rows=rows, period=period)
        concentration.slug = "pack-concentration"
        return [chart, concentration]
    table = Table("hot-spots", _("Hot spots"), [Column(_("Measure"))])
    return [
        Chart(
            "pack-hot-spots",
            _("Hot spots"),
            " ".join(reasons),
            table,
            None,
            empty=_("No hot spots to report here."),
        )
    ]
