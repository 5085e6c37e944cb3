"""Peer tables: other areas' counts for a measure (e.g. the 43 police forces from ONS tables),
loaded from CSV or straight from the ONS police force area workbooks, and an area's rank by
12-month or two-year change among them."""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

import pandas as pd
from django.db import transaction

from incidents.months import MONTH_PATTERN, add_months
from incidents.population import TableLoadResult

from .figures.compare import RankedChange, rank_changes
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


# --- the ONS police force area workbooks ------------------------------------------------------

_GSS = re.compile(r"[EWK]\d{8}\Z")
_FORCE = re.compile(r"(E23|W15)\d{6}\Z")
_TITLE_PERIOD = re.compile(r"year ending ([A-Z][a-z]+) (\d{4})")
_RANGE_END = re.compile(r"to ([A-Z][a-z]{2})[a-z]* '(\d{2})")
_MONTH_NUMBERS = {name[:3]: number for number, name in enumerate(calendar.month_name) if name}


@dataclass(frozen=True)
class OnsCount:
    area_code: str
    area_name: str
    period_end: date  # first day of the last month of the 12 months
    count: int


def ons_knife_workbook_read(workbook: str | Path | IO[bytes]) -> tuple[list[OnsCount], list[str]]:
    """Offences involving a knife or sharp instrument (the total of the selected offences) by
    area and year, from an ONS "Police force area data tables" workbook: Table P4 (the
    workbook's year) and Table P5 (every year ending March since 2011 and the latest two
    rolling years). Sheet names may carry trailing spaces, area names footnote digits; a
    suppressed or missing cell ("-", "NA", "..") gives no count and is listed as skipped, as is
    a row without a GSS code (British Transport Police, "excluding Greater Manchester")."""
    from openpyxl import load_workbook

    book = load_workbook(workbook, read_only=True, data_only=True)
    counts: dict[tuple[str, date], OnsCount] = {}
    skipped: list[str] = []
    try:
        for sheet_name in book.sheetnames:
            table = sheet_name.strip()
            if table not in ("Table P4", "Table P5"):
                continue
            rows = [list(r) for r in book[sheet_name].iter_rows(values_only=True)]
            for found in _ons_sheet_counts(table, rows, skipped):
                counts[(found.area_code, found.period_end)] = found
    finally:
        book.close()
    return list(counts.values()), skipped


def _ons_sheet_counts(table: str, rows: list[list[object]], skipped: list[str]) -> list[OnsCount]:
    header_at = next(
        (i for i, r in enumerate(rows) if str(r[0] or "").strip().startswith("Area Code")), None
    )
    if header_at is None:
        skipped.append(f"{table}: no “Area Code” header row")
        return []
    header = rows[header_at]
    number_columns = [
        i for i, cell in enumerate(header) if str(cell or "").strip().startswith("Number")
    ]
    if table == "Table P4":
        title = _TITLE_PERIOD.search(str(rows[0][0] or ""))
        if title is None or title[1][:3] not in _MONTH_NUMBERS:
            skipped.append(f"{table}: the title names no year ending")
            return []
        periods = {number_columns[0]: date(int(title[2][:4]), _MONTH_NUMBERS[title[1][:3]], 1)}
    else:
        labels = rows[header_at - 1]
        periods = {}
        for column in number_columns:
            found = _RANGE_END.search(str(labels[column] or ""))
            if found and found[1] in _MONTH_NUMBERS:
                periods[column] = date(2000 + int(found[2]), _MONTH_NUMBERS[found[1]], 1)
    counts = []
    for row in rows[header_at + 1 :]:
        code, name = str(row[0] or "").strip(), str(row[1] or "").strip()
        if not name:
            continue
        name = re.sub(r"[\d,]+$", "", name).strip()
        if not _GSS.match(code):
            skipped.append(f"{table}: {name} (no GSS code)")
            continue
        for column, period in periods.items():
            value = row[column] if column < len(row) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                counts.append(OnsCount(code, name, period, int(value)))
            else:
                skipped.append(f"{table}: {name}, year ending {period:%B %Y} ({value or 'empty'})")
    return counts


@dataclass
class OnsLoadResult(TableLoadResult):
    skipped: list[str] = field(default_factory=list)  # why a row or cell gave no count


def ons_knife_workbook_load(*, workbook: str | Path | IO[bytes]) -> OnsLoadResult:
    """Store every count of an ONS workbook as the ``knife-crime`` peer table (a later
    workbook's count replaces an earlier one's for the same area and year)."""
    counts, skipped = ons_knife_workbook_read(workbook)
    result = OnsLoadResult(rows=len(counts))
    if not counts:
        result.problems.append((1, "", "no knife counts found: is it an ONS PFA workbook?", ""))
        return result
    with transaction.atomic():
        PeerCount.objects.bulk_create(
            [
                PeerCount(
                    measure="knife-crime",
                    area_code=c.area_code,
                    area_name=c.area_name,
                    period_end=c.period_end,
                    count=c.count,
                )
                for c in counts
            ],
            update_conflicts=True,
            unique_fields=["measure", "area_code", "period_end"],
            update_fields=["area_name", "count", "uploaded_at"],
        )
    result.skipped = skipped
    return result


def force_ranking(
    *, measure: str, period_end: date, base_end: date
) -> tuple[dict[str, RankedChange], list[str]]:
    """Every police force ranked by the change in its peer-table count from the 12 months to
    ``base_end`` to the 12 months to ``period_end``, with the rank's 95% interval
    (``figures.compare.rank_changes``); and the forces left out (a count missing in either
    period, or a zero base), by name."""
    rows = PeerCount.objects.filter(measure=measure)
    now: dict[str, int] = {}
    base: dict[str, int] = {}
    names: dict[str, str] = {}  # every force the table knows, in any period
    for code, name, end, count in rows.values_list("area_code", "area_name", "period_end", "count"):
        if _FORCE.match(code):
            names[code] = name
            if end in (period_end, base_end):
                (now if end == period_end else base)[code] = count
    both = sorted(now.keys() & base.keys())
    frame = pd.DataFrame(
        {"code": both, "now": [now[c] for c in both], "base": [base[c] for c in both]}
    )
    ranks = rank_changes(frame)
    left_out = sorted(names[c] for c in names if c not in ranks)
    return ranks, left_out
