"""Calendar-month arithmetic on first-of-month dates (a month is a calendar month in
Europe/London; dates carry no time zone)."""

from __future__ import annotations

from datetime import date


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
