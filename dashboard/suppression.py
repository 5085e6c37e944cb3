"""Small-number suppression for board-facing tables and exports.

Primary: a count from 1 to threshold − 1 is shown as "<threshold". Secondary: where a group's
total is shown and exactly one of its cells is suppressed, the total minus the others would
reveal it, so the next smallest cell is suppressed too. Zero is shown as 0 (nobody to identify);
a month with no data stays "no data"."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
NO_DATA = "no data"


def is_small(count: int | None, threshold: int) -> bool:
    return count is not None and 0 < count < threshold


def hidden_cells(
    counts: Mapping[K, int | None], *, threshold: int, total_shown: bool = True
) -> set[K]:
    """The keys of the cells a group must not show: the small ones, and, where a shown total
    would reveal a lone small one, the next smallest cell too."""
    hidden = {k for k, v in counts.items() if is_small(v, threshold)}
    if total_shown and len(hidden) == 1:
        others = [(v, repr(k), k) for k, v in counts.items() if k not in hidden and v is not None]
        if others:
            hidden.add(min(others)[2])
    return hidden


def suppress_group(
    counts: Mapping[K, int | None], *, threshold: int, total_shown: bool = True
) -> dict[K, str]:
    """Display strings for a group of cells (e.g. the wards of a local authority)."""
    hidden = hidden_cells(counts, threshold=threshold, total_shown=total_shown)
    shown: dict[K, str] = {}
    for key, value in counts.items():
        if value is None:
            shown[key] = NO_DATA
        elif key in hidden:
            shown[key] = f"<{threshold}"
        else:
            shown[key] = f"{value:,}"
    return shown


def suppress_total(total: int | None, *, threshold: int) -> str:
    if total is None:
        return NO_DATA
    return f"<{threshold}" if is_small(total, threshold) else f"{total:,}"
