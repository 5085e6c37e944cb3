"""The area tree counts roll up: every area with its ancestors, how an incident's LSOA, local
authority or police force finds its place in it."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from incidents.models import Area, force_names


@dataclass(frozen=True)
class Geography:
    lsoa_ids: dict[str, int]  # LSOA code (either vintage) -> the 2011 LSOA's area id
    ancestors: dict[int, list[int]]  # area id -> itself and every area above it, lowest first
    force_of: dict[int, int]  # area id -> its force area id
    la_ids: dict[str, int]  # local authority code -> area id
    force_ids_by_name: dict[str, int]  # police.uk "Falls within" name -> force area id
    partnership_la: int | None  # PARTNERSHIP_AREA_CODE's area id

    def countable(self) -> set[int]:
        """Areas whose incidents are all counted: those holding loaded LSOAs. Elsewhere a zero
        would mean "not counted", not "none happened"."""
        return {a for lsoa in self.lsoa_ids.values() for a in self.ancestors[lsoa]}

    def below(self) -> dict[int, list[int]]:
        """Area id -> the countable areas within it (itself included)."""
        countable = self.countable()
        within: dict[int, list[int]] = {}
        for area_id, chain in self.ancestors.items():
            if area_id in countable:
                for above in chain:
                    within.setdefault(above, []).append(area_id)
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
    return Geography(
        lsoa_ids=lsoa_ids,
        ancestors=ancestors,
        force_of=force_of,
        la_ids=la_ids,
        force_ids_by_name=force_ids_by_name,
        partnership_la=la_ids.get(settings.PARTNERSHIP_AREA_CODE),
    )
