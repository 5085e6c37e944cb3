"""The filters every dashboard page takes from its URL, so a view can be bookmarked and shared:
area, end month, period length, source, and on the map the geography and the value shown.

Anything missing or not allowed falls back to a default (the partnership's local authority,
the latest month with figures, 24 months, every source); the form says what it used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from incidents.models import Area, Source
from incidents.months import MONTH_PATTERN as _MONTH
from incidents.months import parse_month

from .measures import MEASURES

PERIODS = (12, 24, 36)
DEFAULT_PERIOD = 24
DEFAULT_LEVEL = "ward"
DEFAULT_VALUE = "count"
SOURCE_LABELS = {
    "": _("All sources"),
    Source.POLICEUK_STREET.value: _("Police recorded crime (data.police.uk)"),
    Source.PARTNERSHIP.value: _("Partnership data"),
    Source.HOSPITAL.value: _("Hospital A&E (ISTV)"),
}
MAP_LEVELS = {"lsoa": _("Neighbourhoods (LSOAs)"), "ward": _("Wards")}
HOT_SPOTS = "hot-spots"
MAP_VALUES = {
    "count": _("Number in 12 months"),
    "rate": _("Rate per resident population"),
    HOT_SPOTS: _("Hot spots (Getis–Ord Gi*)"),
}


@dataclass(frozen=True)
class Filters:
    area: Area
    end: date | None  # None: the latest month with figures
    period: int
    source: str
    level: str = DEFAULT_LEVEL
    value: str = DEFAULT_VALUE

    def query(self) -> str:
        """The URL query string of these filters, defaults left out."""
        params = {
            "area": self.area.code if self.area.code != settings.PARTNERSHIP_AREA_CODE else "",
            "end": f"{self.end:%Y-%m}" if self.end else "",
            "period": str(self.period) if self.period != DEFAULT_PERIOD else "",
            "source": self.source,
            "level": self.level if self.level != DEFAULT_LEVEL else "",
            "value": self.value if self.value != DEFAULT_VALUE else "",
        }
        return urlencode({k: v for k, v in params.items() if v})

    def measures(self) -> list[str]:
        """Measure slugs offered under the source filter."""
        return measures_for(self.source)


def measures_for(source: str) -> list[str]:
    """Measure slugs of a source (every measure for "" or a source that is not offered)."""
    known = source in SOURCE_LABELS
    return [slug for slug, m in MEASURES.items() if not source or not known or m.source == source]


@dataclass(frozen=True)
class AreaChoices:
    """The areas the filter bar offers, by code and grouped by level for its options."""

    by_code: dict[str, Area]
    grouped: list[tuple[str, list[tuple[str, str]]]]
    default: Area  # the partnership itself (the first area)

    @classmethod
    def of(cls, areas: list[Area]) -> AreaChoices:
        groups: dict[str, list[tuple[str, str]]] = {}
        labels = dict(Area.Level.choices)
        for a in areas:
            groups.setdefault(str(labels[a.level]), []).append((a.code, a.name))
        return cls({a.code: a for a in areas}, list(groups.items()), areas[0])


class FilterForm(forms.Form):
    """Validates the query string; the page renders it as the filter bar."""

    # Checked against the partnership's areas in clean_area (its options are built once per
    # recompute generation, not per request: see AreaChoices).
    area = forms.CharField(label=_("Area"), required=False)
    # Any YYYY-MM; the page offers the months it has figures for and falls back to the latest.
    end = forms.RegexField(regex=_MONTH, label=_("12 months to"), required=False)
    period = forms.TypedChoiceField(
        label=_("Show"),
        choices=[(p, str(p)) for p in PERIODS],  # labelled in the reader's language per form
        coerce=int,
        required=False,
        empty_value=DEFAULT_PERIOD,  # type: ignore[arg-type]  # any value is allowed
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=list(SOURCE_LABELS.items()), required=False
    )
    level = forms.ChoiceField(
        label=_("Map by"), choices=list(MAP_LEVELS.items()), required=False, initial=DEFAULT_LEVEL
    )
    value = forms.ChoiceField(
        label=_("Colour by"),
        choices=list(MAP_VALUES.items()),
        required=False,
        initial=DEFAULT_VALUE,
    )

    def __init__(self, data: Any, *, areas: AreaChoices) -> None:
        super().__init__(data)
        self.areas = areas.by_code
        self.area_choices = areas.grouped
        period = cast(forms.TypedChoiceField, self.fields["period"])
        period.choices = [(p, gettext("%(count)s months") % {"count": p}) for p in PERIODS]

    def clean_area(self) -> str:
        code = self.cleaned_data.get("area") or ""
        if code and code not in self.areas:
            raise forms.ValidationError(_("Not one of the partnership's areas."))
        return code

    def filters(self, *, default_area: Area) -> Filters:
        """The filters asked for, with defaults for anything missing or not allowed (a field
        with an error is left out of ``cleaned_data``)."""
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            area=self.areas.get(data.get("area") or "", default_area),
            end=parse_month(data.get("end") or ""),
            period=data.get("period") or DEFAULT_PERIOD,
            source=data.get("source") or "",
            level=data.get("level") or DEFAULT_LEVEL,
            value=data.get("value") or DEFAULT_VALUE,
        )
