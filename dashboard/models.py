"""Trend figures: one row per measure, area and month, every figure of DESIGN.md precomputed so
pages never scan incidents."""

from __future__ import annotations

from django.db import models

from audit.tracking import tracked
from incidents.models import Area


class TrendFigure(models.Model):
    measure = models.CharField(max_length=64)
    # Derived rows, rewritten a hundred thousand at a time: no database-level foreign keys (their
    # per-row checks at commit cost more than the write); Django still cascades on delete.
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    month = models.DateField()
    count = models.IntegerField(null=True, help_text="None: the source does not cover the month.")
    covered = models.BooleanField()
    rolling_12m = models.IntegerField(null=True)
    previous_12m = models.IntegerField(null=True)
    change_12m_pct = models.FloatField(null=True, help_text="None on a zero base (n/a).")
    rolling_12m_two_years_earlier = models.IntegerField(null=True)
    change_24m_pct = models.FloatField(null=True)
    p_12m = models.FloatField(null=True)
    ci_12m_low = models.FloatField(null=True)
    ci_12m_high = models.FloatField(null=True)
    significant_12m = models.BooleanField(default=False)
    p_24m = models.FloatField(null=True)
    ci_24m_low = models.FloatField(null=True)
    ci_24m_high = models.FloatField(null=True)
    significant_24m = models.BooleanField(default=False)
    rate = models.FloatField(
        null=True, help_text="In the measure's unit (per 1,000/100,000/1,000,000)."
    )
    population = models.IntegerField(null=True)
    # The data the figure was computed from: the latest import included, and when.
    data_vintage = models.DateTimeField(null=True)
    run = models.ForeignKey(
        "TrendRun", on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "month"], name="trend_unique_measure_area_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.area_id} {self.month:%Y-%m}"


class BreakdownFigure(models.Model):
    """A measure's monthly count in an area split one way: by offence type (``category``) or by
    victim age band (``age-band``). Only non-zero counts are stored; a month the measure's
    source covers with no row here had none. Pages sum the months of the period they show."""

    class Dimension(models.TextChoices):
        CATEGORY = "category", "Offence type"
        AGE_BAND = "age-band", "Victim age"

    measure = models.CharField(max_length=64)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    month = models.DateField()
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    key = models.CharField(max_length=128, help_text="The offence type or age band; '' unknown.")
    count = models.IntegerField()
    run = models.ForeignKey(
        "TrendRun",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "dimension", "month", "key"],
                name="breakdown_unique_measure_area_dimension_month_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.area_id} {self.month:%Y-%m} {self.dimension}={self.key}"


class FigureGeneration(models.Model):
    """One row: the generation of the stored figures (``figures.generation``)."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"figures generation {self.value}"


class TrendRun(models.Model):
    """One recompute, kept as a log: what it recomputed, how long it took, and the generation
    its figures were published under."""

    class Kind(models.TextChoices):
        FULL = "full", "Full"
        INCREMENTAL = "incremental", "Incremental"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    measures = models.JSONField(default=list)
    from_month = models.DateField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)
    rows_written = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True)
    generation = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.kind} recompute {self.pk}"


# Peer tables drive the "fastest-growing" sentence: their history is kept.
@tracked()
class PeerCount(models.Model):
    """A peer area's count for a measure over the 12 months ending ``period_end`` (e.g. the 43
    forces' knife offences from ONS tables), to rank the local area's change among its peers."""

    measure = models.CharField(max_length=64)
    area_code = models.CharField(max_length=9)
    area_name = models.CharField(max_length=128)
    period_end = models.DateField(help_text="First day of the last month of the 12 months.")
    count = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area_code", "period_end"],
                name="peer_unique_measure_area_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.area_name} {self.period_end:%Y-%m}: {self.count}"


class HotSpotPeriod(models.Model):
    """Hot spots of one measure over one period (``first_month`` to ``last_month``): Getis–Ord
    Gi* per LSOA of the partnership, the emerging categories over the 24 months to
    ``last_month``, and how concentrated the incidents were, then and a year earlier. Computed
    after each recompute for the latest 12 months, and on request for another period (by a
    task, never in a request); ``dashboard.hotspots`` holds the maths."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being worked out"
        RUNNING = "running", "Being worked out"
        DONE = "done", "Done"
        NOT_COVERED = "not-covered", "A month has no data"
        TOO_FEW = "too-few", "Too few incidents or places"
        NO_PLACES = "no-places", "No neighbourhood figures"
        FAILED = "failed", "Could not be worked out"

    measure = models.CharField(max_length=64)
    first_month = models.DateField()
    last_month = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(blank=True, help_text="Why there are no hot spots, in words.")
    # What the pages say it with, in the reader's language: {"missing": ["2024-03", ...],
    # "emerging_missing": [...], "emerging_few": [...], "hidden_classes": 3, ...}.
    detail = models.JSONField(default=dict, blank=True)
    requested_at = models.DateTimeField(null=True)
    computed_at = models.DateTimeField(null=True, db_index=True)
    incidents = models.IntegerField(null=True, help_text="In the period, over the LSOAs.")
    places = models.IntegerField(null=True, help_text="LSOAs in the lattice.")
    neighbour_pairs = models.IntegerField(null=True)
    # Emerging hot spots: the months they run over, or why there are none.
    emerging_first = models.DateField(null=True)
    emerging_status = models.CharField(max_length=16, blank=True)
    # {"total", "places", "places_for_half", "share_for_half", "gini", "curve": [[x, y], ...]}
    concentration = models.JSONField(null=True)
    concentration_year_earlier = models.JSONField(null=True)
    run = models.ForeignKey(
        TrendRun, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "first_month", "last_month"],
                name="hotspot_period_unique_measure_months",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.first_month:%Y-%m} to {self.last_month:%Y-%m}"

    @property
    def cache_key(self) -> str:
        """Changes whenever what a page shows of the period may: part of the page cache key."""
        computed = f"{self.computed_at:%Y%m%d%H%M%S%f}" if self.computed_at else ""
        return f"{self.pk}:{self.status}:{computed}"

    @property
    def months(self) -> int:
        return (
            (self.last_month.year - self.first_month.year) * 12
            + self.last_month.month
            - self.first_month.month
            + 1
        )


class HotSpot(models.Model):
    """One LSOA's result in a ``HotSpotPeriod``. ``board_class`` is what a board may see: the
    class, or "" where showing it could give away a count that suppression hides."""

    period = models.ForeignKey(HotSpotPeriod, on_delete=models.CASCADE, related_name="spots")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    count = models.IntegerField(help_text="Incidents in the period.")
    z = models.FloatField(null=True)
    p = models.FloatField(null=True, help_text="Two-sided pseudo p-value, 999 permutations.")
    p_fdr = models.FloatField(null=True, help_text="After the false discovery rate correction.")
    hot_class = models.CharField(max_length=16)
    board_class = models.CharField(max_length=16, blank=True)
    trend = models.CharField(max_length=24, blank=True, help_text="Emerging hot-spot category.")
    trend_tau = models.FloatField(null=True)
    trend_p = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "area"], name="hotspot_unique_period_area")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.area_id}: {self.hot_class}"
