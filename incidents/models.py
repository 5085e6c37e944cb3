"""Incidents and the import batches they come from.

An ``Incident`` is one recorded crime, ASB report, partnership record or hospital attendance. Its
natural key is (source, source_ref) when the source gives a reference (a police.uk Crime ID): a
partial unique index makes re-imports upsert instead of duplicating. Rows without a reference
(police.uk anti-social behaviour) are replaced per force and month instead.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Source(models.TextChoices):
    POLICEUK_STREET = "policeuk-street", "data.police.uk street-level"
    PARTNERSHIP = "partnership", "Partnership template"
    HOSPITAL = "hospital", "Hospital A&E (ISTV)"


class ImportBatch(models.Model):
    """One uploaded (or command-line) file and what happened to it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    # Command-line imports read the analyst's file where it is instead of copying it.
    source_path = models.CharField(max_length=1024, blank=True)
    file_name = models.CharField(max_length=255)
    file_size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    requested_format = models.CharField(max_length=32, default="auto")
    format = models.CharField(max_length=32, blank=True)
    store_valid_rows = models.BooleanField(
        default=False,
        help_text="Store the valid rows and reject the rest, instead of refusing the whole file.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done, 0–100.")
    rows_read = models.PositiveIntegerField(default=0)
    rows_stored = models.PositiveIntegerField(default=0, help_text="New incidents added.")
    rows_updated = models.PositiveIntegerField(default=0, help_text="Known incidents updated.")
    rows_duplicate = models.PositiveIntegerField(default=0, help_text="Already held unchanged.")
    rows_replaced = models.PositiveIntegerField(
        default=0, help_text="Reference-less rows removed because this file replaces them."
    )
    rows_rejected = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="Why the file was refused, or a note.")
    same_file_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def path(self) -> str:
        return self.file.path if self.file else self.source_path


class ImportRowError(models.Model):
    """One problem found in one row of an import file (1-based line number of the file)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="row_errors")
    line = models.PositiveIntegerField()
    column = models.CharField(max_length=64, blank=True)
    reason = models.TextField()
    value = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "line", "id"]
        indexes = [models.Index(fields=["batch", "line"])]

    def __str__(self) -> str:
        return f"line {self.line}, {self.column or 'row'}: {self.reason}"


class IncidentQuerySet(models.QuerySet["Incident"]):
    def from_source(self, source: str) -> IncidentQuerySet:
        return self.filter(source=source)

    def in_month(self, month) -> IncidentQuerySet:  # noqa: ANN001 - a date (first of month)
        return self.filter(month=month)

    def in_lsoas(self, codes) -> IncidentQuerySet:  # noqa: ANN001 - iterable of LSOA codes
        return self.filter(lsoa_code__in=codes)

    def of_force(self, force: str) -> IncidentQuerySet:
        return self.filter(force=force)

    def without_reference(self) -> IncidentQuerySet:
        return self.filter(source_ref="")

    def knife(self) -> IncidentQuerySet:
        return self.filter(knife=True)


class Incident(models.Model):
    source = models.CharField(max_length=32, choices=Source.choices)
    # police.uk Crime ID (64 hex), partnership or hospital reference; "" when the source has none.
    source_ref = models.CharField(max_length=128, blank=True)
    month = models.DateField(help_text="First day of the calendar month (Europe/London).")
    occurred_on = models.DateField(null=True, blank=True)
    reported_by = models.CharField(max_length=128, blank=True)
    force = models.CharField(max_length=128, blank=True, help_text="police.uk 'Falls within'.")
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=255, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    lsoa_name = models.CharField(max_length=128, blank=True)
    category = models.CharField(max_length=128)
    last_outcome = models.CharField(max_length=255, blank=True)
    context = models.TextField(blank=True)
    # Flags and ages from partnership and hospital data; None means "not known".
    knife = models.BooleanField(null=True)
    firearm = models.BooleanField(null=True)
    public_place = models.BooleanField(null=True)
    domestic = models.BooleanField(null=True)
    drug_related = models.BooleanField(null=True)
    gang_related = models.BooleanField(null=True)
    victim_age = models.PositiveSmallIntegerField(null=True, blank=True)
    suspect_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # No index and no database-level constraint on batch: the bulk import writes millions of rows
    # at a time and the per-row foreign-key trigger would cost more than the rest of the insert.
    # Batches are never deleted while incidents point at them (PROTECT, enforced by Django).
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, db_index=False, db_constraint=False
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~Q(source_ref=""),
                name="incident_unique_source_ref",
            ),
        ]
        indexes = [
            # Replacing a force-month's reference-less rows on re-upload.
            models.Index(
                fields=["source", "force", "month"],
                condition=Q(source_ref=""),
                name="incident_noref_force_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.month:%Y-%m} {self.lsoa_code or self.force}"
