"""Serious-violence classification: the same rule as a Python predicate (one incident) and as
a Django ``Q`` (a set of incidents, in SQL). Tests hold the two to agreement.

A flag that is unknown (None) never counts as yes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .models import VIOLENT_OFFENCE_TYPES, AgeBand, OffenceType, SeriousViolenceDefinition

UNDER_25_BANDS = (AgeBand.UNDER_16.value, AgeBand.AGED_16_24.value)


@dataclass(frozen=True)
class IncidentFacts:
    category: str
    knife: bool | None = None
    firearm: bool | None = None
    public_place: bool | None = None
    domestic: bool | None = None
    victim_age_band: str = ""


def is_serious_violence(facts: IncidentFacts, definition: SeriousViolenceDefinition) -> bool:
    d = definition
    in_place = facts.public_place is True or not d.require_public_place
    counted = (
        (d.include_homicide and facts.category == OffenceType.HOMICIDE)
        or (
            d.include_knife_crime
            and facts.knife is True
            and facts.category in d.knife_offence_types
            and in_place
        )
        or (d.include_gun_crime and facts.firearm is True and in_place)
        or (
            d.include_domestic_abuse
            and facts.domestic is True
            and facts.category in VIOLENT_OFFENCE_TYPES
        )
        or facts.category in d.extra_offence_types
    )
    if counted and d.victims_under_25_only:
        return facts.victim_age_band in UNDER_25_BANDS
    return bool(counted)


def serious_violence_q(definition: SeriousViolenceDefinition) -> Q:
    """The same rule for ``Incident.objects.filter(...)``."""
    d = definition
    in_place = Q(public_place=True) if d.require_public_place else Q()
    parts = []
    if d.include_homicide:
        parts.append(Q(category=OffenceType.HOMICIDE))
    if d.include_knife_crime:
        parts.append(Q(knife=True, category__in=d.knife_offence_types) & in_place)
    if d.include_gun_crime:
        parts.append(Q(firearm=True) & in_place)
    if d.include_domestic_abuse:
        parts.append(Q(domestic=True, category__in=VIOLENT_OFFENCE_TYPES))
    if d.extra_offence_types:
        parts.append(Q(category__in=d.extra_offence_types))
    if not parts:
        return Q(pk__in=[])
    rule = parts[0]
    for part in parts[1:]:
        rule |= part
    if d.victims_under_25_only:
        rule &= Q(victim_age_band__in=UNDER_25_BANDS)
    return rule
