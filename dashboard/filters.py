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

from incidents.models import Area, Source
from incidents.months import MONTH_PATTERN as _MONTH
from incidents.months import parse_month

from .measures import MEASURES

PERIODS = (12, 24, 36)
DEFAULT_PERIOD = 24
DEFAULT_LEVEL = "ward"
DEFAULT_VALUE = "count"
SOURCE_LABELS = {
    "": "All sources",
    Source.POLICEUK_STREET.value: "Police recorded crime (data.police.uk)",
    Source.PARTNERSHIP.value: "Partnership data",
    Source.HOSPITAL.value: "Hospital A&E (ISTV)",
}
MAP_LEVELS = {"lsoa": "Neighbourhoods (LSOAs)", "ward": "Wards"}
MAP_VALUES = {"count": "Number in 12 months", "rate": "Rate per resident population"}


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


class FilterForm(forms.Form):
    """Validates the query string; the page renders it as the filter bar."""

    area = forms.ChoiceField(label="Area", required=False)
    # Any YYYY-MM; the page offers the months it has figures for and falls back to the latest.
    end = forms.RegexField(regex=_MONTH, label="12 months to", required=False)
    period = forms.TypedChoiceField(
        label="Show",
        choices=[(p, f"{p} months") for p in PERIODS],
        coerce=int,
        required=False,
        empty_value=DEFAULT_PERIOD,  # type: ignore[arg-type]  # any value is allowed
    )
    source = forms.ChoiceField(label="Source", choices=list(SOURCE_LABELS.items()), required=False)
    level = forms.ChoiceField(
        label="Map by", choices=list(MAP_LEVELS.items()), required=False, initial=DEFAULT_LEVEL
    )
    value = forms.ChoiceField(
        label="Colour by", choices=list(MAP_VALUES.items()), required=False, initial=DEFAULT_VALUE
    )

    def __init__(self, data: Any, *, areas: list[Area]) -> None:
        super().__init__(data)
        self.areas = {a.code: a for a in areas}
        groups: dict[str, list[tuple[str, str]]] = {}
        labels = dict(Area.Level.choices)
        for a in areas:
            groups.setdefault(labels[a.level], []).append((a.code, a.name))
        area = cast(forms.ChoiceField, self.fields["area"])
        area.choices = [(label, options) for label, options in groups.items()]

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
