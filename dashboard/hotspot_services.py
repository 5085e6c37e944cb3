"""Writes for hot spots: compute them from the stored figures and keep them.

Each recompute (inside its transaction, under its per-measure locks) forgets the periods its
new figures may change and computes every measure's default period, the 12 months to the
latest complete month the source covers, so a page never waits. Another period is asked for
by a page or the API (``hot_spot_period_request``) and computed by a Celery task, never in a
request. The counts are the figures' own LSOA-level monthly counts (``TrendFigure``): a month
the source does not cover (or covers only in part) has no count, so a period holding one has
no hot spots, just as it has no 12-month total; a 2021 LSOA's incidents are inside its 2011
LSOA's counts already."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from incidents.models import Area
from incidents.months import add_months, month_range

from . import hotspots
from .disclosure.groups import group_marks
from .disclosure.policy import threshold_for
from .disclosure.series import series_marks
from .disclosure.solver import SECONDARY_MARK
from .hotspot_selectors import (
    PERIOD_MONTHS,
    area_series,
    hot_spot_latest_month,
    lsoa_month_counts,
    partnership_area,
    partnership_boundaries_digest,
    partnership_lsoas,
)
from .measures import MEASURES
from .models import HotSpot, HotSpotPeriod, TrendRun
from .selectors import figure_months

logger = logging.getLogger(__name__)

# A period asked for but not done after this long is asked for again (its task was lost).
REQUEST_RETRY = timedelta(minutes=5)
TOO_FEW = "too-few"  # the class of every LSOA when the result would not be stable


@dataclass(frozen=True)
class _Lattice:
    """The partnership's LSOAs (by code), their neighbours and the weights esda takes."""

    lsoas: list[Area]
    lattice: hotspots.Lattice
    weights: Any
    star_weights: Any  # with each LSOA's own weight: for the analytical Gi* of each month
    partnership: Area | None

    @classmethod
    def load(cls) -> _Lattice | None:
        digest = partnership_boundaries_digest()
        if digest is None:
            return None
        lattice = _LATTICES.get(digest)
        if lattice is None:
            lsoas = [a for a in partnership_lsoas() if a.geometry]
            lattice = hotspots.lattice_from_geometries({a.code: a.geometry or {} for a in lsoas})
            _LATTICES.clear()  # one partnership: only the latest boundaries are wanted
            _LATTICES[digest] = lattice
        by_code = {a.code: a for a in partnership_lsoas(with_geometry=False)}
        ordered = [by_code[c] for c in lattice.codes]
        return cls(ordered, lattice, lattice.weights, lattice.star_weights, partnership_area())

    @property
    def ids(self) -> list[int]:
        return [a.pk for a in self.lsoas]


# The lattice of the boundaries a worker process last saw, by their digest: the neighbours and
# weights are built once, not at every recompute.
_LATTICES: dict[str, hotspots.Lattice] = {}


def hot_spots_after_recompute(
    *, measures: Iterable[str], run: TrendRun | None = None
) -> list[HotSpotPeriod]:
    """Forget every stored period of ``measures`` and compute each one's default period.
    Called by ``trends_recompute`` inside its transaction, so the figures and their hot spots
    are committed together. Every period goes, not only those whose months were recomputed:
    which 12-month totals a board may see is worked out over a measure's whole series, so new
    months can change what an older period may show. A period asked for again is recomputed
    by its task."""
    lattice: _Lattice | None = None
    periods = []
    for slug in measures:
        HotSpotPeriod.objects.filter(measure=slug).delete()
        last = hot_spot_latest_month(measure=slug)
        if last is None:
            continue
        first = add_months(last, -(PERIOD_MONTHS - 1))
        lattice = lattice or _Lattice.load()
        period = HotSpotPeriod.objects.create(
            measure=slug,
            first_month=first,
            last_month=last,
            status=HotSpotPeriod.Status.RUNNING,
            run=run,
        )
        periods.append(_compute_contained(period, lattice))
    return periods


def hot_spot_period_for(*, slug: str, end: date | None) -> HotSpotPeriod | None:
    """The 12 months to ``end`` (when it is a month with figures; else the latest), stored or
    asked for: what a page shows. None when the measure has no figures."""
    area = partnership_area()
    if area is None:
        return None
    months = figure_months(measures=[slug], area=area)
    if not months:
        return None
    last = end if end in months else months[-1]
    first = add_months(last, -(PERIOD_MONTHS - 1))
    found = HotSpotPeriod.objects.filter(measure=slug, first_month=first, last_month=last).first()
    return found or hot_spot_period_request(measure=slug, first=first, last=last)


def hot_spot_period_request(*, measure: str, first: date, last: date) -> HotSpotPeriod:
    """The period's stored hot spots, or a new pending period whose task is queued (once the
    transaction commits). A request left pending longer than ``REQUEST_RETRY`` is queued again."""
    now = timezone.now()
    period, created = HotSpotPeriod.objects.get_or_create(
        measure=measure,
        first_month=first,
        last_month=last,
        defaults={"status": HotSpotPeriod.Status.PENDING, "requested_at": now},
    )
    lost = (
        not created
        and period.status == HotSpotPeriod.Status.PENDING
        and (period.requested_at is None or period.requested_at < now - REQUEST_RETRY)
    )
    if lost:
        HotSpotPeriod.objects.filter(pk=period.pk).update(requested_at=now)
    if created or lost:
        from .tasks import hot_spot_period_task

        pk = period.pk
        transaction.on_commit(lambda: hot_spot_period_task.delay(pk))
    return period


def hot_spot_period_run(*, period_id: int) -> HotSpotPeriod | None:
    """Compute a pending period (the task's work). Idempotent: a period already done, or
    forgotten since by a recompute, is left alone. Takes the measure's recompute lock, so it
    never stores hot spots of figures a recompute is replacing."""
    period = HotSpotPeriod.objects.filter(pk=period_id).first()
    if period is None:
        return None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"trends:{period.measure}"]
            )
        claimed = HotSpotPeriod.objects.filter(
            pk=period_id, status=HotSpotPeriod.Status.PENDING
        ).update(status=HotSpotPeriod.Status.RUNNING)
        if not claimed:
            return HotSpotPeriod.objects.filter(pk=period_id).first()
        period.refresh_from_db()
        return _compute_contained(period, _Lattice.load())


def _compute_contained(period: HotSpotPeriod, lattice: _Lattice | None) -> HotSpotPeriod:
    """``_compute``, with a failure of the maths kept to this period: the recompute's figures
    are still stored (a database error is not the maths' and goes up)."""
    try:
        with transaction.atomic():
            _compute(period, lattice)
    except DatabaseError:
        raise
    except Exception as error:  # noqa: BLE001 - logged with its traceback and shown as failed
        logger.exception("hot spots of %s could not be worked out", period)
        period.status = HotSpotPeriod.Status.FAILED
        period.message = f"Could not be worked out: {error}"
        period.computed_at = timezone.now()
        period.save(update_fields=["status", "message", "computed_at"])
    return period


def _month_texts(months: Iterable[date]) -> list[str]:
    return [f"{m:%Y-%m}" for m in months]


def _compute(period: HotSpotPeriod, lattice: _Lattice | None) -> None:
    first, last = period.first_month, period.last_month
    period.computed_at = timezone.now()
    period.detail = {}
    if lattice is None:
        _finish(period, HotSpotPeriod.Status.NO_PLACES, "No LSOA boundaries are loaded.")
        return
    period.places = len(lattice.lsoas)
    period.neighbour_pairs = sum(len(n) for n in lattice.lattice.neighbours.values()) // 2
    bins_first = add_months(last, -(hotspots.EMERGING_MONTHS - 1))
    earlier = (add_months(first, -12), add_months(last, -12))
    start = min(bins_first, earlier[0], first)
    months = month_range(start, last)
    frame = lsoa_month_counts(measure=period.measure, area_ids=lattice.ids, first=start, last=last)
    if frame.empty:
        _finish(
            period,
            HotSpotPeriod.Status.NO_PLACES,
            "This measure has no figures for neighbourhoods (LSOAs).",
        )
        return
    counts = _matrix(frame, months, lattice.ids)

    def block(a: date, b: date) -> tuple[np.ndarray, list[date]]:
        rows = counts.loc[month_range(a, b)]
        missing = [m for m, row in rows.iterrows() if row.isna().any()]
        return rows.to_numpy(dtype=float), missing

    values, missing = block(first, last)
    if missing:
        period.detail = {"missing": _month_texts(missing)}
        _finish(
            period,
            HotSpotPeriod.Status.NOT_COVERED,
            "No hot spots: the source does not cover "
            + ", ".join(_month_texts(missing))
            + ", so the period has no total either.",
        )
        return
    totals = values.sum(axis=0).astype(int)
    period.incidents = int(totals.sum())
    spots = [
        HotSpot(period=period, area=area, count=int(count), hot_class=TOO_FEW)
        for area, count in zip(lattice.lsoas, totals.tolist(), strict=True)
    ]
    earlier_values, earlier_missing = block(*earlier)
    period.concentration = _concentration(totals)
    if not earlier_missing:
        period.concentration_year_earlier = _concentration(earlier_values.sum(axis=0))
    if not hotspots.enough_incidents(period.incidents, period.places):
        needed = max(hotspots.MIN_INCIDENTS, period.places)
        period.detail = {"min_incidents": needed, "min_places": hotspots.MIN_AREAS}
        HotSpot.objects.bulk_create(spots)
        _finish(
            period,
            HotSpotPeriod.Status.TOO_FEW,
            f"Too few for a stable result: {period.incidents} incidents in "
            f"{period.places} LSOAs (hot spots need at least {needed} incidents, one an LSOA "
            f"on average, and {hotspots.MIN_AREAS} LSOAs).",
        )
        return
    result = hotspots.gi_star(totals, lattice.weights)
    for spot, z, p, p_fdr, found in zip(
        spots,
        result.z.tolist(),
        result.p.tolist(),
        result.p_fdr.tolist(),
        result.classes,
        strict=True,
    ):
        finite = bool(np.isfinite(z))
        spot.z = z if finite else None
        spot.p, spot.p_fdr = (p, p_fdr) if finite else (None, None)
        spot.hot_class = found
    _emerging(period, spots, counts, bins_first, lattice)
    if period.months == PERIOD_MONTHS:
        boards = _board_classes(period, lattice, totals, result)
        for spot, shown in zip(spots, boards, strict=True):
            spot.board_class = shown
        period.detail["hidden_classes"] = sum(
            1 for s, b in zip(spots, boards, strict=True) if not b and s.hot_class
        )
    HotSpot.objects.bulk_create(spots)
    _finish(period, HotSpotPeriod.Status.DONE, "")


def _matrix(frame: pd.DataFrame, months: list[date], ids: list[int]) -> pd.DataFrame:
    """Months × LSOAs of counts, NaN where a month is not covered or has no row."""
    frame = frame.assign(count=frame["count"].where(frame["covered"]))
    table = frame.pivot(index="month", columns="area", values="count")
    return table.reindex(index=months, columns=ids).astype(float)


def _concentration(totals: np.ndarray) -> dict[str, Any] | None:
    found = hotspots.concentration(totals)
    if found is None:
        return None
    return {
        "total": found.total,
        "places": found.places,
        "places_for_half": found.places_for_half,
        "share_for_half": found.share_for_half,
        "gini": found.gini,
        "curve": [list(point) for point in found.curve],
    }


def _emerging(
    period: HotSpotPeriod,
    spots: list[HotSpot],
    counts: pd.DataFrame,
    bins_first: date,
    lattice: _Lattice,
) -> None:
    """Emerging categories over the 24 months to the period's end: every month must be covered
    and hold enough incidents for its own Gi*."""
    period.emerging_first = bins_first
    rows = counts.loc[month_range(bins_first, period.last_month)]
    missing = [m for m, row in rows.iterrows() if row.isna().any()]
    if missing:
        period.emerging_status = HotSpotPeriod.Status.NOT_COVERED
        period.detail["emerging_missing"] = _month_texts(missing)
        return
    monthly = rows.to_numpy(dtype=float)
    few = [
        m
        for m, total in zip(rows.index, monthly.sum(axis=1), strict=True)
        if total < hotspots.MIN_MONTH_INCIDENTS
    ]
    if few:
        period.emerging_status = HotSpotPeriod.Status.TOO_FEW
        period.detail["emerging_few"] = _month_texts(few)
        period.detail["min_month_incidents"] = hotspots.MIN_MONTH_INCIDENTS
        return
    emerging = hotspots.emerging_hot_spots(monthly, lattice.star_weights)
    for spot, category, trend in zip(spots, emerging.categories, emerging.trends, strict=True):
        spot.trend = category
        spot.trend_tau, spot.trend_p = trend.tau, trend.p
    period.emerging_status = HotSpotPeriod.Status.DONE


def _board_classes(
    period: HotSpotPeriod, lattice: _Lattice, totals: np.ndarray, result: hotspots.GiStar
) -> list[str]:
    """The class a board may see for each LSOA (else ""). The pages show each LSOA's 12-month
    count suppressed as a group against the partnership's total, as the map's table does
    (``disclosure.ledger.Ledger.areas``). A class is shown only where the LSOA's count and all its
    neighbours' counts are shown, and only if it stays the same with every hidden count at the
    lowest and at the highest value its mark allows (1 to threshold - 1 for "<5"; from the
    threshold up to the hidden remainder for "[c]"), so a class never gives a hidden count away."""
    spec = MEASURES[period.measure]
    threshold = threshold_for(spec.source)
    la = lattice.partnership
    la_total, la_mark = None, None
    if la is not None:
        rows = area_series(measure=period.measure, area=la)
        marks = series_marks(rows, threshold=threshold)
        la_total = next((r["rolling_12m"] for r in rows if r["month"] == period.last_month), None)
        la_mark = marks.total_mark(period.last_month)
    hidden = group_marks(
        {a.pk: int(c) for a, c in zip(lattice.lsoas, totals.tolist(), strict=True)},
        threshold=threshold,
        total=la_total,
        total_mark=la_mark,
    )
    shown = list(result.classes)
    if not hidden:
        return shown
    position = {a.code: i for i, a in enumerate(lattice.lsoas)}
    hidden_at = {i for i, a in enumerate(lattice.lsoas) if a.pk in hidden}
    for i, area in enumerate(lattice.lsoas):
        near = [position[c] for c in lattice.lattice.neighbours[area.code]]
        if i in hidden_at or any(j in hidden_at for j in near):
            shown[i] = ""
    low, high = totals.astype(float), totals.astype(float)
    remainder = sum(int(totals[i]) for i in hidden_at)
    for i in hidden_at:
        if hidden[lattice.lsoas[i].pk] == SECONDARY_MARK:
            low[i] = threshold
            high[i] = max(threshold, remainder - (len(hidden_at) - 1))
        else:
            low[i], high[i] = 1, threshold - 1
    for extreme in (low, high):
        changed = hotspots.gi_star(extreme, lattice.weights).classes
        shown = [s if s and s == c else "" for s, c in zip(shown, changed, strict=True)]
    return shown


def _finish(period: HotSpotPeriod, status: str, message: str) -> None:
    period.status = status
    period.message = message
    period.save()
