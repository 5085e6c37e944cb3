"""The pull: new months of data.police.uk street crime for the partnership's force, imported
through the same path as uploads.

One pull at a time, on any number of hosts: a PostgreSQL advisory lock held on a connection of
the pull's own for as long as it runs (a process that dies drops its connection, and with it the
lock). Resumable: a month is done once its batch is imported (its coverage is recorded in the
same transaction as its rows), so a pull that stopped, for whatever reason, starts again from
the first month not held; at most the requests of the month it was fetching are repeated.

Per month: ``crimes-street/all-crime`` over the partnership's polygon (split into quarters while
police.uk says a part holds more than 10,000 crimes) and ``crimes-no-location`` for the force,
turned into the rows of a street CSV (``rows``) and imported as a batch that names where it came
from (``PoliceUkMonth``). A month police.uk lists but that holds no crime at all for the force
and area is not yet published: nothing is stored, and the next check asks again."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ..models import (
    Area,
    ImportBatch,
    PoliceUkMonth,
    PoliceUkPull,
    Source,
    SourceCoverage,
    force_names,
)
from ..months import parse_month
from ..selectors import area_descendants
from ..services import import_batch_create, import_batch_fail, import_batch_run
from .client import AreaTooLarge, PoliceUkClient, PoliceUkError, TokenBucket
from .geography import MAX_SPLITS, LsoaPlacer, poly_parameter, split
from .lock import PullLock
from .rows import csv_bytes, month_rows

logger = logging.getLogger(__name__)

STOPPED = (
    "This check stopped before it finished (its process ended). The next check carries on "
    "from the first month not imported."
)


def policeuk_client() -> PoliceUkClient:
    """A client configured from the settings (``POLICEUK_*``)."""
    return PoliceUkClient(
        base_url=settings.POLICEUK_BASE_URL,
        bucket=TokenBucket(rate=settings.POLICEUK_RATE_PER_SECOND, burst=settings.POLICEUK_BURST),
        max_retries=settings.POLICEUK_MAX_RETRIES,
        backoff=settings.POLICEUK_BACKOFF_SECONDS,
        timeout=settings.POLICEUK_TIMEOUT_SECONDS,
    )


@dataclass
class PullReport:
    """What one pull did, for the command's output (``as_dict``)."""

    pull: PoliceUkPull
    months: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.pull.status == PoliceUkPull.Status.DONE

    def as_dict(self) -> dict[str, Any]:
        p = self.pull
        return {
            "check": p.pk,
            "status": p.status,
            "source": p.base_url,
            "force": p.force,
            "force_name": p.force_name,
            "months_published": p.months_published,
            "months_imported": p.months_imported,
            "months_not_yet_published": p.months_not_yet_published,
            "requests": p.requests,
            "stored": p.rows_stored,
            "months": self.months,
            "error": p.error,
        }


def policeuk_pull_run(*, trigger: str, requested_by: Any = None) -> PullReport:
    """One pull of every published month not yet held. Returns at once, with status "busy",
    when another pull holds the lock."""
    pull = PoliceUkPull.objects.create(
        trigger=trigger, requested_by=requested_by, base_url=settings.POLICEUK_BASE_URL
    )
    lock = PullLock()
    try:
        if not lock.acquire():
            pull.status = PoliceUkPull.Status.BUSY
            pull.finished_at = timezone.now()
            pull.error = "Another check of data.police.uk was running; this one did nothing."
            pull.save()
            return PullReport(pull)
        # Holding the lock, any other pull still "running" is one whose process ended.
        PoliceUkPull.objects.filter(status=PoliceUkPull.Status.RUNNING).exclude(pk=pull.pk).update(
            status=PoliceUkPull.Status.FAILED, finished_at=timezone.now(), error=STOPPED
        )
        return _pull(pull, policeuk_client())
    finally:
        lock.close()


def _pull(pull: PoliceUkPull, client: PoliceUkClient) -> PullReport:
    report = PullReport(pull)
    try:
        placer = _placer()
        pull.force, pull.force_name = _force(client)
        published = _published_months(client)
        pull.months_published = [f"{m:%Y-%m}" for m in published]
        pull.save()
        held = set(
            SourceCoverage.objects.filter(
                source=Source.POLICEUK_STREET, scope=pull.force_name, complete=True
            ).values_list("month", flat=True)
        )
        polygons = placer.area()
        latest = published[-1] if published else None
        for month in published:
            if month in held:
                continue
            outcome = _pull_month(pull, client, placer, polygons, month, latest=month == latest)
            report.months.append(outcome)
    except PoliceUkError as error:
        pull.status = PoliceUkPull.Status.FAILED
        pull.error = str(error)
    else:
        failures = [m for m in report.months if m["status"] == PoliceUkMonth.Status.FAILED]
        pull.status = PoliceUkPull.Status.FAILED if failures else PoliceUkPull.Status.DONE
        pull.error = " ".join(f"{m['month']}: {m['error']}" for m in failures)
    pull.requests = client.requests
    pull.finished_at = timezone.now()
    pull.save()
    logger.info(
        "police.uk check %s: %s, %s requests, months imported %s",
        pull.pk,
        pull.status,
        pull.requests,
        pull.months_imported,
    )
    return report


def _placer() -> LsoaPlacer:
    partnership = Area.objects.filter(
        code=settings.PARTNERSHIP_AREA_CODE, level=Area.Level.LOCAL_AUTHORITY
    ).first()
    if partnership is None:
        raise PoliceUkError(
            f"The partnership's area {settings.PARTNERSHIP_AREA_CODE} is not loaded: run "
            "`python manage.py load_reference_data` first."
        )
    ids = [
        a.pk
        for a in area_descendants(area=partnership)
        if a.level == Area.Level.LSOA and a.vintage == 2011
    ]
    placer = LsoaPlacer(
        Area.objects.filter(pk__in=ids, geometry__isnull=False).values_list(
            "code", "name", "geometry"
        )
    )
    if not len(placer):
        raise PoliceUkError(
            "No LSOA boundaries are loaded for the partnership, so crimes from the API cannot "
            "be placed: run `python manage.py load_reference_data`."
        )
    return placer


def _force(client: PoliceUkClient) -> tuple[str, str]:
    """police.uk's id and name of the partnership's force (``POLICEUK_FORCE`` names it, else
    the force area above the partnership's local authority)."""
    forces = client.get("/api/forces")
    if not isinstance(forces, list):
        raise PoliceUkError("data.police.uk's list of forces is not a list.")
    by_id = {str(f.get("id")): str(f.get("name")) for f in forces if isinstance(f, dict)}
    if settings.POLICEUK_FORCE:
        if settings.POLICEUK_FORCE not in by_id:
            raise PoliceUkError(
                f"data.police.uk has no force {settings.POLICEUK_FORCE!r} (POLICEUK_FORCE)."
            )
        return settings.POLICEUK_FORCE, by_id[settings.POLICEUK_FORCE]
    area = Area.objects.filter(code=settings.PARTNERSHIP_AREA_CODE).first()
    while area is not None and area.level != Area.Level.FORCE:
        area = area.parent
    if area is None:
        raise PoliceUkError(
            "The partnership's police force is not known: load the reference data or set "
            "POLICEUK_FORCE to police.uk's id of the force (e.g. thames-valley)."
        )
    names = {n.lower() for n in force_names(area.name)}
    for force_id, name in sorted(by_id.items()):
        if name.lower() in names or name.lower().startswith(area.name.lower()):
            return force_id, name
    raise PoliceUkError(
        f"data.police.uk lists no force named like {area.name}: set POLICEUK_FORCE to its id."
    )


def _published_months(client: PoliceUkClient) -> list[date]:
    found = client.get("/api/crimes-street-dates")
    if not isinstance(found, list):
        raise PoliceUkError("data.police.uk's crimes-street-dates answer is not a list.")
    months = {
        month
        for entry in found
        if isinstance(entry, dict) and (month := parse_month(str(entry.get("date", ""))))
    }
    return sorted(months)


def _street_crimes(
    client: PoliceUkClient, polygons: list[Any], label: str
) -> tuple[list[dict[str, Any]], int]:
    """The month's crimes inside the polygons, each split into quarters while police.uk says
    it holds too many; and how many parts were asked."""
    parts = 0
    street: list[dict[str, Any]] = []
    queue = [(polygon, 0) for polygon in polygons]
    while queue:
        polygon, depth = queue.pop(0)
        try:
            street.extend(client.street_crimes(poly=poly_parameter(polygon), month=label))
            parts += 1
        except AreaTooLarge:
            if depth >= MAX_SPLITS:
                raise PoliceUkError(
                    f"data.police.uk still says a part of the area holds more than 10,000 "
                    f"crimes in {label} after splitting it {MAX_SPLITS} times."
                ) from None
            queue[:0] = [(part, depth + 1) for part in split(polygon)]
    return street, parts


def _pull_month(
    pull: PoliceUkPull,
    client: PoliceUkClient,
    placer: LsoaPlacer,
    polygons: list[Any],
    month: date,
    *,
    latest: bool,
) -> dict[str, Any]:
    record, _ = PoliceUkMonth.objects.get_or_create(
        force=pull.force,
        month=month,
        defaults={"force_name": pull.force_name, "status": PoliceUkMonth.Status.FETCHING},
    )
    if record.batch_id is not None:
        # A batch of an earlier pull that never finished (its process ended mid-import): its
        # transaction rolled back, so it stored nothing. Say so, and fetch the month afresh.
        import_batch_fail(batch_id=record.batch_id, reason="the pull that made it stopped")
    label = f"{month:%Y-%m}"
    before = client.requests
    record.pull, record.status, record.error = pull, PoliceUkMonth.Status.FETCHING, ""
    record.force_name, record.batch = pull.force_name, None
    record.save()
    try:
        street, parts = _street_crimes(client, polygons, label)
        without_location = client.crimes_without_location(force=pull.force, month=label)
    except PoliceUkError as error:
        record.status, record.error = PoliceUkMonth.Status.FAILED, str(error)
        record.requests = client.requests - before
        record.save()
        raise
    found = month_rows(street, without_location, force_name=pull.force_name, placer=placer)
    record.requests = client.requests - before
    record.fetched_at = timezone.now()
    record.street_crimes, record.crimes_without_location = found.street, found.without_location
    record.outside_area, record.polygon_parts = found.outside_area, parts
    record.routes = [
        f"/api/crimes-street/all-crime?date={label}&poly=… ({parts} part{'s' * (parts != 1)})",
        f"/api/crimes-no-location?category=all-crime&force={pull.force}&date={label}",
    ]
    outcome: dict[str, Any] = {"month": label, "requests": record.requests}
    if not found.rows:
        record.status = PoliceUkMonth.Status.EMPTY
        record.save()
        if latest:
            pull.months_not_yet_published = [*pull.months_not_yet_published, label]
        return {**outcome, "status": record.status, "stored": 0, "error": ""}
    upload = SimpleUploadedFile(
        f"policeuk-api-{pull.force}-{label}-street.csv", csv_bytes(found.rows), "text/csv"
    )
    with transaction.atomic():
        batch = import_batch_create(upload=upload, requested_format="policeuk-street")
        record.batch = batch
        record.save()
    result = import_batch_run(batch_id=batch.pk) or batch
    if result.status == ImportBatch.Status.DONE:
        record.status = PoliceUkMonth.Status.IMPORTED
        pull.months_imported = [*pull.months_imported, label]
        pull.rows_stored += result.rows_stored
    else:
        record.status = PoliceUkMonth.Status.FAILED
        record.error = result.message or "The import did not finish."
    record.save()
    pull.save(update_fields=["months_imported", "rows_stored"])
    return {
        **outcome,
        "status": record.status,
        "batch": batch.pk,
        "rows": len(found.rows),
        "stored": result.rows_stored,
        "duplicates": result.rows_duplicate,
        "outside_area": found.outside_area,
        "error": record.error,
    }
