"""The months each measure's source covers in each area: the only place "covered" is decided.

police.uk: a force's file covers the force-month, for the force, every local authority and
partnership in it, and the partnership's wards and LSOAs in it; England and Wales is covered in
a month only when all its forces are. Partnership and hospital data: the partnership's local
authority and the areas within and above it, short of the force (which their data covers only in
part); hospital extracts place no attendance in an LSOA, so they cover nothing below the local
authority. A month a hospital
extract covers only some days of is not covered: its count would be a part month's."""

from __future__ import annotations

from datetime import date

import pandas as pd
from django.db.models import Max

from incidents.models import Area, Source, SourceCoverage

from ..measures import Measure
from .geography import Geography

COVERED_COLUMNS = ["measure", "area", "month", "covered"]


def covered_months(measures: list[Measure], geo: Geography, since: date | None) -> pd.DataFrame:
    """``COVERED_COLUMNS``: one row per measure, area and covered month from ``since`` (all if
    None), ``covered`` True. From an incremental ``since``, each series that began earlier also
    gets a row at ``since`` with ``covered`` False: it marks where the series runs from without
    covering the month, so the rows an incremental recompute writes sit where a full recompute
    puts them (a 12-month window counts from the series' start, whatever was imported since)."""
    complete = SourceCoverage.objects.filter(complete=True)
    rows = complete.filter(month__gte=since) if since else complete
    covered = _areas_of(measures, geo, list(rows.values_list("source", "scope", "month")))
    covered["covered"] = True
    if since is None:
        return covered
    before = (
        complete.filter(month__lt=since)
        .values("source", "scope")
        .annotate(last=Max("month"))
        .values_list("source", "scope", "last")
    )
    started = _areas_of(measures, geo, list(before)).assign(month=since, covered=False)
    return pd.concat([covered, started], ignore_index=True)


def _areas_of(
    measures: list[Measure], geo: Geography, rows: list[tuple[str, str, date]]
) -> pd.DataFrame:
    """measure, area, month for each (source, scope, month) in ``rows`` and the areas it covers
    for each measure."""
    months_by: dict[tuple[str, str], list[date]] = {}
    for source, scope, month in rows:
        months_by.setdefault((source, scope), []).append(month)
    in_force = geo.in_force()
    # England and Wales is covered in a month only when every one of its forces is.
    force_months: dict[date, set[int]] = {}
    for (source, scope), months in months_by.items():
        force_id = geo.force_ids_by_name.get(scope)
        if source == Source.POLICEUK_STREET and force_id is not None:
            for month in months:
                force_months.setdefault(month, set()).add(force_id)
    whole_months = [m for m, found in force_months.items() if geo.forces and found >= geo.forces]
    # Partnership and hospital data: the partnership's local authority and the areas above it,
    # short of its force and England and Wales (which their data cover only in part).
    partnership = (
        {
            a
            for a in geo.ancestors[geo.partnership_la]
            if geo.level[a] not in (Area.Level.FORCE, Area.Level.COUNTRY)
        }
        if geo.partnership_la is not None
        else set()
    )
    detail = {a for a in geo.detail() if geo.partnership_la in geo.ancestors[a]}
    records: list[tuple[str, int, date]] = []
    for measure in measures:
        if measure.source == Source.POLICEUK_STREET:
            for (source, scope), months in months_by.items():
                force_id = geo.force_ids_by_name.get(scope)
                if source != measure.source or force_id is None:
                    continue
                for area_id in in_force.get(force_id, {force_id}):
                    records.extend((measure.slug, area_id, m) for m in months)
            if geo.country is not None:
                records.extend((measure.slug, geo.country, m) for m in whole_months)
        else:
            months = sorted(
                {m for (s, _), ms in months_by.items() if s == measure.source for m in ms}
            )
            if not partnership or not months:
                continue
            areas = set(partnership)
            if measure.source != Source.HOSPITAL:  # hospital data has no LSOAs to go lower
                areas |= detail
            for area_id in areas:
                records.extend((measure.slug, area_id, m) for m in months)
    frame = pd.DataFrame.from_records(records, columns=["measure", "area", "month"])
    return frame.drop_duplicates()
