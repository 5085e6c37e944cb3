"""Coverage: which months (and, for hospital extracts, which days) each source and scope has
data for, recorded as the file is stored, so "no data" is never read as zero."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from ..formats import FORMATS
from ..models import ImportBatch, Source, SourceCoverage
from ..months import month_end, month_range
from .counts import ImportCounts


def record_policeuk_coverage(batch_id: int, counts: ImportCounts) -> None:
    record_coverage(
        batch_id,
        Source.POLICEUK_STREET.value,
        {(force, date.fromisoformat(month + "-01")) for force, month in counts.coverage},
    )


def record_day_coverage(batch_id: int, source: str, scope: str, first: date, last: date) -> None:
    """Record the months a day-by-day period touches, each with how many of its days are now
    covered by this file and every earlier one of the same scope; a month is complete only
    when all its days are."""
    earlier = (
        ImportBatch.objects.filter(
            status=ImportBatch.Status.DONE,
            scope=scope,
            format__in=_format_slugs(source),
            period_start__isnull=False,
            period_end__isnull=False,
        )
        .exclude(pk=batch_id)
        .values_list("period_start", "period_end")
    )
    periods = [(first, last)] + [
        (start, stop) for start, stop in earlier if start is not None and stop is not None
    ]
    rows = []
    for month in month_range(first, last):
        end = month_end(month)
        days = {
            max(start, month) + timedelta(days=d)
            for start, stop in periods
            if start <= end and stop >= month
            for d in range((min(stop, end) - max(start, month)).days + 1)
        }
        rows.append(
            SourceCoverage(
                source=source,
                scope=scope,
                month=month,
                batch_id=batch_id,
                days_covered=len(days),
                complete=len(days) == end.day,
            )
        )
    SourceCoverage.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["source", "scope", "month"],
        update_fields=["batch", "days_covered", "complete"],
    )


def _format_slugs(source: str) -> list[str]:
    return [f.slug for f in FORMATS.values() if f.source == source]


def record_coverage(batch_id: int, source: str, pairs: Iterable[tuple[str, date]]) -> None:
    """Record the (scope, month) pairs a file covers; the latest batch to cover one is named."""
    SourceCoverage.objects.bulk_create(
        [SourceCoverage(source=source, scope=s, month=m, batch_id=batch_id) for s, m in pairs],
        update_conflicts=True,
        unique_fields=["source", "scope", "month"],
        update_fields=["batch"],
    )
