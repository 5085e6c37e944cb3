"""Board-facing cells: a count as a chart draws it and a table shows it, after the suppression
policy (``suppression``) has marked it. Pages build every table and chart through these, so a
chart, its table and the table's CSV always hide the same counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from incidents.models import Area
from incidents.months import add_months

from .charts import Series
from .selectors import area_figures, series_marks_for
from .suppression import group_marks


def cell(value: float | None, mark: str | None = None) -> tuple[float | None, float | str | None]:
    """(value to draw, value to show): a hidden count is drawn as nothing and shown as its mark
    ("<5", "[c]"); a month without data is neither."""
    if value is None:
        return None, None
    if mark is not None:
        return None, mark
    return value, value


def shown_text(value: float | str | None) -> str:
    if value is None:
        return "no data"
    return value if isinstance(value, str) else f"{value:,.0f}"


def plot(series: Series, value: float | None, mark: str | None = None) -> float | str | None:
    """Add a count to a chart series as its table shows it; return the table cell."""
    drawn, shown = cell(value, mark)
    series.values.append(drawn)
    series.shown.append(shown_text(shown))
    return shown


# A change whose base is hidden: the change and the shown count would give the base away.
CHANGE_NOT_SHOWN = "not shown"


@dataclass
class AreaCells:
    area: Area
    count: int | None  # the 12-month count itself, for ordering only
    drawn: float | None  # what a chart may draw
    cell: float | str | None  # what a table shows
    rate: float | str | None
    change: float | str | None


def area_cells(
    *, measure: str, parent: Area, areas: list[Area], month: date, threshold: int
) -> list[AreaCells]:
    """Each area's 12-month count, rate and 12-month change for a board, in ``areas`` order.

    The areas lie inside ``parent``, whose own 12-month total the reader knows (or sees
    hidden): the counts are suppressed as a group against it. A change reveals the area's
    previous 12 months, so those are suppressed as a group against the parent's previous
    total too, and a change is shown only when both counts are. A hidden count hides its rate."""
    figures = area_figures(measure=measure, areas=[parent, *areas], month=month)
    whole = figures.get(parent.pk, {})
    marks = series_marks_for(measure=measure, area=parent)
    counts = {a.pk: figures.get(a.pk, {}).get("rolling_12m") for a in areas}
    bases = {a.pk: figures.get(a.pk, {}).get("previous_12m") for a in areas}
    hidden = group_marks(
        counts, threshold=threshold, total=whole.get("rolling_12m"), total_mark=marks.rolling(month)
    )
    base_month = add_months(month, -12)
    hidden_base = group_marks(
        bases,
        threshold=threshold,
        total=whole.get("previous_12m"),
        total_mark=marks.rolling(base_month),
    )
    result = []
    for area in areas:
        row = figures.get(area.pk, {})
        drawn, shown = cell(counts[area.pk], hidden.get(area.pk))
        visible = drawn is not None
        change = row.get("change_12m_pct")
        if not visible:
            change = shown
        elif area.pk in hidden_base:
            change = CHANGE_NOT_SHOWN
        result.append(
            AreaCells(
                area, counts[area.pk], drawn, shown, row.get("rate") if visible else shown, change
            )
        )
    return result
