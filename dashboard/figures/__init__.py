"""The figure pipeline: how every published number is computed, one stage a module, in order.

    incidents ──► counts ──► series ──► maths ──► store (TrendFigure, BreakdownFigure rows)
                    ▲           ▲
            geography      coverage

* ``geography``: the area tree counts roll up (LSOA of either vintage → ward → local authority
  → partnership → force), read once per recompute.
* ``counts``: incidents counted per place and month in SQL, rolled up to every area above the
  place; the same pass splits partnership and hospital measures by offence type and victim age.
* ``coverage``: the months each measure's source covers in each area (a police.uk file covers its
  force-months; a hospital extract its days, a month only once every day is covered).
* ``series``: counts and coverage joined into one row a month per measure and area. **Coverage
  is applied here, once**: a covered month without incidents counts 0; an uncovered or
  part-covered month is NaN, "no data", and stays NaN through every later stage. Splits keep
  only covered months, so they always add up to what the series shows.
* ``maths``: DESIGN.md's definitions on the series: the rolling 12-month total (NaN when any month
  of its window has no data), changes on 12 and 24 months, the exact test and its interval,
  rates.
* ``store``: the rows written with binary ``COPY`` (``binary_copy`` packs them).
* ``generation``: the counter every cache key carries, moved on inside the recompute's own
  transaction, so a cached page or suppression mark always matches the figures it was built from.

``dashboard.services.trends_recompute`` runs the stages; ``dashboard.selectors`` reads the stored
rows; ``dashboard.disclosure`` decides what a board may see of them; ``dashboard.pages`` publishes
them. Nothing here knows about pages or suppression.
"""
