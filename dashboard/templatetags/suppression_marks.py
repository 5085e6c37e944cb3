"""``{% suppression_marks as marks %}``: the mark each source's small counts read as on
board-facing pages (``marks.policeuk``, ``marks.partnership``, ``marks.hospital``: 5, 5 and 8
by default), so a page states each source's rule rather than one for all."""

from __future__ import annotations

from django import template

from incidents.models import Source

from ..disclosure.policy import threshold_for

register = template.Library()


@register.simple_tag
def suppression_marks() -> dict[str, int]:
    return {source.value.split("-")[0]: threshold_for(source.value) for source in Source}
