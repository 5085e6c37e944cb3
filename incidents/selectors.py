"""Reads for incidents: import batches and their reports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Area, AreaPopulation, ImportBatch, ImportRowError


def import_batches_recent(*, limit: int = 100) -> QuerySet[ImportBatch]:
    """Newest first, with who uploaded each."""
    return ImportBatch.objects.select_related("uploaded_by").order_by("-uploaded_at", "-id")[:limit]


def import_batch_errors(
    *, batch: ImportBatch, limit: int | None = None
) -> QuerySet[ImportRowError]:
    """The batch's row problems in file order."""
    errors = ImportRowError.objects.filter(batch=batch).order_by("line", "id")
    return errors[:limit] if limit is not None else errors


def import_batch_summary(*, batch: ImportBatch, error_limit: int | None = 200) -> dict[str, Any]:
    """The batch report as plain data (the --json output and the status endpoint)."""
    errors = import_batch_errors(batch=batch, limit=error_limit)
    return {
        "id": batch.pk,
        "file": batch.file_name,
        "format": batch.format,
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "progress": batch.progress,
        "read": batch.rows_read,
        "stored": batch.rows_stored,
        "updated": batch.rows_updated,
        "duplicates": batch.rows_duplicate,
        "replaced": batch.rows_replaced,
        "rejected": batch.rows_rejected,
        "message": batch.message,
        "same_file_as": batch.same_file_as_id,
        "errors": [
            {"line": e.line, "column": e.column, "reason": e.reason, "value": e.value}
            for e in errors
        ],
    }


def area_get(*, code: str) -> Area | None:
    """The area with this GSS code; for an LSOA in both vintages, the 2011 one (police.uk's)."""
    return Area.objects.filter(code=code).order_by("vintage").first()


def area_descendants(*, area: Area) -> list[Area]:
    """The area and every area below it, parents before children."""
    found = [area]
    frontier = [area.pk]
    while frontier:
        children = list(Area.objects.filter(parent_id__in=frontier))
        found.extend(children)
        frontier = [c.pk for c in children]
    return found


def area_lsoa_codes(*, area: Area) -> set[str]:
    """The LSOA codes inside an area (itself, if it is an LSOA)."""
    return {a.code for a in area_descendants(area=area) if a.level == Area.Level.LSOA}


def population_for(
    *, area: Area, year: int = 2021, age_bands: list[str] | None = None
) -> int | None:
    """Residents of an area: its own population rows for that year where it has them
    (an uploaded figure), otherwise the sum over the areas below it when every one of them is
    known. None when unknown: a force whose other districts have no figures has no population,
    rather than a partial one."""
    areas = area_descendants(area=area)
    rows = AreaPopulation.objects.filter(area__in=areas, year=year)
    if age_bands is not None:
        rows = rows.filter(age_band__in=age_bands)
    totals: dict[int, int] = {}
    for area_id, count in rows.values_list("area_id", "count"):
        totals[area_id] = totals.get(area_id, 0) + count
    children: dict[int | None, list[Area]] = {}
    for a in areas:
        children.setdefault(a.parent_id, []).append(a)

    def total(a: Area) -> int | None:
        if a.pk in totals:
            return totals[a.pk]
        parts = [total(c) for c in children.get(a.pk, [])]
        if not parts or any(p is None for p in parts):
            return None
        return sum(p for p in parts if p is not None)

    return total(area)
