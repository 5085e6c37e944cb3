"""Board-facing tables: the data table beside each chart and its CSV download are one object, so
the download holds exactly what the page shows, suppression included.

A count, rate or change column holds only ``disclosure.ledger.Cell``s, handed out by the page's
ledger: a number that did not go through the ledger cannot be shown (``UndeclaredNumber``).
Text, month and plain-number columns (how many actions) hold values as they are."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils.formats import date_format

from incidents.exports import csv_response

from .disclosure.ledger import Cell
from .disclosure.policy import NO_DATA, footnote
from .disclosure.solver import SECONDARY_MARK
from .headlines import format_pct

# Columns of figures a board sees through the disclosure ledger.
PUBLISHED_KINDS = ("count", "pct", "rate")


class UndeclaredNumber(TypeError):
    """A table was given a figure that the page's ledger did not hand out."""


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, month, number (not a figure), count, pct, rate
    help: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", *PUBLISHED_KINDS)


@dataclass
class Table:
    slug: str  # names the CSV: ?export=<slug>
    caption: str
    columns: Sequence[Column]
    rows: list[list[Any]] = field(default_factory=list)
    footer: list[Any] | None = None  # a total row
    note: str = ""
    highlight: set[int] = field(default_factory=set)  # row indexes to emphasise
    threshold: int = 5  # the suppression threshold of the counts, for the "[c]" footnote

    def _all_rows(self) -> list[list[Any]]:
        return [*self.rows, *([self.footer] if self.footer else [])]

    @property
    def full_note(self) -> str:
        """The table's note, and what "[c]" means when a cell shows it."""
        if any(
            _value(v, c) == SECONDARY_MARK for row in self._all_rows() for v, c in self._pairs(row)
        ):
            return " ".join(filter(None, [self.note, footnote(self.threshold)]))
        return self.note

    def _pairs(self, row: Sequence[Any]) -> list[tuple[Any, Column]]:
        return list(zip(row, self.columns, strict=True))

    def display_rows(self) -> Iterator[tuple[bool, list[tuple[str, bool]]]]:
        """(highlighted, [(text, numeric), ...]) per row, for templates."""
        for index, row in enumerate(self.rows):
            yield index in self.highlight, self._display(row)

    def display_footer(self) -> list[tuple[str, bool]] | None:
        return self._display(self.footer) if self.footer else None

    def _display(self, row: Sequence[Any]) -> list[tuple[str, bool]]:
        return [(display(_value(v, c), c.kind), c.numeric) for v, c in self._pairs(row)]

    def cells(self) -> list[Cell]:
        """Every published cell the table shows (what a test compares with the ledger)."""
        return [v for row in self._all_rows() for v in row if isinstance(v, Cell)]

    def csv(self, filename_stem: str) -> HttpResponse:
        lines = [
            [export(_value(v, c), c.kind) for v, c in self._pairs(r)] for r in self._all_rows()
        ]
        if (note := self.full_note) and SECONDARY_MARK in note:
            lines.append([note, *([""] * (len(self.columns) - 1))])
        return csv_response(
            f"{filename_stem}-{self.slug}.csv", [c.label for c in self.columns], lines
        )


def _value(value: Any, column: Column) -> Any:
    """What a cell shows; a figure column's value must be a ledger ``Cell``."""
    if column.kind in PUBLISHED_KINDS:
        if not isinstance(value, Cell):
            raise UndeclaredNumber(
                f"{value!r} in the column {column.label!r} was not published through the "
                "page's disclosure ledger"
            )
        return value.shown
    return value


def display(value: Any, kind: str) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return {"count": NO_DATA, "pct": "n/a", "rate": "n/a"}.get(kind, "—")
    if kind == "month":
        return date_format(value, "M Y")  # in the active language
    if kind in ("count", "number"):
        return f"{value:,.0f}"
    if kind == "pct":
        sign = "+" if value > 0 else "−" if value < 0 else ""
        return sign + format_pct(value)
    if kind == "rate":
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
    return str(value)


def export(value: Any, kind: str) -> Any:
    """Spreadsheet-friendly: numbers stay numbers, a month is YYYY-MM; a missing figure reads as
    the page says it ("no data", "n/a"), never as an empty cell a spreadsheet might sum as 0."""
    if isinstance(value, str):
        return value
    if value is None:
        return {"count": NO_DATA, "pct": "n/a", "rate": "n/a"}.get(kind, "")
    if kind == "month" and isinstance(value, date):
        return f"{value:%Y-%m}"
    if kind in ("count", "number"):
        return int(value)
    if kind == "pct":
        return round(value, 1)
    if kind == "rate":
        return round(value, 3)
    return value
