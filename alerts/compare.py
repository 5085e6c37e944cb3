"""The comparisons behind alerts, as pure functions of board-ready figures (no database).

A figure here is what ``dashboard.pages.common.key_figure`` returns: anything suppression hides
is None, so a state that depends on a hidden value cannot be told, and nothing changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

UP, DOWN, NONE = "up", "down", "none"
CLEAR, CROSSED = "clear", "crossed"
ABOVE, BELOW = "above", "below"
SPANS = (12, 24)


def significance_state(figure: Mapping[str, Any], span: int) -> str | None:
    """Whether the change over ``span`` months (12 or 24) is significantly up, down, or not
    significant; None when it cannot be told: the change is hidden, its windows span months
    without data (not comparable), or there is nothing to compare with."""
    significant = figure.get(f"significant_{span}m")
    base = figure.get("previous_12m" if span == 12 else "rolling_12m_two_years_earlier")
    if significant is None or base is None or not figure.get(f"comparable_{span}m"):
        return None
    if not significant:
        return NONE
    change = figure.get(f"change_{span}m_pct")
    # A significant change from a base of none has no percentage, and can only be a rise.
    return DOWN if change is not None and change < 0 else UP


@dataclass(frozen=True)
class Turn:
    before: str
    after: str

    @property
    def became(self) -> bool:
        """It became significant (up or down); otherwise it stopped being."""
        return self.after != NONE


def significance_turn(before: str | None, after: str | None) -> Turn | None:
    """A change of state worth an alert: from not significant to significant (either way),
    back, or from significantly up to significantly down. Nothing on the first look (no
    ``before``: there is nothing to compare with) or when the state cannot be told."""
    if before is None or after is None or before == after:
        return None
    return Turn(before, after)


def default_reset(threshold: float, direction: str) -> float:
    """Where a threshold resets when its subscriber set none: 10% of it back (1 for 0)."""
    margin = abs(threshold) * 0.1 or 1.0
    return threshold - margin if direction == ABOVE else threshold + margin


def threshold_step(
    *, state: str, value: float | None, threshold: float, reset: float, direction: str
) -> tuple[str, str | None]:
    """(new state, event) for one look at a figure against a threshold with hysteresis.
    ``state`` is "" (never looked), CLEAR or CROSSED; the event is CROSSED when the figure goes
    past the threshold, CLEAR when, having crossed, it is back past ``reset``, else None. A
    figure between the two keeps the state it had, so it cannot flap. A hidden figure (None)
    changes nothing."""
    if value is None:
        return state, None
    beyond = value > threshold if direction == ABOVE else value < threshold
    back = value < reset if direction == ABOVE else value > reset
    if not state:
        return (CROSSED if beyond else CLEAR), None
    if state == CLEAR and beyond:
        return CROSSED, CROSSED
    if state == CROSSED and back:
        return CLEAR, CLEAR
    return state, None
