"""Writes for the dashboard: recomputing the figures (``figures`` holds the stages).

A recompute counts every measure's incidents per area and month, joins them with coverage into
monthly series, computes DESIGN.md's figures and replaces the affected ``TrendFigure`` and
``BreakdownFigure`` rows, then moves the figures' generation on, all in one transaction. A full
recompute replaces everything; an incremental one only the months from the earliest month an
import touched (figures up to 35 months later depend on it). Recomputes of the same measure wait
for each other (a PostgreSQL advisory lock per measure)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from incidents.classification import UNDER_25_BANDS
from incidents.models import ImportBatch, SourceCoverage
from incidents.months import add_months
from incidents.selectors import population_by_area

from .figures import maths
from .figures.counts import incident_counts
from .figures.coverage import covered_months
from .figures.generation import generation_bump
from .figures.geography import geography_load
from .figures.series import covered_splits, monthly_series
from .figures.store import rows_copy
from .hotspot_services import hot_spots_after_recompute
from .measures import MEASURES, UNDER_25, Measure
from .models import BreakdownFigure, TrendFigure, TrendRun

logger = logging.getLogger(__name__)

# A figure depends on the 36 months up to it (R12 two years earlier).
HISTORY_MONTHS = 35
FIGURE_COLUMNS = [*maths.FIGURE_COLUMNS, "population"]


def trends_recompute(
    *, measures: Iterable[str] | None = None, from_month: date | None = None
) -> TrendRun:
    """Recompute the figures of ``measures`` (default: all) from ``from_month`` (default: all
    months)."""
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
        geo = geography_load()
        counts, splits = incident_counts(selected, geo, since)
        series = monthly_series(counts, covered_months(selected, geo, since))
        figures = _figures(selected, series)
        splits = covered_splits(splits, series)
        if from_month is not None:
            figures = figures[pd.to_datetime(figures["month"]) >= pd.Timestamp(from_month)]
            splits = splits[pd.to_datetime(splits["month"]) >= pd.Timestamp(from_month)]
        for model in (TrendFigure, BreakdownFigure):
            stale = model.objects.filter(measure__in=slugs)
            if from_month is not None:
                stale = stale.filter(month__gte=from_month)
            stale.delete()
        vintage = ImportBatch.objects.filter(status=ImportBatch.Status.DONE).aggregate(
            latest=Max("finished_at")
        )["latest"]
        written = rows_copy(TrendFigure, figures.assign(data_vintage=vintage, run=run.pk))
        rows_copy(BreakdownFigure, splits.assign(run=run.pk))
        # Hot spots of the latest 12 months, in the same transaction: published with the figures.
        hot_spots_after_recompute(measures=slugs, run=run)
        # Last, so the new generation becomes visible exactly when these figures do.
        run.generation = generation_bump()
    run.finished_at = timezone.now()
    run.rows_written = written
    run.seconds = time.perf_counter() - started
    run.save(update_fields=["finished_at", "rows_written", "seconds", "generation"])
    logger.info("trend recompute %s: %s rows in %.2f s", run.pk, written, run.seconds)
    return run


def _figures(selected: list[Measure], series: pd.DataFrame) -> pd.DataFrame:
    if series.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    everyone = population_by_area()
    young = population_by_area(age_bands=list(UNDER_25_BANDS))
    population = {
        (m.slug, area): (young if m.denominator == UNDER_25 else everyone).get(area)
        for m in selected
        for area in series.loc[series["measure"] == m.slug, "area"].unique()
    }
    figures = maths.trend_figures(series, population, {m.slug: m.rate_per for m in selected})
    pairs, series_of = maths.series_keys(figures)
    figures["population"] = np.array([population.get(k) for k in series_of], dtype=object)[pairs]
    return figures


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


def measures_using_definition() -> list[str]:
    """The measures a change of the serious-violence definition changes."""
    return [slug for slug, m in MEASURES.items() if m.uses_definition]


# --- figures for every finished import ---------------------------------------------------------
# An import marks its batch ``figures_pending`` in the transaction that stores its rows (an
# outbox). The recompute that covers the batch clears the mark first thing in its own transaction,
# so the mark goes only with figures that include the batch: a recompute that is never sent (the
# job queue was down) or never finishes (its worker died) leaves it, and the beat's catch-up runs
# it. A batch committed after the mark was cleared keeps its own mark.


def trends_recompute_after_import(*, batch_id: int) -> TrendRun | None:
    """The recompute an import asks for, unless one has covered the batch already (the catch-up,
    or this same task delivered twice): then nothing. A police.uk archive asks once, through its
    file of the earliest month, and the recompute from that month covers all its files."""
    archive_id = ImportBatch.objects.filter(pk=batch_id).values_list("archive", flat=True).first()
    covered = Q(pk=batch_id) | (Q(archive_id=archive_id) if archive_id is not None else Q())
    with transaction.atomic():
        if not ImportBatch.objects.filter(covered, figures_pending=True).update(
            figures_pending=False
        ):
            return None
        if archive_id is not None:
            # Whichever of its files asks, the recompute runs from the archive's earliest month.
            earliest = (
                SourceCoverage.objects.filter(batch__archive_id=archive_id)
                .order_by("month", "batch_id")
                .values_list("batch_id", flat=True)
                .first()
            )
            batch_id = earliest or batch_id
        return trends_recompute_for_batch(batch_id=batch_id)


def trends_recompute_all(*, measures: Iterable[str] | None = None) -> TrendRun:
    """A full recompute of ``measures`` (default: all, which covers every finished import)."""
    with transaction.atomic():
        if measures is None:
            ImportBatch.objects.filter(figures_pending=True).update(figures_pending=False)
        return trends_recompute(measures=measures)


def trends_catch_up(*, older_than: timedelta) -> int:
    """Recompute the figures of every import finished more than ``older_than`` ago whose
    recompute never ran. Returns how many imports it recomputed for."""
    due = (
        ImportBatch.objects.filter(
            figures_pending=True,
            status=ImportBatch.Status.DONE,
            finished_at__lt=timezone.now() - older_than,
        )
        # An archive's files wait for the archive: it asks once, when all of them are in.
        .exclude(archive__status__in=[ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING])
        .order_by("finished_at", "pk")
    )
    caught_up = 0
    for batch_id in due.values_list("pk", flat=True):
        logger.warning("import batch %s finished without its figures: recomputing", batch_id)
        # None when another recompute covered it meanwhile.
        caught_up += trends_recompute_after_import(batch_id=batch_id) is not None
    return caught_up
