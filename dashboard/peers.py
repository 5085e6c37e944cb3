"""Peer tables: other areas' counts for a measure (e.g. the 43 police forces from ONS tables),
loaded from CSV, and the local area's rank by 12-month or two-year change among them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from incidents.months import MONTH_PATTERN, add_months
from incidents.population import TableLoadResult

from .measures import MEASURES
from .models import PeerCount

PEER_HEADER = ["area_code", "area_name", "period_end", "measure", "count"]
_CODE = re.compile(r"[EWSN]\d{8}\Z")


def _count(value: str) -> int | None:
    cleaned = value.replace(",", "").strip()
    return int(cleaned) if cleaned.isdigit() else None


def peer_table_load(*, lines: Iterable[str]) -> TableLoadResult:
    """Load ``area_code,area_name,period_end,measure,count`` rows (period_end YYYY-MM). One
    bad row and nothing is loaded; a row for a known area and period replaces the old count."""
    result = TableLoadResult()
    reader = csv.reader(lines)
    header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    if header != PEER_HEADER:
        result.problems.append(
            (1, "", f"the header must be {','.join(PEER_HEADER)}", ",".join(header))
        )
        return result
    rows = []
    for line, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != 5:
            result.problems.append((line, "", f"has {len(fields)} columns; expected 5", ""))
            continue
        code, name, period, measure, count = (f.strip() for f in fields)
        problems = []
        if not _CODE.match(code):
            problems.append(("area_code", "is not a GSS area code", code))
        if not name:
            problems.append(("area_name", "is empty", ""))
        if not MONTH_PATTERN.match(period):
            problems.append(("period_end", "must be the last month, written YYYY-MM", period))
        if measure not in MEASURES:
            problems.append(("measure", "is not a measure slug", measure))
        whole = _count(count)
        if whole is None:
            problems.append(
                ("count", "must be a whole number (suppressed values cannot rank)", count)
            )
        if problems or whole is None:
            result.problems.extend((line, *p) for p in problems)
            continue
        rows.append(
            PeerCount(
                measure=measure,
                area_code=code,
                area_name=name,
                period_end=date.fromisoformat(period + "-01"),
                count=whole,
            )
        )
    if result.problems:
        return result
    with transaction.atomic():
        PeerCount.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["measure", "area_code", "period_end"],
            update_fields=["area_name", "count", "uploaded_at"],
        )
    result.rows = len(rows)
    return result


def ons_knife_table_to_peer_csv(
    text: str, *, period_end: str, force_codes: dict[str, str]
) -> tuple[str, list[str]]:
    """Turn an ONS "offences involving a knife or sharp instrument by police force area" table
    (multi-line quoted headers, thousands separators, footnote digits on names, "-" for
    suppressed values, empty trailing records) into peer-table CSV for ``knife-crime``.
    The first count column is the total. Returns the CSV and the rows that were skipped, why."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PEER_HEADER)
    skipped = []
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    for record in reader:
        if not any(f.strip() for f in record):
            continue
        name = re.sub(r"\d+$", "", record[0]).strip()
        total = _count(record[1]) if len(record) > 1 else None
        code = force_codes.get(name.lower())
        if not name or code is None or total is None:
            skipped.append(",".join(record)[:60])
            continue
        writer.writerow([code, name, period_end, "knife-crime", total])
    return out.getvalue(), skipped


@dataclass(frozen=True)
class PeerRank:
    rank: int  # 1 = the fastest-growing
    of: int
    change_pct: float
    period_end: date
    span_months: int


def peer_rank(
    *, measure: str, area_code: str, period_end: date | None = None, span_months: int = 12
) -> PeerRank | None:
    """The area's place among its peers by change over ``span_months`` (12 or 24) to
    ``period_end`` (default: the latest period the table holds for the area); peers with a
    zero or missing base are left out. None when the table cannot rank the area."""
    rows = PeerCount.objects.filter(measure=measure)
    if period_end is None:
        latest = rows.filter(area_code=area_code).order_by("-period_end").first()
        if latest is None:
            return None
        period_end = latest.period_end
    base_end = add_months(period_end, -span_months)
    now = dict(rows.filter(period_end=period_end).values_list("area_code", "count"))
    then = dict(rows.filter(period_end=base_end).values_list("area_code", "count"))
    return _rank(area_code, now, then, period_end, span_months)


def peer_ranks(
    *, measure: str, area_code: str, months: list[date], spans: tuple[int, ...] = (12, 24)
) -> dict[tuple[date, int], PeerRank]:
    """``peer_rank`` for many months at once, from one read of the table: (month, span) →
    rank, for those the table can rank."""
    wanted = set(months) | {add_months(m, -s) for m in months for s in spans}
    table: dict[date, dict[str, int]] = {}
    for code, end, count in PeerCount.objects.filter(
        measure=measure, period_end__in=wanted
    ).values_list("area_code", "period_end", "count"):
        table.setdefault(end, {})[code] = count
    ranks = {}
    for month in months:
        for span in spans:
            rank = _rank(
                area_code,
                table.get(month, {}),
                table.get(add_months(month, -span), {}),
                month,
                span,
            )
            if rank is not None:
                ranks[(month, span)] = rank
    return ranks


def _rank(
    area_code: str, now: dict[str, int], then: dict[str, int], period_end: date, span_months: int
) -> PeerRank | None:
    changes = {
        code: (now[code] - then[code]) / then[code] * 100
        for code in now.keys() & then.keys()
        if then[code] > 0
    }
    if area_code not in changes:
        return None
    ordered = sorted(changes.values(), reverse=True)
    return PeerRank(
        rank=ordered.index(changes[area_code]) + 1,
        of=len(changes),
        change_pct=changes[area_code],
        period_end=period_end,
        span_months=span_months,
    )
