"""Incidents counted per place and month in SQL, then rolled up to every area above the place.

A place is an LSOA (either vintage), or for rows without one a local authority (hospital and
partnership rows placed in the partnership) or a police force ("No Location" police.uk rows).
police.uk force totals come from "Falls within", not from the LSOA: a force's file is complete
for the force, while its rows in other forces' LSOAs are not that force's whole count."""

from __future__ import annotations

from datetime import date

import pandas as pd
from django.db.models import Count

from incidents.models import Incident, Source

from ..measures import Measure
from ..models import BreakdownFigure
from .geography import Geography

COUNT_COLUMNS = ["measure", "area", "month", "count"]
# Breakdown dimensions and the incident column each splits by.
SPLIT_COLUMNS = {
    BreakdownFigure.Dimension.CATEGORY.value: "category",
    BreakdownFigure.Dimension.AGE_BAND.value: "victim_age_band",
}
SPLIT_FRAME_COLUMNS = ["measure", "area", "month", "dimension", "key", "count"]


def incident_counts(
    measures: list[Measure], geo: Geography, since: date | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(``COUNT_COLUMNS``, ``SPLIT_FRAME_COLUMNS``): every measure's count per area and month
    from ``since`` (all months if None), and the splits of the measures whose incidents have more
    than one offence type or a victim age. Only months with incidents appear: whether a month
    without any is 0 or "no data" is coverage's to say (``series``)."""
    counts, splits = [], []
    by_category = [m for m in measures if m.police_category]
    if by_category:
        # One crime type each: a plain GROUP BY with the category, as cheap as the raw one.
        rows = (
            Incident.objects.from_source(Source.POLICEUK_STREET)
            .in_categories([m.police_category for m in by_category])
            .since(since)
        )
        keys = ["lsoa_code", "force", "month", "category"]
        grouped = rows.values(*keys).annotate(n=Count("id")).values_list(*keys, "n")
        frame = pd.DataFrame.from_records(list(grouped), columns=[*keys, "n"])
        frame["la_code"] = ""  # police.uk rows are placed by LSOA or force, never by LA
        for measure in by_category:
            part = frame[frame["category"] == measure.police_category]
            counts.append(_sum(_roll_up(part, "n", measure, geo), []))
    # The other measures (partnership and hospital data) in one more pass: each measure's own
    # filter names its source.
    of_source = [m for m in measures if not m.police_category]
    if of_source:
        rows = Incident.objects.from_sources({m.source for m in of_source}).since(since)
        keys = ["lsoa_code", "la_code", "force", "month", *SPLIT_COLUMNS.values()]
        names = [f"m{i}" for i in range(len(of_source))]
        grouped = (
            rows.values(*keys)
            .annotate(
                **{
                    name: Count("id", filter=m.filter())
                    for name, m in zip(names, of_source, strict=True)
                }
            )
            .values_list(*keys, *names)
        )
        frame = pd.DataFrame.from_records(list(grouped), columns=[*keys, *names])
        for name, measure in zip(names, of_source, strict=True):
            rolled = _roll_up(frame[frame[name] > 0], name, measure, geo)
            counts.append(_sum(rolled, []))
            for dimension, column in SPLIT_COLUMNS.items():
                split = _sum(rolled, [column]).rename(columns={column: "key"})
                splits.append(split.assign(dimension=dimension))
    return (
        pd.concat(counts, ignore_index=True) if counts else pd.DataFrame(columns=COUNT_COLUMNS),
        (
            pd.concat(splits, ignore_index=True)[SPLIT_FRAME_COLUMNS]
            if splits
            else pd.DataFrame(columns=SPLIT_FRAME_COLUMNS)
        ),
    )


def _sum(rolled: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return rolled.groupby(["measure", "area", "month", *by], as_index=False, sort=False)[
        "count"
    ].sum()


def _roll_up(part: pd.DataFrame, column: str, measure: Measure, geo: Geography) -> pd.DataFrame:
    """Counts per LSOA/LA/force row -> one row per area above it (the row's other columns kept,
    the count in ``count``)."""
    police = measure.source == Source.POLICEUK_STREET
    chains: dict[tuple[str, str, str], list[int]] = {}
    places = part[["lsoa_code", "la_code", "force"]].drop_duplicates()
    for lsoa, la, force in places.itertuples(index=False):
        if lsoa and lsoa in geo.lsoa_ids:
            chain = geo.ancestors[geo.lsoa_ids[lsoa]]
        elif not lsoa and la in geo.la_ids:
            chain = geo.ancestors[geo.la_ids[la]]
        else:
            chain = []
        if police:
            chain = [a for a in chain if a != geo.force_of.get(a)]
            if (force_id := geo.force_ids_by_name.get(force)) is not None:
                chain = [*chain, force_id]
        chains[(lsoa, la, force)] = chain
    placed = part.assign(
        area=[
            chains[k] for k in zip(part["lsoa_code"], part["la_code"], part["force"], strict=True)
        ],
        count=part[column],
        measure=measure.slug,
    )
    placed = placed.explode("area", ignore_index=True).dropna(subset=["area"])
    return placed.astype({"area": "int64"})
