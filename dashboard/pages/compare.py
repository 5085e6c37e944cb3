"""How we compare: the partnership's local authority, partnership or force among every other of
its kind in England and Wales (``comparisons``), for a board: a headline, the funnel plot, the
ranking of the 12-month change with the rank's interval, and the most similar areas. Every
count goes through the page's ledger; the police threshold applies (these are police.uk's
published counts)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Area

from .. import charts
from ..comparisons import Comparison, comparison_for
from ..disclosure.ledger import Cell, Ledger
from ..disclosure.policy import threshold_for
from ..disclosure.solver import is_small, primary_mark
from ..figures.compare import funnel_curve
from ..filters import Filters
from ..headlines import format_pct, signed_pct
from ..measures import MEASURES
from ..selectors import figure_months
from ..tables import Column, Table
from .common import Chart, Page, end_month, key_figure

AMONG = {
    Area.Level.LOCAL_AUTHORITY.value: gettext_lazy("local authorities"),
    Area.Level.CSP.value: gettext_lazy("community safety partnerships"),
    Area.Level.FORCE.value: gettext_lazy("police force areas"),
}
VERDICTS = {
    "within": gettext_lazy("Within the expected range"),
    # xgettext:no-python-format
    "above 95%": gettext_lazy("Higher than expected (outside the 95% limits)"),
    # xgettext:no-python-format
    "above 99.8%": gettext_lazy("Much higher than expected (outside the 99.8% limits)"),
    # xgettext:no-python-format
    "below 95%": gettext_lazy("Lower than expected (outside the 95% limits)"),
    # xgettext:no-python-format
    "below 99.8%": gettext_lazy("Much lower than expected (outside the 99.8% limits)"),
}
SIMILAR = {
    "higher": gettext_lazy("higher than similar areas"),
    "similar": gettext_lazy("similar to similar areas"),
    "lower": gettext_lazy("lower than similar areas"),
}


def compared_area(partnership: Area, among: str) -> Area | None:
    """The partnership's area of the level compared: its local authority, its community
    safety partnership or its police force area."""
    node: Area | None = partnership
    while node is not None and node.level != among:
        node = node.parent
    return node


def compare_page(*, slug: str, filters: Filters, among: str, partnership: Area) -> Page:
    spec = MEASURES[slug]
    area = compared_area(partnership, among)
    page = Page(
        title=_("How we compare: %(measure)s") % {"measure": spec.name},
        context={"measure": spec, "among": among, "among_label": AMONG[among], "area": area},
    )
    if area is None or not spec.police_category:
        return page
    months = figure_months(measures=[slug], area=area)
    page.context["months"] = months
    end = end_month(filters, months)
    if end is None:
        return page
    compared = comparison_for(measure=slug, area=area, month=end)
    figure = key_figure(page.ledger, measure=slug, area=area, month=end)
    if compared is None or figure is None:
        return page
    cells = _cells(page.ledger, compared, figure)
    page.context.update(
        end=end,
        figure=figure,
        compared=compared,
        headline=comparison_headline(compared, figure, among_label=str(AMONG[among])),
        left_out=_left_out(compared),
    )
    page.charts.append(_funnel_chart(compared, cells, area, spec.rate_label))
    page.charts.append(_ranking_chart(compared, cells, area))
    page.charts.append(_similar_chart(compared, cells, area, spec.rate_label))
    return page


def _cells(ledger: Ledger, compared: Comparison, figure: dict[str, Any]) -> dict[str, Any]:
    """Each area's 12-month total, rate and change as published: the area compared as its own
    series shows them; the others under the source's threshold (a count under it, its rate and
    any change on it hidden). Area code -> (total, rate, change)."""
    threshold = threshold_for(MEASURES[compared.measure].source)
    mark = primary_mark(threshold)
    published: dict[str, tuple[Cell, Cell, Cell]] = {}
    for row in compared.areas.itertuples():
        key = (compared.measure, row.code, compared.month)
        count = None if pd.isna(row.count) else int(row.count)
        previous = None if pd.isna(row.previous) else int(row.previous)
        if row.code == compared.code:
            total = figure["cells"]["total"]
            rate = ledger.cells[("rate", *key)]
            change = ledger.cells[("change-12", *key)]
        else:
            hidden = is_small(count, threshold)
            total = ledger.publish(("total", *key), "count", mark if hidden else count)
            rate = ledger.publish(("rate", *key), "rate", mark if hidden else _nan(row.rate))
            change_value = (
                (count - previous) / previous * 100 if count is not None and previous else None
            )
            change = ledger.publish(
                ("change-12", *key),
                "pct",
                mark if hidden or is_small(previous, threshold) else change_value,
            )
        published[row.code] = (total, rate, change)
    return published


def _nan(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


def _left_out(compared: Comparison) -> list[dict[str, Any]]:
    from ..headlines import months_text

    return [
        {"name": row.name, "why": months_text(row.no_data)}
        for row in compared.excluded.sort_values("name").itertuples()
    ]


def comparison_headline(compared: Comparison, figure: dict[str, Any], *, among_label: str) -> str:
    """e.g. "Possession of weapons in Milton Keynes rose 18% in the 12 months to March 2025
    (95% interval +6% to +31%), the 12th largest rise of 296 local authorities (plausibly 5th to
    24th); the rate is similar to similar areas." Dated; the source is said beside it."""
    spec = MEASURES[compared.measure]
    words: dict[str, Any] = {
        "measure": spec.name,
        "area": figure["area_name"],
        "month": date_format(compared.month, "F Y"),
        "among": among_label,
    }
    change = figure.get("change_12m_pct")
    rank = compared.ranks.get(12)
    if change is None:
        first = (
            _("%(measure)s in %(area)s: no change over the 12 months to %(month)s can be given")
            % words
        )
    else:
        low, high = figure.get("ci_12m_pct") or [None, None]
        interval = (
            " "
            + _("(95%% interval %(low)s to %(high)s)")
            % {"low": signed_pct(low), "high": signed_pct(high)}
            if low is not None and high is not None
            else ""
        )
        verb = _("rose") if change > 0 else _("fell") if change < 0 else _("was unchanged")
        amount = f" {format_pct(change)}" if round(change, 1) != 0 else ""
        first = (
            _("%(measure)s in %(area)s %(verb)s%(amount)s in the 12 months to %(month)s")
            % {**words, "verb": verb, "amount": amount}
            + interval
        )
    if rank is not None:
        kind = _("rise") if rank.change_pct >= 0 else _("fall")
        position = rank.rank if rank.change_pct >= 0 else rank.of - rank.rank + 1
        low, high = (
            (rank.low, rank.high)
            if rank.change_pct >= 0
            else (rank.of - rank.high + 1, rank.of - rank.low + 1)
        )
        first += ", " + _(
            "the %(position)s largest %(kind)s of %(of)s %(among)s (plausibly %(low)s to %(high)s)"
        ) % {
            **words,
            "position": ordinal(position),
            "kind": kind,
            "of": number_format(rank.of, force_grouping=True),
            "low": ordinal(low),
            "high": ordinal(high),
        }
    else:
        first += (
            ", " + _("not ranked among %(among)s (the areas need two whole years of data)") % words
        )
    if compared.group is not None:
        return (
            first
            + "; "
            + _("the rate is %(verdict)s.") % {"verdict": SIMILAR[compared.group.verdict]}
        )
    return first + "."


def _funnel_chart(
    compared: Comparison, cells: dict[str, Any], area: Area, rate_label: str
) -> Chart:
    spec = MEASURES[compared.measure]
    words = {
        "measure": spec.name,
        "month": date_format(compared.month, "F Y"),
        "among": AMONG[compared.level],
    }
    table = Table(
        "funnel",
        _("%(measure)s: every area's rate, 12 months to %(month)s") % words,
        [
            Column(_("Area")),
            Column(_("Residents"), "number"),
            Column(_("%(noun)s in 12 months") % {"noun": str(spec.noun).capitalize()}, "count"),
            Column(_("Rate %(unit)s") % {"unit": rate_label}, "rate"),
            Column(_("Compared with England and Wales")),
        ],
        threshold=threshold_for(spec.source),
    )

    # Largest published rate first; then the areas whose rate is hidden or lacks data, by name.
    def order(row: Any) -> tuple[int, float, str]:
        drawn = cells[row.code][1].drawn
        return (0, -drawn, row.name) if drawn is not None and row.funnel else (1, 0.0, row.name)

    rows = sorted(compared.areas.itertuples(), key=order)
    names: list[str] = []
    populations: list[float] = []
    rates: list[float | None] = []
    shown: list[str] = []
    mine: int | None = None
    for row in rows:
        total, rate, _change = cells[row.code]
        verdict = str(VERDICTS.get(row.funnel, "")) or _("Left out: no data for some months")
        table.rows.append(
            [row.name, None if pd.isna(row.population) else row.population, total, rate, verdict]
        )
        if row.code == area.code:
            table.highlight.add(len(table.rows) - 1)
        if row.funnel and rate.drawn is not None and not pd.isna(row.population):
            if row.code == area.code:
                mine = len(names)
            names.append(row.name)
            populations.append(float(row.population))
            rates.append(rate.drawn)
            shown.append(f"{rate.drawn:,.2f} {rate_label}")
    figure = None
    if names and compared.national_rate is not None:
        included = compared.areas[compared.areas["funnel"] != ""]
        national_count = included["count"].astype(float).sum()
        national_population = included["population"].astype(float).sum()
        curve_x = np.geomspace(max(min(populations) * 0.8, 100), max(populations) * 1.2, 80)
        figure = charts.funnel(
            populations=populations,
            rates=rates,
            names=names,
            shown=shown,
            mine=mine,
            curve_populations=list(curve_x),
            curves={
                k: list(v)
                for k, v in funnel_curve(
                    curve_x,
                    national_count=national_count,
                    national_population=national_population,
                    per=compared.per,
                ).items()
            },
            national_rate=compared.national_rate,
            rate_label=rate_label,
        )
    return Chart(
        "funnel",
        _("Is our rate unusual?"),
        _(
            "Each dot is one of the %(among)s: its rate against its number of residents. The "
            "lines are England and Wales's rate and the range within which 95%% (dashed) and "
            "99.8%% (dotted) of areas would fall by chance alone: a dot outside them is unusual, "
            "one inside is not, however high it looks."
        )
        % words,
        table,
        figure,
        empty="" if figure else _("No area has a whole year of data to compare."),
        wide=True,
    )


def _ranking_chart(compared: Comparison, cells: dict[str, Any], area: Area) -> Chart:
    spec = MEASURES[compared.measure]
    words = {
        "measure": spec.name,
        "month": date_format(compared.month, "F Y"),
        "among": AMONG[compared.level],
    }
    table = Table(
        "ranking",
        _("%(measure)s: the change on the previous 12 months, 12 months to %(month)s") % words,
        [
            Column(_("Rank")),
            Column(_("Area")),
            Column(_("Change"), "pct"),
            # xgettext:no-python-format
            Column(_("Plausible ranks (95%)")),
        ],
        threshold=threshold_for(spec.source),
    )
    ordered = sorted(compared.all_ranks.get(12, {}).values(), key=lambda r: (r.rank, r.code))
    names = dict(zip(compared.areas["code"], compared.areas["name"], strict=True))
    chart_names: list[str] = []
    changes: list[float] = []
    lows: list[int] = []
    highs: list[int] = []
    mine: int | None = None
    for r in ordered:
        _total, _rate, change = cells[r.code]
        table.rows.append(
            [ordinal(r.rank), names[r.code], change, f"{ordinal(r.low)}–{ordinal(r.high)}"]
        )
        if r.code == area.code:
            table.highlight.add(len(table.rows) - 1)
        if change.drawn is not None:
            if r.code == area.code:
                mine = len(chart_names)
            chart_names.append(names[r.code])
            changes.append(change.drawn)
            lows.append(r.low)
            highs.append(r.high)
    return Chart(
        "ranking",
        _("Is ours one of the largest rises?"),
        _(
            "The %(among)s with two whole years of data, ranked by the change in the 12 months to "
            "%(month)s on the 12 months before (1 is the largest rise). The plausible ranks allow "
            "for chance: an area ranked 3rd might, on the same underlying trend, as easily have "
            "come anywhere between them."
        )
        % words,
        table,
        charts.ranked_changes(names=chart_names, changes=changes, lows=lows, highs=highs, mine=mine)
        if chart_names
        else None,
        empty="" if chart_names else _("No area has two whole years of data to rank."),
        wide=True,
    )


def _similar_chart(
    compared: Comparison, cells: dict[str, Any], area: Area, rate_label: str
) -> Chart:
    spec = MEASURES[compared.measure]
    table = Table(
        "similar-areas",
        _("The %(count)s most similar %(among)s")
        % {"count": len(compared.similar), "among": AMONG[compared.level]},
        [
            Column(_("Area")),
            Column(_("Deprivation (average percentile)"), "number"),
            Column(_("Residents per km²"), "number"),
            Column(_("Aged 15 to 24"), "number"),
            Column(_("Distance"), "number"),
            Column(_("Rate %(unit)s") % {"unit": rate_label}, "rate"),
        ],
        threshold=threshold_for(spec.source),
    )
    for row in compared.similar.itertuples():
        _total, rate, _change = cells[row.code]
        table.rows.append(
            [
                row.name,
                round(row.deprivation),
                round(row.density),
                f"{row.share_15_24 * 100:.1f}%",
                f"{row.distance:.2f}",
                rate,
            ]
        )
    summary = _(
        "The areas most like ours in deprivation, how densely people live and the share of "
        "residents aged 15 to 24 (the distance measures how alike: 0 is the same)."
    )
    if compared.group is not None:
        summary += " " + _(
            "Our rate is %(rate)s %(unit)s against %(group)s for these areas together: "
            "%(verdict)s (exact test)."
        ) % {
            "rate": f"{compared.group.rate:,.2f}",
            "unit": rate_label,
            "group": f"{compared.group.group_rate:,.2f}",
            "verdict": SIMILAR[compared.group.verdict],
        }
    return Chart("similar-areas", _("Compared with similar areas"), summary, table, None, wide=True)


def board_pack_comparison(ledger: Ledger, *, filters: Filters, partnership: Area) -> Chart:
    """The board pack's "How we compare": for each police.uk measure, the partnership among
    every community safety partnership of England and Wales in a sentence, and a table of the
    same: its rate, the funnel's verdict, the rank of its 12-month change with the rank's
    interval, and how it stands against its most similar partnerships. The charts are on the
    comparison page (a funnel of 300 partnerships does not print on A4)."""
    among = Area.Level.CSP.value
    if compared_area(partnership, among) is None:
        among = Area.Level.LOCAL_AUTHORITY.value
    table = Table(
        "how-we-compare",
        _("How we compare among the %(among)s of England and Wales") % {"among": AMONG[among]},
        [
            Column(_("Measure")),
            Column(_("Rate"), "rate"),
            Column(_("Per")),
            Column(_("Compared with England and Wales")),
            Column(_("Rank of the 12-month rise")),
            Column(_("Against similar areas")),
        ],
        threshold=threshold_for("policeuk-street"),
    )
    headlines: list[str] = []
    for slug, spec in MEASURES.items():
        if not spec.police_category:
            continue
        page = compare_page(slug=slug, filters=filters, among=among, partnership=partnership)
        compared: Comparison | None = page.context.get("compared")
        if compared is None:
            continue
        ledger.absorb(page.ledger)
        headlines.append(page.context["headline"])
        mine = compared.mine or {}
        rank = compared.ranks.get(12)
        table.rows.append(
            [
                spec.name,
                page.ledger.cells[("rate", slug, compared.code, compared.month)],
                spec.rate_label,
                str(VERDICTS.get(mine.get("funnel") or "", ""))
                or _("Left out: no data for some months"),
                _("%(rank)s of %(of)s (plausibly %(low)s to %(high)s)")
                % {
                    "rank": ordinal(rank.rank),
                    "of": number_format(rank.of, force_grouping=True),
                    "low": ordinal(rank.low),
                    "high": ordinal(rank.high),
                }
                if rank is not None
                else _("not ranked"),
                str(SIMILAR[compared.group.verdict]) if compared.group is not None else "",
            ]
        )
    summary = " ".join(headlines) or _(
        "Comparisons with other areas appear once the national police.uk data (every force's "
        "street files) has been imported."
    )
    if headlines:
        table.note = _(
            "Ranks count from the largest rise (1st); the plausible ranks allow for chance. "
            "The charts are on the “How we compare” page."
        )
    return Chart("pack-compare", _("How we compare"), summary, table, None, empty=" ")
