"""The months each measure's source covers in each area: the only place "covered" is decided.

police.uk: a force's file covers the force-month, for the force and every countable area within
it. Partnership and hospital data: the partnership's local authority and the areas within and
above it, short of the force (which their data covers only in part); hospital extracts place no
attendance in an LSOA, so they cover nothing below the local authority. A month a hospital
extract covers only some days of is not covered: its count would be a part month's."""

from __future__ import annotations

from datetime import date

import pandas as pd
from django.db.models import Max

from incidents.models import Source, SourceCoverage

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
    below = geo.below()
    forces = set(geo.force_of.values())
    records: list[tuple[str, int, date]] = []
    for measure in measures:
        if measure.source == Source.POLICEUK_STREET:
            for (source, scope), months in months_by.items():
                force_id = geo.force_ids_by_name.get(scope)
                if source != measure.source or force_id is None:
                    continue
                for area_id in {force_id, *below.get(force_id, [])}:
                    records.extend((measure.slug, area_id, m) for m in months)
        else:
            months = sorted(
                {m for (s, _), ms in months_by.items() if s == measure.source for m in ms}
            )
            if geo.partnership_la is None or not months:
                continue
            areas = {a for a in geo.ancestors[geo.partnership_la] if a not in forces}
            if measure.source != Source.HOSPITAL:  # hospital data has no LSOAs to go lower
                areas |= set(below.get(geo.partnership_la, []))
            for area_id in areas:
                records.extend((measure.slug, area_id, m) for m in months)
    frame = pd.DataFrame.from_records(records, columns=["measure", "area", "month"])
    return frame.drop_duplicates()
