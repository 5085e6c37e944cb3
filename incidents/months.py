"""Calendar-month arithmetic on first-of-month dates (a month is a calendar month in
Europe/London; dates carry no time zone)."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTH_PATTERN = re.compile(r"(\d{4})-(0[1-9]|1[0-2])\Z")


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after (or, negative, before) ``month``."""
    year, index = divmod(month.year * 12 + month.month - 1 + n, 12)
    return date(year, index + 1, 1)


def month_range(first: date, last: date) -> list[date]:
    """First days of every month from ``first``'s to ``last``'s, inclusive."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_end(month: date) -> date:
    """The last day of ``month``'s calendar month."""
    return add_months(month, 1) - timedelta(days=1)


def parse_month(value: str) -> date | None:
    """The first day of a month written YYYY-MM, or None."""
    match = MONTH_PATTERN.match(value.strip())
    return date(int(match[1]), int(match[2]), 1) if match else None


def stated_period(first: date | None, last: date | None) -> tuple[date, date] | None:
    """The period an analyst states a file covers: both months or neither. ValueError (with
    the message to show) for one alone or a period that ends before it starts."""
    if (first is None) != (last is None):
        raise ValueError("Give both months of the period the file covers, or neither.")
    if first is None or last is None:
        return None
    if last < first:
        raise ValueError("The period the file covers ends before it starts.")
    return first, last


def latest_complete_month(today: date) -> date:
    """The first day of the last calendar month that has ended by ``today`` (Europe/London):
    figures default to it, never to the month still running."""
    return add_months(today.replace(day=1), -1)
