"""Writes for the dashboard: recomputing trend figures.

A recompute counts every measure's incidents per LSOA (or local authority, or force) and month
in one pass, rolls them up the area tree, computes the figures with ``trends`` and replaces the
affected ``TrendFigure`` rows with one ``COPY``. A full recompute replaces everything; an
incremental one only the months from the earliest month an import touched (figures up to 35
months later depend on it). Recomputes of the same measure wait for each other (a PostgreSQL
advisory lock per measure)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.db import connection, models, transaction
from django.db.models import Count, Max
from django.utils import timezone

from incidents.classification import UNDER_25_BANDS
from incidents.models import Area, ImportBatch, Incident, Source, SourceCoverage, force_names
from incidents.months import add_months
from incidents.selectors import population_by_area

from . import trends
from .binary_copy import copy_types, frame_to_copy_binary
from .hotspot_services import hot_spots_after_recompute
from .measures import MEASURES, UNDER_25, Measure
from .models import BreakdownFigure, TrendFigure, TrendRun

logger = logging.getLogger(__name__)

# A figure depends on the 36 months up to it (R12 two years earlier).
HISTORY_MONTHS = 35


@dataclass
class _Geography:
    lsoa_ids: dict[str, int]  # LSOA code (either vintage) -> the 2011 LSOA's area id
    ancestors: dict[int, list[int]]  # area id -> itself and every area above it
    force_of: dict[int, int]  # area id -> its force area id
    la_ids: dict[str, int]
    force_ids_by_name: dict[str, int]  # police.uk "Falls within" name -> force area id
    partnership_la: int | None


def _geography() -> _Geography:
    from django.conf import settings

    areas = list(Area.objects.values_list("id", "code", "level", "vintage", "parent_id", "name"))
    parent = {a[0]: a[4] for a in areas}
    level = {a[0]: a[2] for a in areas}
    ancestors: dict[int, list[int]] = {}
    force_of: dict[int, int] = {}
    for area_id, *_ in areas:
        chain: list[int] = []
        node: int | None = area_id
        while node is not None:
            chain.append(node)
            node = parent.get(node)
        ancestors[area_id] = chain
        forces = [n for n in chain if level[n] == Area.Level.FORCE]
        if forces:
            force_of[area_id] = forces[0]
    lsoa_ids: dict[str, int] = {}
    for area_id, code, lvl, _vintage, parent_id, _ in sorted(areas, key=lambda a: -a[3]):
        if lvl == Area.Level.LSOA:
            # The lowest vintage wins; a 2021 LSOA counts in the 2011 LSOA it lies in, so an
            # LSOA's series runs on across the boundary change and figures keep one geography.
            in_older = parent_id is not None and level.get(parent_id) == Area.Level.LSOA
            lsoa_ids[code] = parent_id if in_older else area_id
    la_ids = {code: i for i, code, lvl, *_ in areas if lvl == Area.Level.LOCAL_AUTHORITY}
    force_ids_by_name = {
        name: i
        for i, _, lvl, _, _, area_name in areas
        if lvl == Area.Level.FORCE
        for name in force_names(area_name)
    }
    return _Geography(
        lsoa_ids,
        ancestors,
        force_of,
        la_ids,
        force_ids_by_name,
        la_ids.get(settings.PARTNERSHIP_AREA_CODE),
    )


# Breakdown dimensions and the incident column each splits by.
BREAKDOWNS = {
    BreakdownFigure.Dimension.CATEGORY.value: "category",
    BreakdownFigure.Dimension.AGE_BAND.value: "victim_age_band",
}
BREAKDOWN_COLUMNS = ["measure", "area", "month", "dimension", "key", "count"]


def _counts(
    measures: list[Measure], geo: _Geography, since: date | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(measure, area, month, count) for every measure, counted in one pass per kind of source,
    and the breakdowns of the measures whose incidents have more than one offence type or a
    victim age (``BREAKDOWN_COLUMNS``)."""
    frames, breakdowns = [], []
    by_category = [m for m in measures if m.police_category]
    if by_category:
        # One crime type each: a plain GROUP BY with the category, as cheap as the raw one.
        rows = Incident.objects.filter(
            source=Source.POLICEUK_STREET, category__in=[m.police_category for m in by_category]
        )
        if since:
            rows = rows.filter(month__gte=since)
        keys = ["lsoa_code", "force", "month", "category"]
        grouped = rows.values(*keys).annotate(n=Count("id")).values_list(*keys, "n")
        frame = pd.DataFrame.from_records(list(grouped), columns=[*keys, "n"])
        frame["la_code"] = ""  # police.uk rows are placed by LSOA or force, never by LA
        for measure in by_category:
            part = frame[frame["category"] == measure.police_category]
            frames.append(_sum(_roll_up(part, "n", measure, geo), []))
    # The other measures (partnership and hospital data) in one more pass: each measure's own
    # filter names its source.
    of_source = [m for m in measures if not m.police_category]
    if of_source:
        rows = Incident.objects.filter(source__in={m.source for m in of_source})
        if since:
            rows = rows.filter(month__gte=since)
        keys = ["lsoa_code", "la_code", "force", "month", *BREAKDOWNS.values()]
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
            frames.append(_sum(rolled, []))
            for dimension, column in BREAKDOWNS.items():
                split = _sum(rolled, [column]).rename(columns={column: "key"})
                breakdowns.append(split.assign(dimension=dimension))
    counts = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["measure", "area", "month", "count"])
    )
    split = (
        pd.concat(breakdowns, ignore_index=True)[BREAKDOWN_COLUMNS]
        if breakdowns
        else pd.DataFrame(columns=BREAKDOWN_COLUMNS)
    )
    return counts, split


def _sum(rolled: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return rolled.groupby(["measure", "area", "month", *by], as_index=False, sort=False)[
        "count"
    ].sum()


def _roll_up(part: pd.DataFrame, column: str, measure: Measure, geo: _Geography) -> pd.DataFrame:
    """Counts per LSOA/LA/force row -> one row per area above it (the row's other columns kept,
    the count in ``count``). police.uk force totals come from "Falls within", not the LSOA."""
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


def _coverage_rows(since: date | None) -> list[tuple[str, str, date]]:
    """(source, scope, month) of every complete month covered, from ``since``. A part-covered
    month (a hospital extract's period starting mid-month) is not covered: its count would be a
    part month's."""
    coverage = SourceCoverage.objects.filter(complete=True)
    if since:
        coverage = coverage.filter(month__gte=since)
    return list(coverage.values_list("source", "scope", "month"))


def _series_started(measures: list[Measure], geo: _Geography, since: date) -> pd.DataFrame:
    """For each series that began before ``since``, a month marked not covered at ``since``:
    an incremental recompute's rows then sit where a full recompute puts them (a 12-month
    window counts from the series' start, whatever was imported since)."""
    before = (
        SourceCoverage.objects.filter(complete=True, month__lt=since)
        .values("source", "scope")
        .annotate(last=Max("month"))
        .values_list("source", "scope", "last")
    )
    started = _covered(measures, geo, list(before))
    return started.assign(month=since, covered=False)


def _covered(
    measures: list[Measure], geo: _Geography, rows: list[tuple[str, str, date]]
) -> pd.DataFrame:
    """measure, area, month for each covered (source, scope, month) ``rows`` and the areas it
    covers for a measure. police.uk: a force's months cover the force and the areas within it.
    Partnership and hospital data: the partnership's local authority and the areas within and
    above it, short of the force (which their data covers only in part)."""
    months_by: dict[tuple[str, str], list[date]] = {}
    for source, scope, month in rows:
        months_by.setdefault((source, scope), []).append(month)
    # Only areas whose LSOAs are loaded can be counted below force level: elsewhere a zero
    # would mean "not counted", not "none happened".
    countable = {a for lsoa in geo.lsoa_ids.values() for a in geo.ancestors[lsoa]}
    below: dict[int, list[int]] = {}
    for area_id, chain in geo.ancestors.items():
        if area_id not in countable:
            continue
        for above in chain:
            below.setdefault(above, []).append(area_id)
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
            # The local authority and the areas above it, short of the force.
            areas = {a for a in geo.ancestors[geo.partnership_la] if a not in forces}
            if measure.source != Source.HOSPITAL:  # hospital data has no LSOAs to go lower
                areas |= set(below.get(geo.partnership_la, []))
            for area_id in areas:
                records.extend((measure.slug, area_id, m) for m in months)
    frame = pd.DataFrame.from_records(records, columns=["measure", "area", "month"])
    return frame.drop_duplicates()


def trends_recompute(
    *, measures: Iterable[str] | None = None, from_month: date | None = None
) -> TrendRun:
    """Recompute figures of ``measures`` (default: all) from ``from_month`` (default: all)."""
    slugs = sorted(measures or MEASURES)
    selected = [MEASURES[s] for s in slugs]
    started = time.perf_counter()
    run = TrendRun.objects.create(
        kind=TrendRun.Kind.INCREMENTAL if from_month else TrendRun.Kind.FULL,
        measures=slugs,
        from_month=from_month,
    )
    since = add_months(from_month, -HISTORY_MONTHS) if from_month else None
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Figures are derived data: if the server crashed just after this commit, the next
            # recompute would rebuild them, so the commit need not wait for the disk.
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Enough memory to count a million incidents with a hash table rather than a sort
            # spilled to disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            for slug in slugs:  # in order, so two recomputes never wait on each other in a cycle
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"trends:{slug}"])
        geo = _geography()
        counts, breakdowns = _counts(selected, geo, since)
        covered = _covered(selected, geo, _coverage_rows(since))
        if since is not None:
            covered = pd.concat([covered, _series_started(selected, geo, since)], ignore_index=True)
        figures = _figures(selected, counts, covered)
        if from_month is not None:
            figures = figures[pd.to_datetime(figures["month"]) >= pd.Timestamp(from_month)]
            breakdowns = breakdowns[pd.to_datetime(breakdowns["month"]) >= pd.Timestamp(from_month)]
        for model in (TrendFigure, BreakdownFigure):
            stale = model.objects.filter(measure__in=slugs)
            if from_month is not None:
                stale = stale.filter(month__gte=from_month)
            stale.delete()
        vintage = ImportBatch.objects.filter(status=ImportBatch.Status.DONE).aggregate(
            latest=Max("finished_at")
        )["latest"]
        written = _copy_rows(
            TrendFigure, figures[_COPY_COLUMNS].assign(data_vintage=vintage, run=run.pk)
        )
        _copy_rows(BreakdownFigure, breakdowns.assign(run=run.pk))
        hot_spots_after_recompute(measures=slugs, run=run)
    run.finished_at = timezone.now()
    run.rows_written = written
    run.seconds = time.perf_counter() - started
    run.save(update_fields=["finished_at", "rows_written", "seconds"])
    logger.info("trend recompute %s: %s rows in %.2f s", run.pk, written, run.seconds)
    return run


def _figures(selected: list[Measure], counts: pd.DataFrame, covered: pd.DataFrame) -> pd.DataFrame:
    if covered.empty:
        return pd.DataFrame(columns=_COPY_COLUMNS)
    # Each series runs from the first to the last month its source covers for the area.
    series = trends.monthly_series(counts, covered)
    everyone = population_by_area()
    young = population_by_area(age_bands=list(UNDER_25_BANDS))
    population = {
        (m.slug, area): (young if m.denominator == UNDER_25 else everyone).get(area)
        for m in selected
        for area in series.loc[series["measure"] == m.slug, "area"].unique()
    }
    figures = trends.trend_figures(series, population, {m.slug: m.rate_per for m in selected})
    figures["population"] = [
        population.get(k) for k in zip(figures["measure"], figures["area"], strict=True)
    ]
    return figures


_COPY_COLUMNS = [*trends.FIGURE_COLUMNS, "population"]
COPY_CHUNK_ROWS = 20_000


def _copy_rows(model: type[models.Model], frame: pd.DataFrame) -> int:
    """Append the frame's rows to the model's table with one binary ``COPY``. Columns are named
    as the model's fields (``area`` for ``area_id``)."""
    if frame.empty:
        return 0
    fields = {f.name: f.column for f in model._meta.concrete_fields}
    frame = frame.rename(columns=fields)
    types = copy_types(model, frame.columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {model._meta.db_table} ({', '.join(frame.columns)}) FROM STDIN (FORMAT binary)"
        ) as copy:
            # In chunks, so PostgreSQL stores one while NumPy packs the next.
            for start in range(0, len(frame), COPY_CHUNK_ROWS):
                chunk = frame.iloc[start : start + COPY_CHUNK_ROWS]
                last = start + COPY_CHUNK_ROWS >= len(frame)
                copy.write(frame_to_copy_binary(chunk, types, header=start == 0, trailer=last))
    return len(frame)


def trends_recompute_for_batch(*, batch_id: int) -> TrendRun | None:
    """Incremental recompute after an import: the measures of the batch's source, from the
    earliest month the batch covers."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.DONE).first()
    if batch is None:
        return None
    first = SourceCoverage.objects.filter(batch=batch).order_by("month").first()
    if first is None:
        return None
    slugs = [m.slug for m in MEASURES.values() if m.source == first.source]
    start = first.month
    # A file after a gap (a 2025 month after 2019 ones) lengthens every series: the months
    # between hold no data, and their rows must be written too, as a full recompute would.
    latest = TrendFigure.objects.filter(measure__in=slugs).aggregate(last=Max("month"))["last"]
    if latest is not None and add_months(latest, 1) < start:
        start = add_months(latest, 1)
    return trends_recompute(measures=slugs, from_month=start)
