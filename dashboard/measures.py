"""The measure library: what each figure counts, from which source, per how many residents.

A measure's ``incidents`` is a Django ``Q`` over ``Incident``; the trend engine counts every
measure in one pass with ``Count(filter=...)``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from incidents.classification import UNDER_25_BANDS, serious_violence_q
from incidents.models import KNIFE_OFFENCE_TYPES, OffenceType, SeriousViolenceDefinition, Source

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ALL_AGES = "all"
UNDER_25 = "under-25"


@dataclass(frozen=True)
class Measure:
    slug: str
    # Translated when read (gettext_lazy): plain English or Welsh, as a board member reads it.
    name: StrOrPromise
    noun: StrOrPromise  # what one of them is called in a sentence: "offences", "attendances"
    definition: StrOrPromise
    source: str
    filter: Callable[[], Q]
    rate_per: int = 1000  # ONS publishes knife crime per 100,000 and homicide per 1,000,000
    denominator: str = ALL_AGES
    # Set when the measure is exactly one police.uk crime type: counted by a plain GROUP BY.
    police_category: str = ""
    # Set when the partnership's serious-violence definition decides what the measure counts.
    uses_definition: bool = False

    def __reduce__(self) -> tuple[Callable[[str], Measure], tuple[str]]:
        # Pickled (into the page cache) as a reference to the library entry: its filter is a
        # function, which cannot be pickled itself.
        return measure_get, (self.slug,)

    @property
    def rate_label(self) -> str:
        values = {"count": number_format(self.rate_per, force_grouping=True)}
        if self.denominator == UNDER_25:
            return _("per %(count)s residents under 25") % values
        return _("per %(count)s residents") % values


class _PoliceFields(TypedDict):
    source: str
    filter: Callable[[], Q]
    police_category: str


def _police(category: str) -> _PoliceFields:
    return {
        "source": Source.POLICEUK_STREET,
        "filter": lambda: Q(source=Source.POLICEUK_STREET, category=category),
        "police_category": category,
    }


def _knife() -> Q:
    return Q(source=Source.PARTNERSHIP, knife=True, category__in=KNIFE_OFFENCE_TYPES)


MEASURES: dict[str, Measure] = {
    m.slug: m
    for m in (
        Measure(
            "violence-and-sexual-offences",
            _("Violence and sexual offences"),
            _("offences"),
            _(
                "Crimes police.uk records as “Violence and sexual offences” (all violence against "
                "the person and sexual offences)."
            ),
            **_police("Violence and sexual offences"),
        ),
        Measure(
            "possession-of-weapons",
            _("Possession of weapons"),
            _("offences"),
            _(
                "Crimes police.uk records as “Possession of weapons”. This is not knife crime: it "
                "counts carrying, not using, and includes weapons other than knives."
            ),
            **_police("Possession of weapons"),
        ),
        Measure(
            "robbery",
            _("Robbery"),
            _("offences"),
            _("Crimes police.uk records as “Robbery”."),
            **_police("Robbery"),
        ),
        Measure(
            "drugs",
            _("Drug offences"),
            _("offences"),
            _("Crimes police.uk records as “Drugs” (possession and supply)."),
            **_police("Drugs"),
        ),
        Measure(
            "serious-violence",
            _("Serious violence"),
            _("offences"),
            _(
                "Incidents in the partnership's data that meet its serious violence definition "
                "(by default the Home Office's: homicide, and knife and gun crime in public "
                "places)."
            ),
            Source.PARTNERSHIP,
            lambda: (
                Q(source=Source.PARTNERSHIP)
                & serious_violence_q(SeriousViolenceDefinition.current())
            ),
            uses_definition=True,
        ),
        Measure(
            "knife-crime",
            _("Knife crime"),
            _("offences"),
            _(
                "Offences where a knife or sharp instrument was used or threatened: homicide, "
                "attempted murder, threats to kill, assault with injury or intent to cause "
                "serious harm, robbery, rape and sexual assault (the ONS definition)."
            ),
            Source.PARTNERSHIP,
            _knife,
            rate_per=100_000,
        ),
        Measure(
            "knife-crime-under-25",
            _("Knife crime against under-25s"),
            _("offences"),
            _("Knife crime where the victim was under 25."),
            Source.PARTNERSHIP,
            lambda: _knife() & Q(victim_age_band__in=UNDER_25_BANDS),
            rate_per=100_000,
            denominator=UNDER_25,
        ),
        Measure(
            "gun-crime",
            _("Gun crime"),
            _("offences"),
            _("Offences where a firearm was used, threatened or possessed."),
            Source.PARTNERSHIP,
            lambda: Q(source=Source.PARTNERSHIP, firearm=True),
            rate_per=100_000,
        ),
        Measure(
            "homicide",
            _("Homicide"),
            _("homicides"),
            _("Murder, manslaughter and infanticide."),
            Source.PARTNERSHIP,
            lambda: Q(source=Source.PARTNERSHIP, category=OffenceType.HOMICIDE),
            rate_per=1_000_000,
        ),
        Measure(
            "hospital-knife-assault",
            _("Hospital attendances for knife assault"),
            _("attendances"),
            _(
                "Emergency department attendances for assault with a knife or sharp object "
                "(hospital ISTV data; the A&E counterpart of ICD-10 X99)."
            ),
            Source.HOSPITAL,
            lambda: Q(source=Source.HOSPITAL, knife=True),
        ),
    )
}


def measure_get(slug: str) -> Measure:
    return MEASURES[slug]
