"""Where counts go: every area that gets figures, and how an incident finds its areas.

Two layers, as ``incidents.national`` loads them:

* the **partnership's detail**: its LSOAs (either vintage; a 2021 LSOA counts in the 2011 LSOA
  it lies in) and wards, areas of their own in the area tree;
* **every other area of England and Wales**: local authorities, community safety partnerships,
  police force areas and England and Wales itself. An incident's LSOA code finds its local
  authority and partnership through ``LsoaMembership`` (so a partnership inside a merged
  authority counts its own LSOAs); a police.uk row counts for the force it falls within
  ("Falls within"), wherever it happened; England and Wales is the sum of its forces.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from incidents.models import Area, force_names
from incidents.selectors import lsoa_memberships_by_code


@dataclass(frozen=True)
class Geography:
    lsoa_ids: dict[str, int]  # the partnership's LSOA codes (either vintage) -> 2011 LSOA id
    ancestors: dict[int, list[int]]  # area id -> itself and every area above it, lowest first
    level: dict[int, str]  # area id -> its level
    force_of: dict[int, int]  # local authority, partnership, ward or LSOA id -> its force's
    la_ids: dict[str, int]  # local authority code -> area id
    force_ids_by_name: dict[str, int]  # police.uk "Falls within" name -> force area id
    partnership_la: int | None  # PARTNERSHIP_AREA_CODE's area id
    membership: dict[str, tuple[int, int, int]]  # any LSOA code -> (authority, CSP, force)
    country: int | None  # England and Wales
    forces: frozenset[int]  # the police force areas England and Wales is the sum of

    def detail(self) -> set[int]:
        """The partnership's own LSOAs and wards (its detail below the local authority)."""
        below_la = {Area.Level.LSOA.value, Area.Level.WARD.value}
        return {
            a
            for lsoa in self.lsoa_ids.values()
            for a in self.ancestors[lsoa]
            if self.level[a] in below_la
        }

    def in_force(self) -> dict[int, set[int]]:
        """Force id -> every area that counts within it: its local authorities and
        partnerships (all their LSOAs are known) and the partnership's detail in it."""
        within: dict[int, set[int]] = {force: {force} for force in self.forces}
        for la, csp, force in self.membership.values():
            within.setdefault(force, {force}).update((la, csp))
        for area in self.detail():
            if area in self.force_of:
                within.setdefault(self.force_of[area], set()).add(area)
        return within


def geography_load() -> Geography:
    areas = list(Area.objects.values_list("id", "code", "level", "vintage", "parent_id", "name"))
    parent = {a[0]: a[4] for a in areas}
    level = {a[0]: a[2] for a in areas}
    ancestors: dict[int, list[int]] = {}
    force_of: dict[int, int] = {}
    for area_id, *_ in areas:
        chain: list[int] = []
        node: int | None = area_id
        while node is not None:
            chain.append(node)
            node = parent.get(node)
        ancestors[area_id] = chain
        forces = [n for n in chain if level[n] == Area.Level.FORCE]
        if forces:
            force_of[area_id] = forces[0]
    lsoa_ids: dict[str, int] = {}
    for area_id, code, lvl, _vintage, parent_id, _ in sorted(areas, key=lambda a: -a[3]):
        if lvl == Area.Level.LSOA:
            # The lowest vintage wins; a 2021 LSOA counts in the 2011 LSOA it lies in, so an
            # LSOA's series runs on across the boundary change and figures keep one geography.
            in_older = parent_id is not None and level.get(parent_id) == Area.Level.LSOA
            lsoa_ids[code] = parent_id if in_older else area_id
    la_ids = {code: i for i, code, lvl, *_ in areas if lvl == Area.Level.LOCAL_AUTHORITY}
    force_ids_by_name = {
        name: i
        for i, _, lvl, _, _, area_name in areas
        if lvl == Area.Level.FORCE
        for name in force_names(area_name)
    }
    country = next((i for i, _, lvl, *_ in areas if lvl == Area.Level.COUNTRY), None)
    membership = lsoa_memberships_by_code()
    for la, csp, force in membership.values():
        force_of.setdefault(la, force)
        force_of.setdefault(csp, force)
    return Geography(
        lsoa_ids=lsoa_ids,
        ancestors=ancestors,
        level=level,
        force_of=force_of,
        la_ids=la_ids,
        force_ids_by_name=force_ids_by_name,
        partnership_la=la_ids.get(settings.PARTNERSHIP_AREA_CODE),
        membership=membership,
        country=country,
        forces=frozenset(
            i
            for i, _, lvl, _, parent_id, _ in areas
            if lvl == Area.Level.FORCE and country is not None and parent_id == country
        ),
    )
