"""Groups: counts that add up to a total the reader knows, or sees hidden (the wards of a local
authority and its 12-month total; the offence types of a period and the period's total)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from .policy import mark
from .solver import PRIMARY, SECONDARY, Cells, is_small, suppress

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
