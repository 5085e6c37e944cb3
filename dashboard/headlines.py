"""Plain-English headline sentences in the ONS style, from one trend figure."""

from __future__ import annotations

import math
from datetime import date
from typing import Any


def format_pct(value: float) -> str:
    """ONS rounds published percentages to whole numbers; a change under 1% keeps one decimal
    so a +0.5% does not read as "no change"."""
    magnitude = abs(value)
    return f"{magnitude:.1f}%" if magnitude < 1 else f"{magnitude:.0f}%"


def _direction(value: float) -> str:
    if round(value, 1) == 0:
        return "unchanged"
    return "up" if value > 0 else "down"


def _change(value: float | None, base_label: str, significant: bool, comparable: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"no percentage change on {base_label} (there were none then)"
    direction = _direction(value)
    text = (
        f"{direction} {format_pct(value)} on {base_label}"
        if direction != "unchanged"
        else (f"unchanged on {base_label}")
    )
    if not comparable:
        return text + " (not comparable: some months have no data)"
    if not significant:
        return text + " (not statistically significant)"
    return text


def headline(*, measure_name: str, noun: str, area_name: str, month: date,
             figure: dict[str, Any], threshold: int) -> str:  # fmt: skip
    """e.g. "Knife crime in Milton Keynes: 1,234 offences in the 12 months to March 2024, up
    0.5% on the previous 12 months (not statistically significant) and up 90% on two years
    earlier." Counts under ``threshold`` are never shown."""
    period = f"the 12 months to {month:%B %Y}"
    r12 = figure.get("rolling_12m")
    hidden = figure.get("rolling_12m_mark")
    if hidden and hidden.startswith("<"):
        return f"{measure_name} in {area_name}: fewer than {threshold} {noun} in {period}."
    if hidden:
        return (f"{measure_name} in {area_name}: the figure for {period} is not shown, so that "
                "a smaller number cannot be worked out from it.")  # fmt: skip
    if r12 is None:
        return f"{measure_name} in {area_name}: no figure for {period} (not enough months of data)."
    if 0 < r12 < threshold:
        return f"{measure_name} in {area_name}: fewer than {threshold} {noun} in {period}."
    parts = [f"{measure_name} in {area_name}: {r12:,} {noun} in {period}"]
    for base, label, span in (
        ("previous_12m", "the previous 12 months", "12m"),
        ("rolling_12m_two_years_earlier", "two years earlier", "24m"),
    ):
        if figure.get(base) is not None:
            parts.append(
                _change(
                    figure.get(f"change_{span}_pct"),
                    label,
                    figure.get(f"significant_{span}", False),
                    figure.get(f"comparable_{span}", False),
                )
            )
        elif figure.get(f"change_{span}_hidden"):
            parts.append(f"the change on {label} is not shown (too few then to publish)")
    # fmt: skip
    sentence = parts[0]
    if len(parts) == 2:
        sentence += f", {parts[1]}"
    elif len(parts) == 3:
        sentence += f", {parts[1]} and {parts[2]}"
    return sentence + "."
