"""What a board may see of the figures: small counts hidden so that nothing hidden can be
worked out from what is shown, on any page or export.

* ``solver``: the arithmetic. Cells tied by sums; primary suppression of counts 1 to
  threshold − 1, secondary suppression until an exact attacker (linear algebra and linear
  programming over the sums and the marks' bounds) pins no hidden value.
* ``policy``: the thresholds per source and the marks a reader sees ("<5", "[c]", "not shown").
* ``series``: a measure's whole series in one area (monthly counts, 12-month totals), suppressed
  as one block and cached per figures generation, so every page and filter shows the same marks.
* ``groups``: counts that add up to a total the reader knows: the wards of a local authority,
  the offence types or victim ages of a period.
* ``ledger``: what one page or export publishes. Widgets ask it for every number they show; it
  answers with ``Cell``s (a value or a mark) and records each cell and the sums tying them, so a
  page cannot show a number it did not declare, and a test can attack exactly what was shown.
"""
