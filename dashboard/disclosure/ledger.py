"""The disclosure ledger: what one page or export publishes, and how its numbers are tied.

A page builds one ``Ledger`` and asks it for every number it shows. The ledger answers with
``Cell``s — a value, or the mark shown in its place ("<5", "[c]", "not shown") — from blocks
suppressed as a whole (``series``: a measure's months and 12-month windows in one area;
``groups``: the areas within an area, the offence types and ages of a period). It records each
cell it hands out and every relation between them: a 12-month total is the sum of its months, a
split's parts add up to its footer and to the period's months, the areas within an area add up
to (at most) its total, a change and a rate are derived from the totals they compare.

So the page renders only from what it gets back (tables refuse a number that is not a ``Cell``,
``tables.Table``), the same quantity shows the same mark in every widget (a cell asked for twice
must come back the same), and a test reads ``cells`` and ``relations`` to attack exactly what
the page published."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from incidents.models import Area
from incidents.months import add_months, month_range

from ..measures import MEASURES
from ..selectors import area_figures, breakdown_totals, trend_series_all
from .groups import group_marks
from .policy import CHANGE_NOT_SHOWN, threshold_for
from .series import SeriesMarks, series_marks_for

Key = tuple[Hashable, ...]


@dataclass(frozen=True)
class Cell:
    """A number as a board sees it. ``shown`` is the value when it may be shown, the mark in
    its place when it is hidden, and None when there is nothing (no data; "n/a" for a change
    or rate that does not exist). The true value of a hidden cell is not kept here at all."""

    key: Key
    kind: str  # "count", "rate" or "pct"
    shown: float | str | None

    @property
    def hidden(self) -> bool:
        return isinstance(self.shown, str)

    @property
    def drawn(self) -> float | None:
        """What a chart may draw: the value, or nothing."""
        return None if isinstance(self.shown, str) else self.shown


@dataclass(frozen=True)
class Relation:
    """How published cells are tied. ``sum``: ``total`` = Σ ``parts`` + ``outside`` (``total``
    None: the sum is the known number ``outside``); ``derived``: ``total`` (a change or a rate)
    is computed from ``parts`` and may be shown only when they all are."""

    kind: str
    total: Key | None
    parts: tuple[Key, ...]
    outside: float = 0


@dataclass
class Ledger:
    cells: dict[Key, Cell] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    _relations_seen: set[Relation] = field(default_factory=set)
    _series: dict[tuple[str, int], SeriesView] = field(default_factory=dict)

    def publish(self, key: Key, kind: str, shown: float | str | None) -> Cell:
        cell = Cell(key, kind, shown)
        earlier = self.cells.get(key)
        if earlier is not None and earlier != cell:
            # Two widgets showing one number differently would give the hidden one away.
            raise ValueError(f"{key} published as {earlier.shown!r} and as {shown!r}")
        self.cells[key] = cell
        return cell

    def relate(self, relation: Relation) -> None:
        if relation not in self._relations_seen:
            self._relations_seen.add(relation)
            self.relations.append(relation)

    def absorb(self, other: Ledger) -> None:
        """Take in what another page published (a page made of other pages' parts)."""
        for cell in other.cells.values():
            self.publish(cell.key, cell.kind, cell.shown)
        for relation in other.relations:
            self.relate(relation)

    def series(self, *, measure: str, area: Area) -> SeriesView:
        """A measure's whole series in an area, with the marks every page shows it with."""
        key = (measure, area.pk)
        if key not in self._series:
            self._series[key] = SeriesView(self, measure, area)
        return self._series[key]

    def areas(
        self,
        *,
        measure: str,
        parent: Area,
        children: list[Area],
        month: date,
        details: bool = True,
    ) -> list[AreaRow]:
        """Each child area's 12-month total, rate and 12-month change for a board, in
        ``children`` order, suppressed as a group against the parent's total (which the
        reader knows, or sees hidden). A change reveals the child's previous total, so those are
        suppressed as a group against the parent's previous total too, and a change is shown
        only when both totals are. A hidden total hides its rate. Without ``details`` only the
        totals are published (a widget that shows no rate or change)."""
        threshold = threshold_for(MEASURES[measure].source)
        figures = area_figures(measure=measure, areas=[parent, *children], month=month)
        parent_series = self.series(measure=measure, area=parent)
        base_month = add_months(month, -12)
        rows_by_span = {}
        spans = [(month, "rolling_12m")] + ([(base_month, "previous_12m")] if details else [])
        for span_month, column in spans:
            counts = {a.pk: figures.get(a.pk, {}).get(column) for a in children}
            whole = figures.get(parent.pk, {}).get(column)
            marks = group_marks(
                counts,
                threshold=threshold,
                total=whole,
                total_mark=parent_series.marks.total_mark(span_month),
            )
            rows_by_span[span_month] = (counts, marks, whole)
            # The reader knows the parent's total (its tile), shown or hidden: on the record.
            parent_series.total(span_month)
            if whole is not None:
                known = sum(v for v in counts.values() if v)
                self.relate(
                    Relation(
                        "sum",
                        ("total", measure, parent.code, span_month),
                        tuple(("total", measure, a.code, span_month) for a in children),
                        whole - known,
                    )
                )
        counts, marks, _ = rows_by_span[month]
        result = []
        for area in children:
            total = self.publish(
                ("total", measure, area.code, month),
                "count",
                marks.get(area.pk) or counts[area.pk],
            )
            if not details:
                result.append(AreaRow(area, counts[area.pk], total, None, None))
                continue
            row = figures.get(area.pk, {})
            base_counts, base_marks, _ = rows_by_span[base_month]
            base_hidden = area.pk in base_marks
            rate_key = ("rate", measure, area.code, month)
            change_key = ("change-12", measure, area.code, month)
            if total.hidden:
                rate = self.publish(rate_key, "rate", total.shown)
                change = self.publish(change_key, "pct", total.shown)
            else:
                rate = self.publish(rate_key, "rate", row.get("rate"))
                change = self.publish(
                    change_key,
                    "pct",
                    CHANGE_NOT_SHOWN if base_hidden else row.get("change_12m_pct"),
                )
            self.relate(Relation("derived", rate_key, (total.key,)))
            self.relate(
                Relation(
                    "derived",
                    change_key,
                    (total.key, ("total", measure, area.code, base_month)),
                )
            )
            if not base_hidden and base_counts[area.pk] is not None and not change.hidden:
                # The base is known to the reader from the change: it is published too.
                self.publish(
                    ("total", measure, area.code, base_month), "count", base_counts[area.pk]
                )
            elif base_hidden:
                self.publish(
                    ("total", measure, area.code, base_month), "count", base_marks[area.pk]
                )
            result.append(AreaRow(area, counts[area.pk], total, rate, change))
        return result

    def splits(
        self, *, measure: str, area: Area, first: date, end: date, dimension: str
    ) -> SplitView:
        """The period's counts split one way (offence type, victim age), suppressed as a group
        against their footer total, which is the sum of the period's monthly counts: shown only
        when a reader may know that sum (every month of the period shown, or the period made of
        shown 12-month totals); otherwise withheld as a whole."""
        series = self.series(measure=measure, area=area)
        counts = breakdown_totals(
            measure=measure, area=area, dimension=dimension, first=first, last=end
        )
        view = SplitView(counts={}, footer=None, known=series.period_total_known(first, end))
        if not counts or not view.known:
            return view
        threshold = series.threshold
        total = sum(v for v in counts.values() if v)
        hidden = group_marks(counts, threshold=threshold, total=total)
        prefix = ("split", measure, area.code, first, end, dimension)
        view.counts = {
            key: self.publish((*prefix, key), "count", hidden.get(key) or counts[key])
            for key in counts
        }
        view.footer = self.publish((*prefix, "total"), "count", total)
        self.relate(Relation("sum", view.footer.key, tuple(c.key for c in view.counts.values())))
        months = [m for m in month_range(first, end) if series.rows.get(m, {}).get("count")]
        self.relate(
            Relation(
                "sum", view.footer.key, tuple(("count", measure, area.code, m) for m in months)
            )
        )
        return view


@dataclass
class AreaRow:
    area: Area
    order: int | None  # the 12-month total itself, for ordering only (never shown)
    total: Cell
    rate: Cell | None  # None when only the totals were asked for
    change: Cell | None


@dataclass
class SplitView:
    counts: dict[str, Cell]
    footer: Cell | None
    known: bool  # whether the period's total may be shown beside the rest of the page


class SeriesView:
    """One measure's series in one area as a page publishes it: every count, 12-month total,
    change and rate it hands out is recorded in the ledger with the window it sums."""

    def __init__(self, ledger: Ledger, measure: str, area: Area) -> None:
        self.ledger = ledger
        self.measure = measure
        self.area = area
        self.threshold = threshold_for(MEASURES[measure].source)
        self.marks: SeriesMarks = series_marks_for(measure=measure, area=area)
        self.rows: dict[date, dict[str, Any]] = {
            r["month"]: r for r in trend_series_all(measure=measure, area=area)
        }

    def _key(self, what: str, month: date) -> Key:
        return (what, self.measure, self.area.code, month)

    def count(self, month: date) -> Cell:
        value = self.rows.get(month, {}).get("count")
        mark = self.marks.count_mark(month) if value is not None else None
        return self.ledger.publish(self._key("count", month), "count", mark or value)

    def total(self, month: date) -> Cell:
        value = self.rows.get(month, {}).get("rolling_12m")
        mark = self.marks.total_mark(month) if value is not None else None
        cell = self.ledger.publish(self._key("total", month), "count", mark or value)
        if value is not None:
            window = [add_months(month, -k) for k in range(12)]
            self.ledger.relate(
                Relation("sum", cell.key, tuple(self._key("count", m) for m in window))
            )
        return cell

    def period_total_known(self, first: date, end: date) -> bool:
        """Whether a reader may know the total of ``first``..``end`` without it giving away a
        hidden count: every month of it is shown, or it is the sum of shown 12-month totals."""
        window = month_range(first, end)
        if all(self.marks.count_mark(m) is None for m in window):
            return True
        ends = window[11::12][::-1] if len(window) % 12 == 0 else []
        return bool(ends) and all(
            self.rows.get(m, {}).get("rolling_12m") is not None and self.marks.total_mark(m) is None
            for m in ends
        )

    def figure(self, figure: dict[str, Any]) -> dict[str, Any]:
        """``selectors.trend_figure_for``'s figure made fit for a board (``figure_for_board``),
        its total, changes and rate recorded as published."""
        month = date.fromisoformat(figure["month"] + "-01")
        board = figure_for_board(figure, self.marks)
        total = self.total(month)
        self.ledger.publish(
            self._key("rate", month), "rate", total.shown if total.hidden else board["rate"]
        )
        self.ledger.relate(Relation("derived", self._key("rate", month), (total.key,)))
        for span, base in ((12, "previous_12m"), (24, "rolling_12m_two_years_earlier")):
            base_month = add_months(month, -span)
            change_key = self._key(f"change-{span}", month)
            if total.hidden:  # as the areas' tables show it: the total's own mark
                shown: float | str | None = total.shown
            elif board[f"change_{span}m_hidden"]:
                shown = CHANGE_NOT_SHOWN
            else:
                shown = board[f"change_{span}m_pct"]
            self.ledger.publish(change_key, "pct", shown)
            self.ledger.relate(
                Relation("derived", change_key, (total.key, self._key("total", base_month)))
            )
            if board[base] is not None:
                self.total(base_month)
        board["cells"] = {"total": total}
        return board


_COUNT_KEYS = ("count", "rolling_12m", "rate", "population")
_CHANGE_KEYS = {
    12: ("previous_12m", "change_12m_pct", "ci_12m_pct", "p_12m", "significant_12m"),
    24: (
        "rolling_12m_two_years_earlier",
        "change_24m_pct",
        "ci_24m_pct",
        "p_24m",
        "significant_24m",
    ),
}


def figure_for_board(figure: dict[str, Any], marks: SeriesMarks) -> dict[str, Any]:
    """A figure from ``selectors.trend_figure_for`` as a board may see it: a hidden 12-month
    total takes its rate with it, and a change (with its interval and test) is shown only when
    both totals it compares are, since either one and the change give the other away. Hidden
    values are None; ``suppression`` says which marks stand in for the count and the total."""
    month = date.fromisoformat(figure["month"] + "-01")
    board = dict(figure)
    hidden_total = marks.total_mark(month) if figure["rolling_12m"] is not None else None
    if hidden_total is not None:
        for key in _COUNT_KEYS:
            board[key] = None
    hidden_count = marks.count_mark(month) if figure["count"] is not None else None
    if hidden_count is not None:
        board["count"] = None
    for span, keys in _CHANGE_KEYS.items():
        base_exists = figure[keys[0]] is not None
        shown = marks.change_shown(month, span)
        if not shown:
            for key in keys:
                board[key] = None
            board[f"ci_{span}m_pct"] = [None, None]
            board[f"significant_{span}m"] = False
        # Said so only when the totals exist but may not be compared for the reader.
        board[f"change_{span}m_hidden"] = (
            not shown and base_exists and hidden_total is None and figure["rolling_12m"] is not None
        )
    board["significant"] = bool(board.get("significant_12m"))
    board["rolling_12m_mark"] = hidden_total
    board["suppressed"] = hidden_total is not None
    board["suppression"] = {"count": hidden_count, "rolling_12m": hidden_total}
    return board
