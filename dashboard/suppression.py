"""The suppression policy as the pages use it: which counts of a measure a board may see.

Every board-facing number comes from one of two kinds of block, each run through
``disclosure.suppress`` so that nothing hidden can be worked out from what is shown:

* a **series** — a measure's monthly counts and rolling 12-month totals in one area over its
  whole history (each total is the sum of its twelve months). Tiles, headlines, the trend and
  the month-by-month and year-on-year charts all read the same marks, whatever months they show,
  so no filter or page shows a combination the block did not allow. A change, its interval
  and a rate are shown only when both counts they come from are shown ("15, up 400%" would give
  away a previous 3).
* a **group** — counts that add up to a total the reader knows (the wards of a local
  authority, the offence types of a period); the total is a sum, and the parts are protected
  against it.

Zero is shown as 0; a month without data is "no data". The threshold is the source's."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.utils.translation import gettext_lazy

from incidents.models import Source
from incidents.months import add_months

from .disclosure import (
    PRIMARY,
    SECONDARY,
    SECONDARY_MARK,
    SECONDARY_NOTE,
    WITHHELD,
    Cells,
    is_small,
    primary_mark,
    suppress,
)

NO_DATA = "no data"
__all__ = ["NO_DATA", "SECONDARY_MARK", "is_small", "threshold_for", "SeriesMarks", "group_marks"]


def threshold_for(source: str) -> int:
    """Counts below it are hidden: partnership 5, hospital 8 (NHS disclosure control for
    emergency care hides 1–7), police.uk the configured ``SUPPRESSION_THRESHOLD``."""
    thresholds: dict[str, int] = {
        Source.PARTNERSHIP.value: settings.SUPPRESSION_THRESHOLD_PARTNERSHIP,
        Source.HOSPITAL.value: settings.SUPPRESSION_THRESHOLD_HOSPITAL,
    }
    return thresholds.get(source, int(settings.SUPPRESSION_THRESHOLD))


# In place of a month's count when a series' monthly counts are left out as a whole.
NOT_SHOWN = "not shown"
MONTHS_WITHHELD_NOTE = gettext_lazy(
    "Monthly counts are not shown for this area: too many are under {threshold}, and beside the "
    "12-month totals they would give each other away."
)


def mark(reason: str | None, threshold: int) -> str | None:
    """The text shown in place of a hidden count, or None when it is shown."""
    if reason is None:
        return None
    if reason == WITHHELD:
        return NOT_SHOWN
    return primary_mark(threshold) if reason == PRIMARY else SECONDARY_MARK


def footnote(threshold: int) -> str:
    return SECONDARY_NOTE.format(threshold=threshold)


@dataclass(frozen=True)
class SeriesMarks:
    """Which monthly counts and 12-month totals of one measure and area a board may see."""

    threshold: int
    hidden: Mapping[Hashable, str]  # ("count" or "rolling", month) → reason

    def count(self, month: date) -> str | None:
        return mark(self.hidden.get(("count", month)), self.threshold)

    def rolling(self, month: date) -> str | None:
        return mark(self.hidden.get(("rolling", month)), self.threshold)

    def change_shown(self, month: date, months_back: int) -> bool:
        """A change against ``months_back`` earlier reveals the earlier total: shown only when
        both totals are."""
        return self.rolling(month) is None and self.rolling(add_months(month, -months_back)) is None

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


Key = TypeVar("Key", bound=Hashable)


def group_marks(
    counts: Mapping[Key, int | None],
    *,
    threshold: int,
    total: int | None = None,
    total_mark: str | None = None,
) -> dict[Key, str]:
    """Marks for a group of counts whose total the reader knows (``total``: the parts and what
    lies outside them), or whose total is itself hidden (``total_mark``): key → mark for each
    hidden part."""
    cells = Cells(threshold)
    for key, value in counts.items():
        cells.add(("part", key), value)
    known = sum(v for v in counts.values() if v)
    if total is not None and total_mark is None:
        cells.total(None, [("part", k) for k in counts], outside=total - known, known_total=total)
    elif total is not None:
        cells.add(("total",), total)
        cells.forced[("total",)] = PRIMARY if is_small(total, threshold) else SECONDARY
        cells.total(("total",), [("part", k) for k in counts], outside=total - known)
    hidden = suppress(cells)
    return {
        key[1]: shown  # type: ignore[index]
        for key, reason in hidden.items()
        if key != ("total",) and (shown := mark(reason, threshold)) is not None
    }
