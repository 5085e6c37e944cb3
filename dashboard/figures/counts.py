"""Incidents counted per area and month in SQL (``geography`` says which areas and how).

police.uk measures: every local authority and partnership of England and Wales by the LSOA of
each row, every force by "Falls within" (a force's file is complete for the force, while its
rows in other forces' LSOAs are not that force's whole count), England and Wales as the sum of
its forces, and the partnership's wards and LSOAs. Partnership and hospital measures: the
partnership's own areas, rolled up its area tree from each row's LSOA (or, without one, its
local authority)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from django.db import connection
from django.db.models import Count

from incidents.models import Incident, LsoaMembership, Source

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
        counts.append(_police_counts(by_category, geo, since))
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


# Every police.uk row of the measures' crime types, counted in one scan by the local authority
# and partnership of its LSOA (through the national lookup; the 2011 row of a code kept in both
# vintages) and by the force it falls within.
# The lookup is one row per code, keyed, with statistics: the join is a hash join (or an index
# lookup), never a scan of the lookup per incident.
# The partnership's own LSOA codes carry themselves in ``detail`` (NULL for every other code), so
# the same scan also counts its LSOAs (and, through them, its wards): one pass over the rows.
_LOOKUP = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS figures_lsoa_lookup (
    code varchar(9) PRIMARY KEY, local_authority_id bigint, csp_id bigint, detail varchar(9)
) ON COMMIT DROP;
TRUNCATE figures_lsoa_lookup;
INSERT INTO figures_lsoa_lookup
    SELECT DISTINCT ON (code) code, local_authority_id, csp_id, NULL
    FROM {LsoaMembership._meta.db_table} ORDER BY code, vintage;
"""  # noqa: S608 - the table name from the model
_LOOKUP_DETAIL = """
INSERT INTO figures_lsoa_lookup (code, detail)
    SELECT code, code FROM unnest(%s::varchar[]) code
    ON CONFLICT (code) DO UPDATE SET detail = EXCLUDED.detail
"""
_POLICE_COUNTS = f"""
SELECT lookup.local_authority_id, lookup.csp_id, i.force, i.month, i.category, lookup.detail,
       count(*)
FROM {Incident._meta.db_table} i LEFT JOIN figures_lsoa_lookup lookup ON lookup.code = i.lsoa_code
WHERE i.source = %s AND i.category = ANY(%s) AND i.month >= %s
GROUP BY 1, 2, 3, 4, 5, 6
"""  # noqa: S608 - the table name from the model; every value a parameter


def _police_counts(measures: list[Measure], geo: Geography, since: date | None) -> pd.DataFrame:
    """``COUNT_COLUMNS`` of police.uk measures (one crime type each) for every area: local
    authorities and partnerships by LSOA, forces by "Falls within", England and Wales as the sum
    of its forces, and the partnership's wards and LSOAs (a second, small query by its LSOAs)."""
    slug_of = {m.police_category: m.slug for m in measures}
    params: list[Any] = [Source.POLICEUK_STREET.value, list(slug_of), since or date(1, 1, 1)]
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP)
        cursor.execute(_LOOKUP_DETAIL, [list(geo.lsoa_ids)])
        cursor.execute("ANALYZE figures_lsoa_lookup")
        cursor.execute(_POLICE_COUNTS, params)
        national = pd.DataFrame(
            cursor.fetchall(),
            columns=["la", "csp", "force", "month", "category", "lsoa", "count"],
        )
    detail = (
        national.dropna(subset=["lsoa"])
        .groupby(["lsoa", "month", "category"], as_index=False, sort=False)["count"]
        .sum()
    )
    national["measure"] = national["category"].map(slug_of)
    national["force"] = national["force"].map(geo.force_ids_by_name)
    forces = _sum_by(national, "force")
    parts = [_sum_by(national, "la"), _sum_by(national, "csp"), forces]
    if geo.country is not None:
        within = forces[forces["area"].isin(geo.forces)]
        parts.append(_sum_by(within.assign(country=geo.country), "country"))
    if not detail.empty:
        keep = geo.detail()
        detail["measure"] = detail["category"].map(slug_of)
        areas_of = {
            code: [a for a in geo.ancestors[geo.lsoa_ids[code]] if a in keep]
            for code in detail["lsoa"].unique()
        }
        detail["area"] = detail["lsoa"].map(areas_of)
        parts.append(_sum_by(detail.explode("area"), "area"))
    return pd.concat(parts, ignore_index=True)[COUNT_COLUMNS]


def _sum_by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Counts summed per measure, ``column`` (as ``area``) and month, rows without one dropped."""
    placed = frame.dropna(subset=[column])
    summed = placed.groupby(["measure", column, "month"], as_index=False, sort=False)["count"].sum()
    return summed.rename(columns={column: "area"}).astype({"area": "int64"})


def _sum(rolled: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return rolled.groupby(["measure", "area", "month", *by], as_index=False, sort=False)[
        "count"
    ].sum()


def _roll_up(part: pd.DataFrame, column: str, measure: Measure, geo: Geography) -> pd.DataFrame:
    """Partnership and hospital counts per LSOA or local-authority row -> one row per area
    above it in the area tree (the row's other columns kept, the count in ``count``); which of
    those areas the source covers is coverage's to say."""
    chains: dict[tuple[str, str], list[int]] = {}
    for lsoa, la in part[["lsoa_code", "la_code"]].drop_duplicates().itertuples(index=False):
        if lsoa and lsoa in geo.lsoa_ids:
            chains[(lsoa, la)] = geo.ancestors[geo.lsoa_ids[lsoa]]
        elif not lsoa and la in geo.la_ids:
            chains[(lsoa, la)] = geo.ancestors[geo.la_ids[la]]
        else:
            chains[(lsoa, la)] = []
    placed = part.assign(
        area=[chains[k] for k in zip(part["lsoa_code"], part["la_code"], strict=True)],
        count=part[column],
        measure=measure.slug,
    )
    placed = placed.explode("area", ignore_index=True).dropna(subset=["area"])
    return placed.astype({"area": "int64"})
