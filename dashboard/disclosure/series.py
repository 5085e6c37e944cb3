"""A measure's whole series in one area, suppressed as one block: its monthly counts and its
12-month totals (each the sum of its twelve months). Tiles, headlines, the trend and the
month-by-month and year-on-year charts all read the same marks, whatever months they show, so no
filter or page shows a combination the block did not allow. A change, its interval and a rate
are shown only when both totals they come from are ("15, up 400%" would give away a previous 3).

Zero is shown as 0; a month without data is "no data", not a cell; a 12-month total whose
window lacks a month does not exist, so it ties nothing."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache

from incidents.models import Area
from incidents.months import add_months

from ..figures.generation import generation_current
from ..measures import MEASURES
from .policy import mark, threshold_for
from .solver import SECONDARY, WITHHELD, Cells, suppress

# Marks are kept as long as the pages built from them (the generation is in the key anyway).
MARKS_SECONDS = 24 * 3600


@dataclass(frozen=True)
class SeriesMarks:
    """Which monthly counts and 12-month totals of one measure and area a board may see."""

    threshold: int
    hidden: Mapping[Hashable, str]  # ("count" or "rolling", month) → reason

    def count_mark(self, month: date) -> str | None:
        """The mark shown in place of the month's count, or None when it is shown."""
        return mark(self.hidden.get(("count", month)), self.threshold)

    def total_mark(self, month: date) -> str | None:
        """The mark shown in place of the 12-month total to ``month``, or None when shown."""
        return mark(self.hidden.get(("rolling", month)), self.threshold)

    def change_shown(self, month: date, months_back: int) -> bool:
        """A change against ``months_back`` earlier reveals the earlier total: shown only when
        both totals are."""
        return (
            self.total_mark(month) is None
            and self.total_mark(add_months(month, -months_back)) is None
        )

    @property
    def months_withheld(self) -> bool:
        return WITHHELD in self.hidden.values()


def series_marks(rows: Sequence[Mapping[str, Any]], *, threshold: int) -> SeriesMarks:
    """Suppress a measure's whole series in one area: ``rows`` (month ascending) hold
    ``month``, ``count`` (None: no data) and ``rolling_12m`` (None until 12 months exist)."""

    def cells(*, withhold_months: bool) -> Cells:
        found = Cells(threshold)
        counted = {r["month"] for r in rows if r["count"] is not None}
        for r in rows:
            found.add(("count", r["month"]), r["count"])
            found.add(("rolling", r["month"]), r["rolling_12m"])
            if withhold_months and r["count"] is not None:
                found.forced[("count", r["month"])] = WITHHELD
        for r in rows:
            if r["rolling_12m"] is not None:
                window = [add_months(r["month"], -k) for k in range(12)]
                found.total(("rolling", r["month"]), [("count", m) for m in window if m in counted])
        return found

    def cost(key: Hashable, value: float) -> float:
        # Hide a month's count before a 12-month total: the totals are the headline figures.
        return value + (1e9 if key[0] == "rolling" else 0)  # type: ignore[index]

    def totals_hidden(hidden: Mapping[Hashable, str]) -> int:
        return sum(key[0] == "rolling" for key in hidden)  # type: ignore[index]

    shown_months = suppress(cells(withhold_months=False), cost=cost)
    if not any(k[0] == "rolling" and r == SECONDARY for k, r in shown_months.items()):  # type: ignore[index]
        return SeriesMarks(threshold, shown_months)
    # Small months beside their 12-month totals forced totals out. The totals are the headline
    # figures: leaving the months out instead may keep more of them.
    without_months = suppress(cells(withhold_months=True), cost=cost)
    if totals_hidden(without_months) < totals_hidden(shown_months):
        return SeriesMarks(threshold, without_months)
    return SeriesMarks(threshold, shown_months)


def series_marks_for(*, measure: str, area: Area) -> SeriesMarks:
    """The marks of a measure's whole series in an area, cached under the figures generation
    read in the same snapshot as the figures they are computed from."""
    from ..selectors import trend_series_all

    key = f"series-marks:{generation_current()}:{measure}:{area.pk}"
    marks: SeriesMarks | None = cache.get(key)
    if marks is None:
        marks = series_marks(
            trend_series_all(measure=measure, area=area),
            threshold=threshold_for(MEASURES[measure].source),
        )
        cache.set(key, marks, timeout=MARKS_SECONDS)
    return marks
