"""Reads for incidents: import batches and their reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet

from .models import (
    AgeBand,
    Area,
    AreaPopulation,
    ImportBatch,
    ImportRowError,
    Incident,
    IncidentQuerySet,
    LsoaMembership,
    SourceCoverage,
    force_names,
    force_spellings,
)
from .months import add_months, month_end


def import_batches_recent(*, limit: int = 100) -> QuerySet[ImportBatch]:
    """Newest first, with who uploaded each (or the police.uk month a pull fetched). An
    archive's files are listed on its own page, not here (an archive of three years holds
    1,500)."""
    return (
        ImportBatch.objects.filter(archive__isnull=True)
        .select_related("uploaded_by", "policeuk_month")
        .order_by("-uploaded_at", "-id")[:limit]
    )


def import_batch_errors(
    *, batch: ImportBatch, limit: int | None = None
) -> QuerySet[ImportRowError]:
    """The batch's row problems in file order."""
    errors = ImportRowError.objects.filter(batch=batch).order_by("line", "id")
    return errors[:limit] if limit is not None else errors


def import_batch_summary(*, batch: ImportBatch, error_limit: int | None = 200) -> dict[str, Any]:
    """The batch report as plain data (the --json output and the status endpoint)."""
    errors = import_batch_errors(batch=batch, limit=error_limit)
    summary = {
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
        "unknown_lsoa": batch.rows_unknown_lsoa,
        "outside_uk": batch.rows_outside_uk,
        "period": (
            [batch.period_start.isoformat(), batch.period_end.isoformat()]
            if batch.period_start and batch.period_end
            else None
        ),
        "message": batch.message,
        "same_file_as": batch.same_file_as_id,
        "errors": [
            {"line": e.line, "column": e.column, "reason": e.reason, "value": e.value}
            for e in errors
        ],
    }
    if batch.archive_id is not None:
        summary["archive"] = batch.archive_id
        summary["member"] = batch.member_name
    if batch.is_archive:
        from .archives import archive_progress

        if not batch.is_finished:
            summary["progress"] = archive_progress(archive=batch)
        summary["members"] = import_archive_members(archive=batch)
        summary["skipped"] = list(batch.members_skipped or [])
    return summary


def import_archive_members(*, archive: ImportBatch) -> list[dict[str, Any]]:
    """Every street file of a police.uk archive, by month and force, with what happened to it."""
    from .archives import member_parts

    rows = []
    for member in ImportBatch.objects.filter(archive=archive).order_by("member_name"):
        month, force = member_parts(member.member_name)
        rows.append(
            {
                "id": member.pk,
                "file": member.member_name,
                "force": force,
                "month": month,
                "status": member.status,
                "status_label": member.get_status_display(),
                "progress": member.progress,
                "read": member.rows_read,
                "stored": member.rows_stored,
                "updated": member.rows_updated,
                "duplicates": member.rows_duplicate,
                "replaced": member.rows_replaced,
                "rejected": member.rows_rejected,
                "unknown_lsoa": member.rows_unknown_lsoa,
                "outside_uk": member.rows_outside_uk,
                "message": member.message,
            }
        )
    rows.sort(key=lambda r: (r["month"], r["force"], r["file"]))
    return rows


def area_get(*, code: str) -> Area | None:
    """The area with this GSS code; for an LSOA in both vintages, the 2011 one (police.uk's)."""
    return Area.objects.filter(code=code).order_by("vintage").first()


def lsoa_memberships_by_code() -> dict[str, tuple[int, int, int]]:
    """Every LSOA code of England and Wales, of either vintage, with the ids of the local
    authority, community safety partnership and police force area it belongs to (a code kept
    from 2011 to 2021 belongs to the same three in both). For counting incidents, which carry
    the LSOA code police.uk gave them, in every area."""
    return {
        code: (la, csp, force)
        for code, la, csp, force in LsoaMembership.objects.order_by("-vintage").values_list(
            "code", "local_authority_id", "csp_id", "force_id"
        )
    }


def force_codes_by_name() -> dict[str, str]:
    """Police force area codes by lower-case name (to key tables that name forces)."""
    return {
        name.lower(): a.code
        for a in Area.objects.filter(level=Area.Level.FORCE)
        for name in force_spellings(a.name)
    }


def latest_import_batch_done() -> ImportBatch | None:
    """The import that finished last."""
    return (
        ImportBatch.objects.filter(status=ImportBatch.Status.DONE).order_by("-finished_at").first()
    )


def synthetic_demo_data_present() -> bool:
    """Whether the synthetic demo data is loaded (every page then says so)."""
    return synthetic_demo_batches().exists()


def synthetic_demo_batches() -> QuerySet[ImportBatch]:
    """The imports of the synthetic demo data that finished."""
    from .synthetic import SYNTHETIC_PREFIX

    return ImportBatch.objects.filter(
        file_name__startswith=SYNTHETIC_PREFIX, status=ImportBatch.Status.DONE
    )


def incidents_in_area(*, area: Area) -> IncidentQuerySet:
    """Incidents in an area: by their LSOA (either vintage), or, without an LSOA, by the local
    authority they were given (hospital data); for a force area, also every police.uk row that
    falls within the force."""
    lsoas, las = _area_codes(area)
    rule = Q(lsoa_code__in=lsoas) | Q(lsoa_code="", la_code__in=las)
    if area.level == Area.Level.FORCE:
        # police.uk rows belong to the force they fall within, wherever they are.
        rule |= Q(force__in=force_names(area.name))
    rows: IncidentQuerySet = Incident.objects.filter(rule)
    return rows


def incidents_list(
    *,
    area: Area | None = None,
    first: date | None = None,
    last: date | None = None,
    category: str | None = None,
    source: str | None = None,
    fields: list[str],
) -> QuerySet[Incident, dict[str, Any]]:
    """Record-level incidents in an area (any level; all when None) from month ``first`` to
    ``last``, of a category and source when given, as plain rows of ``fields``."""
    rows: IncidentQuerySet = (
        incidents_in_area(area=area) if area is not None else Incident.objects.all()
    )
    return rows.since(first).until(last).of_category(category).from_source(source).values(*fields)


def _area_codes(area: Area) -> tuple[list[str], list[str]]:
    """The LSOA and local-authority codes in an area, remembered for a few minutes (the tree
    changes only when reference data is loaded)."""

    def codes() -> tuple[list[str], list[str]]:
        below = area_descendants(area=area)
        return (
            [a.code for a in below if a.level == Area.Level.LSOA],
            [a.code for a in below if a.level == Area.Level.LOCAL_AUTHORITY],
        )

    lsoas, las = cache.get_or_set(f"area-codes:{area.pk}", codes, 300) or codes()
    return list(lsoas), list(las)


def area_descendants(*, area: Area) -> list[Area]:
    """The area and every area below it, parents before children."""
    found = [area]
    frontier = [area.pk]
    while frontier:
        children = list(Area.objects.defer("geometry").filter(parent_id__in=frontier))
        found.extend(children)
        frontier = [c.pk for c in children]
    return found


def area_lsoa_codes(*, area: Area) -> set[str]:
    """The LSOA codes inside an area (itself, if it is an LSOA)."""
    return {a.code for a in area_descendants(area=area) if a.level == Area.Level.LSOA}


def population_for(
    *, area: Area, year: int | None = None, age_bands: list[str] | None = None
) -> int | None:
    """Residents of one area (see ``population_by_area``)."""
    return population_by_area(year=year, age_bands=age_bands).get(area.pk)


@dataclass(frozen=True)
class CoverageMonth:
    source: str
    scope: str
    month: date
    covered: bool
    rows: int
    rows_without_location: int
    rows_without_reference: int
    lsoa_vintage: str
    days_covered: int | None = None  # a part-covered month (hospital extracts cover days)

    @property
    def status(self) -> str:
        if self.days_covered is not None and not self.covered:
            return f"part covered: {self.days_covered} of {month_end(self.month).day} days"
        if not self.covered:
            return "no data"
        return "covered" if self.rows else "covered, no incidents"


_SCOPE_SQL = (
    "CASE source WHEN 'policeuk-street' THEN force WHEN 'hospital' THEN reported_by "
    "ELSE 'Partnership' END"
)


def source_coverage(*, source: str | None = None) -> list[CoverageMonth]:
    """Every month from each source-scope's first to last month, in order: whether the source
    covers it (a month it does not cover is "no data", never zero), its rows, rows without a
    location, rows without a reference, and which LSOA vintage its codes belong to."""
    where, params = ("WHERE source = %s", [source]) if source else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT source, {_SCOPE_SQL} AS scope, month, count(*),
                   count(*) FILTER (WHERE lsoa_code = '' AND latitude IS NULL),
                   count(*) FILTER (WHERE source_ref = ''),
                   array_agg(DISTINCT lsoa_code) FILTER (WHERE lsoa_code <> '')
            FROM incidents_incident {where}
            GROUP BY 1, 2, 3
            """,  # noqa: S608 - fixed SQL, values are parameters
            params,
        )
        held = {(r[0], r[1], r[2]): r[3:] for r in cursor.fetchall()}
    covered = SourceCoverage.objects.all()
    if source:
        covered = covered.filter(source=source)
    part_covered: dict[tuple[str, str, date], int | None] = {}
    covered_keys = set()
    for key in covered.values_list("source", "scope", "month", "complete", "days_covered"):
        if key[3]:
            covered_keys.add(key[:3])
        else:
            part_covered[key[:3]] = key[4]
    vintages = _lsoa_vintages()
    spans: dict[tuple[str, str], list[date]] = {}
    for src, scope, month in held.keys() | covered_keys | part_covered.keys():
        spans.setdefault((src, scope), []).append(month)
    result = []
    for (src, scope), months in sorted(spans.items()):
        month = min(months)
        while month <= max(months):
            rows, no_location, no_ref, codes = held.get((src, scope, month), (0, 0, 0, None))
            result.append(
                CoverageMonth(
                    source=src,
                    scope=scope,
                    month=month,
                    covered=(src, scope, month) in covered_keys,
                    rows=rows,
                    rows_without_location=no_location,
                    rows_without_reference=no_ref,
                    lsoa_vintage=_vintage_of(codes or [], vintages),
                    days_covered=part_covered.get((src, scope, month)),
                )
            )
            month = add_months(month, 1)
    return result


def _lsoa_vintages() -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for code, vintage in Area.objects.filter(level=Area.Level.LSOA).values_list("code", "vintage"):
        found.setdefault(code, set()).add(vintage)
    return found


def _vintage_of(codes: list[str], vintages: dict[str, set[int]]) -> str:
    if not codes:
        return "—"
    only_2011 = any(vintages.get(c) == {2011} for c in codes)
    only_2021 = any(vintages.get(c) == {2021} for c in codes)
    if only_2011 and only_2021:
        return "mixed 2011 and 2021"
    if only_2011:
        return "2011"
    if only_2021:
        return "2021"
    if any(c in vintages for c in codes):
        return "2011 or 2021 (codes in both)"
    return "not in loaded areas"


def population_by_area(
    *, year: int | None = None, age_bands: list[str] | None = None
) -> dict[int, int | None]:
    """Residents of every area (by area id), in ``age_bands`` (default all), for ``year`` or else
    each area's latest year that it has a complete set of age bands for. An area's own figures
    count only when all six bands are loaded for that year (a partial upload is never used);
    otherwise it is the sum of the areas below it when every one of them is known for that
    year. None when unknown: a force whose other districts have no figures has no population,
    rather than a partial one."""
    rows = AreaPopulation.objects.all()
    if year is not None:
        rows = rows.filter(year=year)
    own: dict[tuple[int, int], dict[str, int]] = {}
    for area_id, row_year, band, count in rows.values_list("area_id", "year", "age_band", "count"):
        own.setdefault((area_id, row_year), {})[band] = count
    wanted = set(age_bands) if age_bands is not None else None
    all_bands = set(AgeBand.values)
    complete = {
        key: sum(n for band, n in bands.items() if wanted is None or band in wanted)
        for key, bands in own.items()
        if set(bands) == all_bands
    }
    children: dict[int, list[int]] = {}
    ids = []
    for area_id, parent_id in Area.objects.values_list("id", "parent_id"):
        ids.append(area_id)
        if parent_id is not None:
            children.setdefault(parent_id, []).append(area_id)
    memo: dict[tuple[int, int], int | None] = {}

    def total(area_id: int, in_year: int) -> int | None:
        key = (area_id, in_year)
        if key not in memo:
            if key in complete:
                memo[key] = complete[key]
            else:
                parts = [total(c, in_year) for c in children.get(area_id, [])]
                memo[key] = (
                    sum(p for p in parts if p is not None) if parts and None not in parts else None
                )
        return memo[key]

    years = sorted({y for _, y in own}, reverse=True)
    result: dict[int, int | None] = {}
    for area_id in ids:
        result[area_id] = next((v for y in years if (v := total(area_id, y)) is not None), None)
    return result


def areas_list(
    *, level: str | None = None, parent: str | None = None, vintage: int | None = None
) -> QuerySet[Area]:
    """Areas (without their boundaries) by level, parent code and vintage, in code order."""
    areas = Area.objects.select_related("parent").defer("geometry")
    if level is not None:
        areas = areas.filter(level=level)
    if parent is not None:
        areas = areas.filter(parent__code=parent)
    if vintage is not None:
        areas = areas.filter(vintage=vintage)
    return areas.order_by("level", "code", "vintage")


def import_batches_queued(*, batch_ids: list[int]) -> int:
    """How many of the batches reached the job queue (none of them is kept waiting for it)."""
    from .services import QUEUE_DOWN

    return ImportBatch.objects.filter(pk__in=batch_ids).exclude(message=QUEUE_DOWN).count()


def import_batches_newest() -> QuerySet[ImportBatch]:
    """Every batch, newest first."""
    return ImportBatch.objects.order_by("-uploaded_at", "-id")
