"""Serious-violence classification of each offence type, under the Home Office default and a
widened local definition; the Python rule and the SQL rule agree on every case."""

from __future__ import annotations

import itertools

import pytest

from incidents.classification import IncidentFacts, is_serious_violence, serious_violence_q
from incidents.models import ImportBatch, Incident, OffenceType, SeriousViolenceDefinition

T = OffenceType
HOME_OFFICE = SeriousViolenceDefinition()  # the defaults

# offence type -> counted when a knife was used in a public place (Home Office definition)
KNIFE_IN_PUBLIC = {
    T.HOMICIDE: True,
    T.ATTEMPTED_MURDER: True,
    T.GBH_WOUNDING: True,
    T.ABH: True,
    T.THREATS_TO_KILL: True,
    T.ROBBERY: True,
    T.RAPE_SEXUAL_ASSAULT: True,
    # Possession alone is not knife crime in the ONS series.
    T.POSSESSION_BLADED_ARTICLE: False,
    T.POSSESSION_FIREARM: False,
    T.DRUG_SUPPLY: False,
    T.OTHER: False,
}


@pytest.mark.parametrize(("offence", "counted"), KNIFE_IN_PUBLIC.items())
def test_knife_crime_in_public_under_the_home_office_definition(offence, counted):
    facts = IncidentFacts(category=offence, knife=True, public_place=True)
    assert is_serious_violence(facts, HOME_OFFICE) is counted


@pytest.mark.parametrize("offence", list(T))
def test_without_a_weapon_only_homicide_counts(offence):
    facts = IncidentFacts(category=offence, knife=False, firearm=False, public_place=True)
    assert is_serious_violence(facts, HOME_OFFICE) is (offence == T.HOMICIDE)


@pytest.mark.parametrize("offence", list(T))
def test_gun_crime_in_public_counts_for_every_offence_type(offence):
    assert is_serious_violence(
        IncidentFacts(category=offence, firearm=True, public_place=True), HOME_OFFICE
    )


@pytest.mark.parametrize("public_place", [False, None])
def test_knife_crime_in_private_or_unknown_places_does_not_count(public_place):
    facts = IncidentFacts(category=T.GBH_WOUNDING, knife=True, public_place=public_place)
    assert not is_serious_violence(facts, HOME_OFFICE)


def test_an_unknown_knife_flag_is_not_a_yes():
    assert not is_serious_violence(
        IncidentFacts(category=T.ROBBERY, knife=None, public_place=True), HOME_OFFICE
    )


def test_domestic_abuse_counts_only_under_a_widened_definition():
    facts = IncidentFacts(category=T.ABH, domestic=True, public_place=False)
    assert not is_serious_violence(facts, HOME_OFFICE)
    widened = SeriousViolenceDefinition(name="MK local", include_domestic_abuse=True)
    assert is_serious_violence(facts, widened)
    assert not is_serious_violence(IncidentFacts(category=T.DRUG_SUPPLY, domestic=True), widened)


def test_sexual_offences_can_be_added_whatever_the_weapon_or_place():
    facts = IncidentFacts(category=T.RAPE_SEXUAL_ASSAULT, public_place=False)
    assert not is_serious_violence(facts, HOME_OFFICE)
    widened = SeriousViolenceDefinition(extra_offence_types=[T.RAPE_SEXUAL_ASSAULT.value])
    assert is_serious_violence(facts, widened)


def test_an_under_25_definition_needs_a_young_victim():
    young = SeriousViolenceDefinition(victims_under_25_only=True)
    base = {"category": T.GBH_WOUNDING, "knife": True, "public_place": True}
    assert is_serious_violence(IncidentFacts(**base, victim_age_band="16-24"), young)
    assert is_serious_violence(IncidentFacts(**base, victim_age_band="0-15"), young)
    assert not is_serious_violence(IncidentFacts(**base, victim_age_band="25-34"), young)
    assert not is_serious_violence(IncidentFacts(**base, victim_age_band=""), young)


def test_without_public_place_requirement_private_knife_crime_counts():
    anywhere = SeriousViolenceDefinition(require_public_place=False)
    assert is_serious_violence(
        IncidentFacts(category=T.ABH, knife=True, public_place=False), anywhere
    )


DEFINITIONS = {
    "home-office": HOME_OFFICE,
    "widened": SeriousViolenceDefinition(
        include_domestic_abuse=True, extra_offence_types=["rape-sexual-assault", "drug-supply"]
    ),
    "under-25-anywhere": SeriousViolenceDefinition(
        victims_under_25_only=True, require_public_place=False
    ),
    "nothing": SeriousViolenceDefinition(
        include_homicide=False, include_knife_crime=False, include_gun_crime=False
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", DEFINITIONS)
def test_the_sql_rule_agrees_with_the_python_rule_on_every_combination(name):
    definition = DEFINITIONS[name]
    batch = ImportBatch.objects.create(file_name="x", sha256="x")
    flags = [True, False, None]
    facts = [
        IncidentFacts(
            category=c.value, knife=k, firearm=f, public_place=p, domestic=d, victim_age_band=band
        )
        for c, k, f, p, d, band in itertools.product(
            T, flags, flags, flags, [True, None], ["16-24", "50-64"]
        )
    ]
    Incident.objects.bulk_create(
        Incident(
            source="partnership",
            source_ref=str(n),
            month="2024-01-01",
            batch=batch,
            category=x.category,
            knife=x.knife,
            firearm=x.firearm,
            public_place=x.public_place,
            domestic=x.domestic,
            victim_age_band=x.victim_age_band,
        )
        for n, x in enumerate(facts)
    )
    expected = {str(n) for n, x in enumerate(facts) if is_serious_violence(x, definition)}
    selected = set(
        Incident.objects.filter(serious_violence_q(definition)).values_list("source_ref", flat=True)
    )
    assert selected == expected
    if name != "nothing":
        assert 0 < len(expected) < len(facts)


@pytest.mark.django_db
def test_the_active_definition_is_the_one_in_use():
    assert SeriousViolenceDefinition.current().name == "Home Office definition"
    SeriousViolenceDefinition.objects.create(name="MK local", include_domestic_abuse=True)
    assert SeriousViolenceDefinition.current().name == "MK local"
