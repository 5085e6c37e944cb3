"""Board-facing tables: the data table beside each chart and its CSV download are one object, so
the download holds exactly what the page shows, suppression included.

A cell holds a value (int, float, date, text) or, where small-number suppression hides it,
the text "<5"; each column's kind says how to show and export it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils.formats import date_format

from incidents.exports import csv_response

from .headlines import format_pct
from .suppression import NO_DATA, SECONDARY_MARK, footnote


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, month, count, pct, rate
    help: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind in ("count", "pct", "rate")


@dataclass
class Table:
    slug: str  # names the CSV: ?table=<slug>&format=csv
    caption: str
    columns: Sequence[Column]
    rows: list[list[Any]] = field(default_factory=list)
    footer: list[Any] | None = None  # a total row
    note: str = ""
    highlight: set[int] = field(default_factory=set)  # row indexes to emphasise
    threshold: int = 5  # the suppression threshold of the counts, for the "[c]" footnote

    @property
    def full_note(self) -> str:
        """The table's note, and what "[c]" means when a cell shows it."""
        rows = [*self.rows, *([self.footer] if self.footer else [])]
        if any(cell == SECONDARY_MARK for row in rows for cell in row):
            return " ".join(filter(None, [self.note, footnote(self.threshold)]))
        return self.note

    def display_rows(self) -> Iterator[tuple[bool, list[tuple[str, bool]]]]:
        """(highlighted, [(text, numeric), ...]) per row, for templates."""
        for index, row in enumerate(self.rows):
            yield index in self.highlight, self._display(row)

    def display_footer(self) -> list[tuple[str, bool]] | None:
        return self._display(self.footer) if self.footer else None

    def _display(self, row: Sequence[Any]) -> list[tuple[str, bool]]:
        return [(display(v, c.kind), c.numeric) for v, c in zip(row, self.columns, strict=True)]

    def csv(self, filename_stem: str) -> HttpResponse:
        rows = [*self.rows, *([self.footer] if self.footer else [])]
        lines = [[export(v, c.kind) for v, c in zip(r, self.columns, strict=True)] for r in rows]
        if (note := self.full_note) and SECONDARY_MARK in note:
            lines.append([note, *([""] * (len(self.columns) - 1))])
        return csv_response(
            f"{filename_stem}-{self.slug}.csv", [c.label for c in self.columns], lines
        )


def display(value: Any, kind: str) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return {"count": NO_DATA, "pct": "n/a", "rate": "n/a"}.get(kind, "—")
    if kind == "month":
        return date_format(value, "M Y")  # in the active language
    if kind == "count":
        return f"{value:,.0f}"
    if kind == "pct":
        sign = "+" if value > 0 else "−" if value < 0 else ""
        return sign + format_pct(value)
    if kind == "rate":
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
    return str(value)


def export(value: Any, kind: str) -> Any:
    """Spreadsheet-friendly: numbers stay numbers, a month is YYYY-MM, unknown is empty."""
    if value is None or isinstance(value, str):
        return value or ""
    if kind == "month" and isinstance(value, date):
        return f"{value:%Y-%m}"
    if kind == "count":
        return int(value)
    if kind == "pct":
        return round(value, 1)
    if kind == "rate":
        return round(value, 3)
    return value
