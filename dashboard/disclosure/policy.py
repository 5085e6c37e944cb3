"""The suppression policy's constants: each source's threshold and the marks a reader sees."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy

from incidents.models import Source

from .solver import PRIMARY, SECONDARY_MARK, SECONDARY_NOTE, WITHHELD, primary_mark

NO_DATA = "no data"
# In place of a month's count when a series' monthly counts are left out as a whole.
NOT_SHOWN = "not shown"
# A change whose base is hidden: the change and the shown count would give the base away.
CHANGE_NOT_SHOWN = "not shown"
MONTHS_WITHHELD_NOTE = gettext_lazy(
    "Monthly counts are not shown for this area: too many are under {threshold}, and beside the "
    "12-month totals they would give each other away."
)


def threshold_for(source: str) -> int:
    """Counts below it are hidden: partnership 5, hospital 8 (NHS disclosure control for
    emergency care hides 1–7), police.uk the configured ``SUPPRESSION_THRESHOLD``."""
    thresholds: dict[str, int] = {
        Source.PARTNERSHIP.value: settings.SUPPRESSION_THRESHOLD_PARTNERSHIP,
        Source.HOSPITAL.value: settings.SUPPRESSION_THRESHOLD_HOSPITAL,
    }
    return thresholds.get(source, int(settings.SUPPRESSION_THRESHOLD))


def mark(reason: str | None, threshold: int) -> str | None:
    """The text shown in place of a hidden count, or None when it is shown."""
    if reason is None:
        return None
    if reason == WITHHELD:
        return NOT_SHOWN
    return primary_mark(threshold) if reason == PRIMARY else SECONDARY_MARK


def footnote(threshold: int) -> str:
    return SECONDARY_NOTE.format(threshold=threshold)
