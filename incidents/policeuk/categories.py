"""The API's crime category slugs and the crime types a downloaded street CSV names them by.

The slugs and names are police.uk's own (``/api/crime-categories``): the CSV's "Crime type" is
the category's ``name``. ``all-crime`` is a query, not a category a crime has."""

from __future__ import annotations

ALL_CRIME = "all-crime"

CRIME_TYPE_BY_SLUG: dict[str, str] = {
    "anti-social-behaviour": "Anti-social behaviour",
    "bicycle-theft": "Bicycle theft",
    "burglary": "Burglary",
    "criminal-damage-arson": "Criminal damage and arson",
    "drugs": "Drugs",
    "other-theft": "Other theft",
    "possession-of-weapons": "Possession of weapons",
    "public-order": "Public order",
    "robbery": "Robbery",
    "shoplifting": "Shoplifting",
    "theft-from-the-person": "Theft from the person",
    "vehicle-crime": "Vehicle crime",
    "violent-crime": "Violence and sexual offences",
    "other-crime": "Other crime",
}


def crime_type_for(slug: str) -> str:
    """The CSV crime type of an API category. An unknown slug comes back as it is, so the
    import's own check refuses it with the row and the value ("not a data.police.uk crime
    type") instead of the pull guessing."""
    return CRIME_TYPE_BY_SLUG.get(slug, slug)
