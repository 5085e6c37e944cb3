"""The map: wards or LSOAs shaded by count or rate, drawn from the shipped boundaries."""

from __future__ import annotations

from incidents.models import Area

from .. import charts
from ..board_cells import area_cells, shown_text
from ..filters import Filters
from ..measures import MEASURES
from ..selectors import figure_months, map_areas
from ..suppression import threshold_for
from ..tables import Column, Table
from .common import Chart, Page, end_month


def map_page(*, slug: str, filters: Filters) -> Page:
    """The local authority's wards or LSOAs, or a ward's LSOAs (an LSOA shows its ward's)."""
    spec = MEASURES[slug]
    scope = filters.area if filters.area.level != Area.Level.LSOA else filters.area.parent
    scope = scope or filters.area
    level = Area.Level.LSOA.value if scope.level == Area.Level.WARD else filters.level
    areas = map_areas(scope=scope, level=level)
    months = figure_months(measures=[slug], area=scope)
    page = Page(
        title=f"Map: {spec.name}",
        context={"measure": spec, "months": months, "scope": scope, "level": level},
    )
    end = end_month(filters, months)
    if end is None:
        return page
    page.context["end"] = end
    threshold = threshold_for(spec.source)
    rate_label = f"Rate {spec.rate_label}"
    value_label = rate_label if filters.value == "rate" else f"{spec.noun.capitalize()}"
    level_name, level_noun = (
        ("Ward", "ward") if level == "ward" else ("Neighbourhood (LSOA)", "neighbourhood")
    )
    table = Table(
        "map", f"{spec.name} by {level_noun}, 12 months to {end:%B %Y}",
        [Column(level_name), Column("Code"), Column(f"{spec.noun.capitalize()} in 12 months",
         "count"), Column(rate_label, "rate")],
        threshold=threshold,
    )  # fmt: skip
    features, codes, names, values, shown = [], [], [], [], []
    cells = area_cells(measure=slug, parent=scope, areas=areas, month=end, threshold=threshold)
    for c in cells:
        area, drawn, cell, rate = c.area, c.drawn, c.cell, c.rate
        table.rows.append([area.name, area.code, cell, rate])
        if area.geometry:
            features.append({"type": "Feature", "id": area.code, "geometry": area.geometry,
                             "properties": {}})  # fmt: skip
            codes.append(area.code)
            names.append(area.name)
            value = rate if filters.value == "rate" else drawn
            values.append(value if isinstance(value, int | float) else None)
            if value is None or isinstance(value, str):
                shown.append(f"{shown_text(cell)} {spec.noun} (not shown on the map)")
            elif filters.value == "rate":
                shown.append(f"{value:,.2f} {spec.rate_label} ({shown_text(cell)} {spec.noun})")
            else:
                shown.append(f"{value:,} {spec.noun}")
    page.charts.append(
        Chart(
            "map", f"{spec.name} by {level_noun}",
            f"Darker areas had more {spec.noun} in the 12 months to {end:%B %Y}"
            + (" for their population" if filters.value == "rate" else "")
            + f". Grey areas had fewer than {threshold}, no figures, or are hidden so that a "
            "smaller number cannot be worked out, so are not shown.",
            table,
            charts.choropleth(features=features, codes=codes, names=names, values=values,
                              shown=shown, value_label=value_label) if features else None,
            empty="No boundaries are loaded for these areas." if not features else "",
            wide=True,
        )
    )  # fmt: skip
    return page
