"""The map: wards or LSOAs shaded by count or rate, drawn from the shipped boundaries."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incidents.models import Area

from .. import charts
from ..disclosure.policy import threshold_for
from ..filters import HOT_SPOTS, Filters
from ..measures import MEASURES
from ..models import HotSpotPeriod
from ..selectors import figure_months, map_areas
from ..tables import Column, Table, display
from .common import Chart, Page, end_month
from .hotspots import hot_spot_layer_page


def map_page(*, slug: str, filters: Filters, period: HotSpotPeriod | None = None) -> Page:
    """The local authority's wards or LSOAs, or a ward's LSOAs (an LSOA shows its ward's);
    coloured by hot spots, the LSOAs of ``period`` (the 12 months to the chosen month)."""
    if filters.value == HOT_SPOTS:
        return hot_spot_layer_page(slug=slug, filters=filters, period=period)
    spec = MEASURES[slug]
    scope = filters.area if filters.area.level != Area.Level.LSOA else filters.area.parent
    scope = scope or filters.area
    level = Area.Level.LSOA.value if scope.level == Area.Level.WARD else filters.level
    areas = map_areas(scope=scope, level=level)
    months = figure_months(measures=[slug], area=scope)
    page = Page(
        title=_("Map: %(measure)s") % {"measure": spec.name},
        context={"measure": spec, "months": months, "scope": scope, "level": level},
    )
    end = end_month(filters, months)
    if end is None:
        return page
    page.context["end"] = end
    threshold = threshold_for(spec.source)
    rate_label = _("Rate %(unit)s") % {"unit": spec.rate_label}
    noun = str(spec.noun)
    value_label = rate_label if filters.value == "rate" else noun.capitalize()
    level_name, level_noun = (
        (_("Ward"), _("ward"))
        if level == "ward"
        else (_("Neighbourhood (LSOA)"), _("neighbourhood"))
    )
    words = {
        "measure": spec.name,
        "kind": level_noun,
        "month": date_format(end, "F Y"),
        "noun": noun,
        "threshold": threshold,
    }
    table = Table(
        "map",
        _("%(measure)s by %(kind)s, 12 months to %(month)s") % words,
        [
            Column(level_name),
            Column(_("Code")),
            Column(_("%(noun)s in 12 months") % {"noun": noun.capitalize()}, "count"),
            Column(rate_label, "rate"),
        ],
        threshold=threshold,
    )
    features, codes, names, values, shown = [], [], [], [], []
    rows = page.ledger.areas(measure=slug, parent=scope, children=areas, month=end)
    for row in rows:
        area, drawn = row.area, row.total.drawn
        rate = row.rate.drawn if row.rate is not None else None
        count_text = display(row.total.shown, "count")
        table.rows.append([area.name, area.code, row.total, row.rate])
        if area.geometry:
            features.append(
                {"type": "Feature", "id": area.code, "geometry": area.geometry, "properties": {}}
            )
            codes.append(area.code)
            names.append(area.name)
            value = rate if filters.value == "rate" else drawn
            values.append(value)
            if value is None:
                shown.append(
                    _("%(count)s %(noun)s (not shown on the map)")
                    % {"count": count_text, "noun": noun}
                )
            elif filters.value == "rate":
                shown.append(f"{value:,.2f} {spec.rate_label} ({count_text} {noun})")
            else:
                shown.append(f"{value:,} {noun}")
    page.charts.append(
        Chart(
            "map",
            _("%(measure)s by %(kind)s") % words,
            (
                _(
                    "Darker areas had more %(noun)s in the 12 months to %(month)s for their "
                    "population."
                )
                if filters.value == "rate"
                else _("Darker areas had more %(noun)s in the 12 months to %(month)s.")
            )
            % words
            + " "
            + _(
                "Grey areas had fewer than %(threshold)s, no figures, or are hidden so "
                "that a smaller number cannot be worked out, so are not shown."
            )
            % words,
            table,
            charts.choropleth(
                features=features,
                codes=codes,
                names=names,
                values=values,
                shown=shown,
                value_label=value_label,
            )
            if features
            else None,
            empty=_("No boundaries are loaded for these areas.") if not features else "",
            wide=True,
        )
    )
    return page
