"""Reads for hot spots: the partnership's LSOAs and their boundaries, the LSOA-level monthly
counts the figures hold (``TrendFigure`` rows: ``count`` None for a month the source does not
cover), and stored hot-spot results."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import connection
from django.db.models import Max

from incidents.models import Area
from incidents.months import add_months
from incidents.selectors import area_get

from .models import HotSpot, HotSpotPeriod, TrendFigure
from .selectors import default_month

PERIOD_MONTHS = 12


def partnership_lsoas(*, with_geometry: bool = True) -> list[Area]:
    """The partnership's (2011) LSOAs with their ward, by code. A 2021 LSOA is counted inside
    the 2011 LSOA it lies in by the figures themselves, so only 2011 LSOAs take part."""
    # The ward's boundary is never wanted here, and is large: a ward's polygons, once a row.
    areas = (
        Area.objects.select_related("parent")
        .defer("parent__geometry")
        .filter(
            level=Area.Level.LSOA,
            vintage=2011,
            parent__parent__code=settings.PARTNERSHIP_AREA_CODE,
        )
    )
    if not with_geometry:
        areas = areas.defer("geometry", "parent__geometry")
    return list(areas.order_by("code"))


def partnership_boundaries_digest() -> str | None:
    """A digest of the partnership's LSOA codes and boundaries, worked out by PostgreSQL (the
    boundaries themselves stay in the database): the lattice is built again only when it
    changes."""
    ids, params = (
        Area.objects.filter(
            level=Area.Level.LSOA,
            vintage=2011,
            parent__parent__code=settings.PARTNERSHIP_AREA_CODE,
            geometry__isnull=False,
        )
        .values("id")
        .query.sql_with_params()
    )
    table = Area._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(string_agg(code || ':' || geometry::text, ',' ORDER BY code)) "  # noqa: S608 - table from the model, values as parameters
            f"FROM {table} WHERE id IN ({ids})",
            params,
        )
        row = cursor.fetchone()
    return row[0] if row else None


def partnership_area() -> Area | None:
    return area_get(code=settings.PARTNERSHIP_AREA_CODE)


def lsoa_month_counts(
    *, measure: str, area_ids: list[int], first: date, last: date
) -> pd.DataFrame:
    """``area``, ``month``, ``count`` (None: not covered) and ``covered`` of the LSOAs from
    ``first`` to ``last``; a month an LSOA has no row for is absent."""
    rows = TrendFigure.objects.filter(
        measure=measure, area_id__in=area_ids, month__range=(first, last)
    ).values_list("area_id", "month", "count", "covered")
    return pd.DataFrame.from_records(list(rows), columns=["area", "month", "count", "covered"])


def area_series(*, measure: str, area: Area) -> list[dict[str, Any]]:
    """An area's whole series (month, count, rolling 12 months), month ascending: what the
    suppression of its totals is worked out from."""
    rows = (
        TrendFigure.objects.filter(measure=measure, area=area)
        .order_by("month")
        .values("month", "count", "rolling_12m")
    )
    return [dict(r) for r in rows]


def hot_spot_latest_month(*, measure: str) -> date | None:
    """The latest complete month the measure's source covers for the partnership: where the
    default hot-spot period ends."""
    area = partnership_area()
    if area is None:
        return None
    return TrendFigure.objects.filter(
        measure=measure, area=area, covered=True, month__lte=default_month()
    ).aggregate(last=Max("month"))["last"]


def hot_spot_period_get(*, measure: str, first: date, last: date) -> HotSpotPeriod | None:
    return HotSpotPeriod.objects.filter(measure=measure, first_month=first, last_month=last).first()


def hot_spot_period_of_year(*, measure: str, end: date) -> HotSpotPeriod | None:
    """The 12 months to ``end``, if stored."""
    return hot_spot_period_get(
        measure=measure, first=add_months(end, -(PERIOD_MONTHS - 1)), last=end
    )


def hot_spots_of(*, period: HotSpotPeriod) -> list[HotSpot]:
    """The period's results, with each LSOA and its ward, by LSOA code."""
    return list(
        HotSpot.objects.filter(period=period)
        .select_related("area__parent")
        .defer("area__geometry", "area__parent__geometry")
        .order_by("area__code")
    )
