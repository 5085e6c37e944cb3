"""Plain-English headline sentences in the ONS style, one per figure, built once from the figure
as its reader may see it (a board's, with hidden values gone, or an analyst's exact one)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.months import add_months

from .disclosure.solver import is_small
from .measures import MEASURES


def format_pct(value: float) -> str:
    """ONS rounds published percentages to whole numbers; a change under 1% keeps one decimal
    so a +0.5% does not read as "no change"."""
    magnitude = abs(value)
    return f"{magnitude:.1f}%" if magnitude < 1 else f"{magnitude:.0f}%"


def signed_pct(value: float | None) -> str:
    """ "+12%", "−3%", "0%"; "n/a" for a change that does not exist."""
    if value is None:
        return "n/a"
    return ("+" if value > 0 else "−" if value < 0 else "") + format_pct(value)


def months_text(months: list[str]) -> str:
    """YYYY-MM months as runs in words: "July 2025", "July to September 2025", "December 2024
    to February 2025", "March 2024 and July 2025"."""
    firsts = sorted(date.fromisoformat(m + "-01") for m in months)
    runs: list[tuple[date, date]] = []
    for month in firsts:
        if runs and add_months(runs[-1][1], 1) == month:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    words = []
    for start, end in runs:
        if start == end:
            words.append(date_format(start, "F Y"))
        elif start.year == end.year:
            words.append(
                _("%(first)s to %(last)s")
                % {"first": date_format(start, "F"), "last": date_format(end, "F Y")}
            )
        else:
            words.append(
                _("%(first)s to %(last)s")
                % {"first": date_format(start, "F Y"), "last": date_format(end, "F Y")}
            )
    if len(words) == 1:
        return words[0]
    return _("%(some)s and %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}


def no_data_text(months: list[str]) -> str:
    return _("no data for %(months)s") % {"months": months_text(months)}


def _period(month: date) -> str:
    return _("the 12 months to %(month)s") % {"month": date_format(month, "F Y")}


def _change(figure: dict[str, Any], span: str, base_label: str) -> str | None:
    """The clause about one change, or None when there is nothing to say about it."""
    base_key = "previous_12m" if span == "12m" else "rolling_12m_two_years_earlier"
    gaps_key = "previous_no_data_months" if span == "12m" else "two_years_earlier_no_data_months"
    base, value = figure.get(base_key), figure.get(f"change_{span}_pct")
    words = {"base": base_label}
    if figure.get(f"change_{span}_hidden"):
        return _("the change on %(base)s is not shown (too few then to publish)") % words
    if base is None:
        gaps = figure.get(gaps_key) or []
        if not gaps:
            return None
        return _("no change on %(base)s can be given (%(why)s)") % {
            **words,
            "why": no_data_text(gaps),
        }
    if base == 0 or value is None:
        return _("no percentage change on %(base)s (there were none then)") % words
    if round(value, 1) == 0:
        text = _("unchanged on %(base)s") % words
    elif value > 0:
        text = _("up %(pct)s on %(base)s") % {**words, "pct": format_pct(value)}
    else:
        text = _("down %(pct)s on %(base)s") % {**words, "pct": format_pct(value)}
    if not figure.get(f"significant_{span}", False):
        return text + " " + _("(not statistically significant)")
    return text


def figure_headline(figure: dict[str, Any], *, threshold: int) -> str:
    """e.g. "Knife crime in Milton Keynes: 1,234 offences in the 12 months to March 2024, up
    0.5% on the previous 12 months (not statistically significant) and up 90% on two years
    earlier." A total under ``threshold`` is never given; a window with a month of no data has
    no total, and the sentence says which month. In the active language."""
    spec = MEASURES[figure["measure"]]
    month = date.fromisoformat(figure["month"] + "-01")
    names = {
        "measure": spec.name,
        "area": figure["area_name"],
        "period": _period(month),
        "noun": spec.noun,
        "threshold": threshold,
    }
    r12 = figure.get("rolling_12m")
    hidden = figure.get("rolling_12m_mark")
    if (hidden and hidden.startswith("<")) or is_small(r12, threshold):
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
        return _("%(measure)s in %(area)s: no figure for %(period)s (%(why)s).") % {
            **names,
            "why": no_data_text(figure.get("no_data_months") or [figure["month"]]),
        }
    parts = [
        _("%(measure)s in %(area)s: %(count)s %(noun)s in %(period)s")
        % {**names, "count": number_format(r12, force_grouping=True)}
    ]
    for span, label in (("12m", _("the previous 12 months")), ("24m", _("two years earlier"))):
        clause = _change(figure, span, label)
        if clause is not None:
            parts.append(clause)
    if len(parts) == 2:
        return _("%(first)s, %(second)s.") % {"first": parts[0], "second": parts[1]}
    if len(parts) == 3:
        return _("%(first)s, %(second)s and %(third)s.") % dict(
            zip(("first", "second", "third"), parts, strict=True)
        )
    return parts[0] + "."


SOURCE_NAMES = {
    "policeuk-street": gettext_lazy("data.police.uk street-level crime"),
    "partnership": gettext_lazy("the partnership's incident data"),
    "hospital": gettext_lazy("hospital A&E attendances (ISTV extracts)"),
}


def source_text(figure: dict[str, Any]) -> str:
    """Where a figure comes from and when its data last arrived, in the active language: "Source:
    data.police.uk street-level crime, data to December 2025, imported 3 March 2026." """
    words = {
        "source": SOURCE_NAMES.get(figure["source"], figure["source"]),
        "month": date_format(date.fromisoformat(figure["month"] + "-01"), "F Y"),
    }
    if not figure.get("imported_at"):
        return _("Source: %(source)s, data to %(month)s.") % words
    imported = timezone.localtime(datetime.fromisoformat(figure["imported_at"]))
    return _("Source: %(source)s, data to %(month)s, imported %(imported)s.") % {
        **words,
        "imported": date_format(imported, "j F Y"),
    }


def rate_unit(measure: str) -> str:
    return str(MEASURES[measure].rate_label)


def figure_with_headline(figure: dict[str, Any], *, threshold: int) -> dict[str, Any]:
    """A figure as the ``figures`` command and the API give it: its data, the unit of its rate,
    whether its 12-month total is one a board would see hidden (a board's figure says so
    already; an exact one when the total is under ``threshold``) and its headline sentence."""
    r12 = figure.get("rolling_12m")
    return {
        **figure,
        "suppressed": figure.get("suppressed", is_small(r12, threshold)),
        "rate_unit": rate_unit(figure["measure"]),
        "headline": figure_headline(figure, threshold=threshold),
        "source_text": source_text(figure),
    }
