"""Plain-English headline sentences in the ONS style, from one trend figure."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _


def format_pct(value: float) -> str:
    """ONS rounds published percentages to whole numbers; a change under 1% keeps one decimal
    so a +0.5% does not read as "no change"."""
    magnitude = abs(value)
    return f"{magnitude:.1f}%" if magnitude < 1 else f"{magnitude:.0f}%"


def _period(month: date) -> str:
    return _("the 12 months to %(month)s") % {"month": date_format(month, "F Y")}


def _change(value: float | None, base_label: str, significant: bool, comparable: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("no percentage change on %(base)s (there were none then)") % {"base": base_label}
    if round(value, 1) == 0:
        text = _("unchanged on %(base)s") % {"base": base_label}
    elif value > 0:
        text = _("up %(pct)s on %(base)s") % {"pct": format_pct(value), "base": base_label}
    else:
        text = _("down %(pct)s on %(base)s") % {"pct": format_pct(value), "base": base_label}
    if not comparable:
        return text + " " + _("(not comparable: some months have no data)")
    if not significant:
        return text + " " + _("(not statistically significant)")
    return text


def headline(
    *,
    measure_name: str,
    noun: str,
    area_name: str,
    month: date,
    figure: dict[str, Any],
    threshold: int,
) -> str:
    """e.g. "Knife crime in Milton Keynes: 1,234 offences in the 12 months to March 2024, up
    0.5% on the previous 12 months (not statistically significant) and up 90% on two years
    earlier." Counts under ``threshold`` are never shown. In the active language."""
    names = {
        "measure": measure_name,
        "area": area_name,
        "period": _period(month),
        "noun": noun,
        "threshold": threshold,
    }
    r12 = figure.get("rolling_12m")
    hidden = figure.get("rolling_12m_mark")
    if (hidden and hidden.startswith("<")) or (r12 is not None and 0 < r12 < threshold):
        return (
            _("%(measure)s in %(area)s: fewer than %(threshold)s %(noun)s in %(period)s.") % names
        )
    if hidden:
        return (
            _(
                "%(measure)s in %(area)s: the figure for %(period)s is not shown, so that a "
                "smaller number cannot be worked out from it."
            )
            % names
        )
    if r12 is None:
        return (
            _("%(measure)s in %(area)s: no figure for %(period)s (not enough months of data).")
            % names
        )
    parts = [
        _("%(measure)s in %(area)s: %(count)s %(noun)s in %(period)s")
        % {**names, "count": number_format(r12, force_grouping=True)}
    ]
    for base, label, span in (
        ("previous_12m", _("the previous 12 months"), "12m"),
        ("rolling_12m_two_years_earlier", _("two years earlier"), "24m"),
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
            parts.append(
                _("the change on %(base)s is not shown (too few then to publish)") % {"base": label}
            )
    if len(parts) == 2:
        return _("%(first)s, %(second)s.") % {"first": parts[0], "second": parts[1]}
    if len(parts) == 3:
        return _("%(first)s, %(second)s and %(third)s.") % dict(
            zip(("first", "second", "third"), parts, strict=True)
        )
    return parts[0] + "."
