"""The words of alerts and their e-mails, in plain English, from board-ready figures only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from dashboard.filters import SOURCE_LABELS
from dashboard.headlines import format_pct
from incidents.models import Area

from .compare import ABOVE, CROSSED, UP, Turn


def _month(figure: dict[str, Any]) -> str:
    return date_format(date.fromisoformat(figure["month"] + "-01"), "F Y")


def _names(figure: dict[str, Any]) -> dict[str, str]:
    return {
        "measure": figure["measure_name"],
        "area": figure["area_name"],
        "month": _month(figure),
    }


def significance_title(figure: dict[str, Any], span: int, turn: Turn) -> str:
    """e.g. "Knife crime in Milton Keynes: the change on the previous 12 months is now
    statistically significant, up (+90% in the 12 months to October 2026)"."""
    names = {
        **_names(figure),
        "what": _("the change on the previous 12 months")
        if span == 12
        else _("the change on two years earlier"),
        "change": figure[f"change_{span}m_display"],
    }
    if turn.became:
        names["direction"] = _("up") if turn.after == UP else _("down")
        return (
            _(
                "%(measure)s in %(area)s: %(what)s is now statistically significant, "
                "%(direction)s (%(change)s in the 12 months to %(month)s)"
            )
            % names
        )
    return (
        _(
            "%(measure)s in %(area)s: %(what)s is no longer statistically significant "
            "(%(change)s in the 12 months to %(month)s)"
        )
        % names
    )


def figure_text(figure: dict[str, Any], which: str, value: float) -> str:
    if which == "rate":
        return _("the rate, %(value)s %(unit)s,") % {
            # number_format cuts decimals off; round first.
            "value": number_format(round(value, 1), decimal_pos=1, force_grouping=True),
            "unit": figure["rate_unit"],
        }
    if which == "rolling_12m":
        return _("the number in 12 months, %(value)s,") % {
            "value": number_format(int(value), force_grouping=True)
        }
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return _("the change on the previous 12 months, %(value)s,") % {
        "value": sign + format_pct(value)
    }


def _number(value: float) -> str:
    return f"{value:g}"


def threshold_title(
    figure: dict[str, Any], subscription: Any, event: str, value: float, reset: float
) -> str:
    names = {
        **_names(figure),
        "figure": figure_text(figure, subscription.threshold_figure, value),
        "threshold": _number(float(subscription.threshold_value)),
        "reset": _number(reset),
    }
    above = subscription.threshold_direction == ABOVE
    if event == CROSSED:
        message = (
            _("%(measure)s in %(area)s: %(figure)s went above your threshold of %(threshold)s")
            if above
            else _("%(measure)s in %(area)s: %(figure)s went below your threshold of %(threshold)s")
        )
    else:
        message = (
            _(
                "%(measure)s in %(area)s: %(figure)s is back below %(reset)s, so your alert "
                "for %(threshold)s is reset"
            )
            if above
            else _(
                "%(measure)s in %(area)s: %(figure)s is back above %(reset)s, so your alert "
                "for %(threshold)s is reset"
            )
        )
    return (message % names) + " " + _("(12 months to %(month)s)") % names


def _source(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source))


def new_data_title(source: str, before: date, month: date) -> str:
    names = {"source": _source(source), "month": date_format(month, "F Y")}
    return _("New data: %(source)s up to %(month)s is in the figures") % names


def new_data_body(source: str, month: date) -> str:
    return _(
        "The figures now include %(source)s up to %(month)s. Every page and the board pack "
        "show the new months."
    ) % {"source": _source(source), "month": date_format(month, "F Y")}


def measure_link(measure: str, area: Area) -> str:
    path = reverse("measure", args=[measure])
    if area.code != settings.PARTNERSHIP_AREA_CODE:
        path += "?" + urlencode({"area": area.code})
    return path


def digest_subject(alerts: Sequence[Any]) -> str:
    if len(alerts) == 1:
        return str(alerts[0].title)[:250]
    return (_("%(count)s alerts: %(first)s") % {"count": len(alerts), "first": alerts[0].title})[
        :250
    ]


def board_pack_subject(meeting: date) -> str:
    return _("The board pack for the meeting on %(date)s") % {"date": date_format(meeting, "j F Y")}
