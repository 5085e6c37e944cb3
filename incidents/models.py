"""Incidents and the import batches they come from.

An ``Incident`` is one recorded crime, ASB report, partnership record or hospital attendance. Its
natural key is (source, source_ref) when the source gives a reference (a police.uk Crime ID): a
partial unique index makes re-imports upsert instead of duplicating. Rows without a reference
(police.uk anti-social behaviour) are replaced per force and month instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from audit.tracking import tracked

# The longest text a file's field may bring (a place, a force, an outcome). Real police.uk fields
# are under 150 characters; a row longer than this is checked field by field before storing.
TEXT_MAX = 1024


class Source(models.TextChoices):
    POLICEUK_STREET = "policeuk-street", "data.police.uk street-level"
    PARTNERSHIP = "partnership", "Partnership template"
    HOSPITAL = "hospital", "Hospital A&E (ISTV)"


class OffenceType(models.TextChoices):
    """Offence types of the partnership incident template."""

    HOMICIDE = "homicide", "Homicide"
    ATTEMPTED_MURDER = "attempted-murder", "Attempted murder"
    GBH_WOUNDING = "gbh-wounding", "GBH / wounding"
    ABH = "abh", "ABH (assault with injury)"
    THREATS_TO_KILL = "threats-to-kill", "Threats to kill"
    ROBBERY = "robbery", "Robbery"
    POSSESSION_BLADED_ARTICLE = "possession-bladed-article", "Possession of a bladed article"
    POSSESSION_FIREARM = "possession-firearm", "Possession of a firearm"
    RAPE_SEXUAL_ASSAULT = "rape-sexual-assault", "Rape and sexual assault"
    DRUG_SUPPLY = "drug-supply", "Drug supply"
    OTHER = "other", "Other"


# ONS "offences involving a knife or sharp instrument": these offence types, when a knife or sharp
# instrument was used or threatened (plus homicides by sharp instrument).
KNIFE_OFFENCE_TYPES = [
    OffenceType.HOMICIDE.value,
    OffenceType.ATTEMPTED_MURDER.value,
    OffenceType.THREATS_TO_KILL.value,
    OffenceType.GBH_WOUNDING.value,
    OffenceType.ABH.value,
    OffenceType.ROBBERY.value,
    OffenceType.RAPE_SEXUAL_ASSAULT.value,
]
VIOLENT_OFFENCE_TYPES = [
    OffenceType.HOMICIDE.value,
    OffenceType.ATTEMPTED_MURDER.value,
    OffenceType.GBH_WOUNDING.value,
    OffenceType.ABH.value,
    OffenceType.THREATS_TO_KILL.value,
    OffenceType.ROBBERY.value,
    OffenceType.RAPE_SEXUAL_ASSAULT.value,
]


def _knife_offence_types() -> list[str]:
    return list(KNIFE_OFFENCE_TYPES)


@tracked()
class SeriousViolenceDefinition(models.Model):
    """What this partnership counts as serious violence. The defaults are the Home Office
    definition: homicide, and knife crime and gun crime in public places. A partnership may
    widen it (domestic abuse, sexual offences, other offence types) for its local definition.
    The active row is the one in use; with none, the Home Office defaults apply."""

    name = models.CharField(max_length=128, default="Home Office definition")
    description = models.TextField(
        blank=True,
        default="Homicide, and knife crime and gun crime in public places, "
        "with a focus on victims under 25.",
    )
    include_homicide = models.BooleanField(default=True)
    include_knife_crime = models.BooleanField(default=True)
    knife_offence_types = models.JSONField(
        default=_knife_offence_types,
        help_text="Offence types that count as knife crime when a knife or sharp instrument "
        "was used or threatened.",
    )
    include_gun_crime = models.BooleanField(
        default=True, help_text="Any offence where a firearm was used or possessed."
    )
    require_public_place = models.BooleanField(
        default=True, help_text="Count knife and gun crime only in public places."
    )
    include_domestic_abuse = models.BooleanField(
        default=False, help_text="Also count violent offences flagged as domestic abuse."
    )
    extra_offence_types = models.JSONField(
        default=list,
        blank=True,
        help_text="Offence types counted whatever the weapon or place, e.g. rape-sexual-assault.",
    )
    victims_under_25_only = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "serious violence definition"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> SeriousViolenceDefinition:
        """The definition in use: the most recently updated active one, else the defaults."""
        return cls.objects.filter(is_active=True).order_by("-updated_at").first() or cls()


# Areas drive every roll-up (an LSOA's parent is the ward its incidents count in): their history
# is kept, all but the boundary drawn on maps.
@tracked(exclude=["geometry"])
class Area(models.Model):
    """A geography (ONS GSS code) at one level and boundary vintage, with its parent one level up.

    LSOA 2011 → ward → local authority → community safety partnership → police force area →
    England and Wales. Only the partnership's own LSOAs and wards are areas; every LSOA of
    England and Wales belongs to its local authority, partnership and force through
    ``LsoaMembership``. A local authority that spans several partnerships (one formed by a
    merger, such as Buckinghamshire) hangs under its force."""

    class Level(models.TextChoices):
        LSOA = "lsoa", "LSOA"
        WARD = "ward", "Ward"
        LOCAL_AUTHORITY = "local-authority", "Local authority"
        CSP = "csp", "Community safety partnership"
        FORCE = "force", "Police force area"
        COUNTRY = "country", "Country"

    code = models.CharField(max_length=9)
    name = models.CharField(max_length=128)
    level = models.CharField(max_length=16, choices=Level.choices)
    vintage = models.PositiveSmallIntegerField(help_text="Boundary year, e.g. 2011 or 2021.")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # GeoJSON geometry (WGS84) for maps; empty where the project ships no boundary.
    geometry = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "vintage"], name="area_unique_code_vintage")
        ]
        indexes = [models.Index(fields=["level", "vintage"])]
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LsoaMembership(models.Model):
    """Every LSOA of England and Wales, in both vintages (2011 and 2021), and the local
    authority, community safety partnership and police force area it belongs to, on the
    current boundaries (``reference.LAD_VINTAGE``). Loaded from the ONS lookups by
    ``load_reference_data``; figures for areas other than the partnership count by it."""

    # No database-level foreign keys: 70,000 rows x 3 checks would lock the 676 area rows
    # 210,000 times in the loading transaction, and every later write to those areas (their
    # audited population) would crawl. The loader writes ids it has just upserted.
    code = models.CharField(max_length=9)
    vintage = models.PositiveSmallIntegerField()
    local_authority = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    csp = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    force = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_constraint=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "vintage"], name="lsoa_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.vintage})"


class AreaProfile(models.Model):
    """What an area is like, for comparing it with similar ones: residents, those aged 15 to
    24, land area and density, and deprivation, in one year (the mid-year estimate's)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="profiles")
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    aged_15_24 = models.PositiveIntegerField()
    land_area_sq_km = models.FloatField(
        null=True,
        blank=True,
        help_text="Empty for a partnership that cuts across a merged "
        "local authority: ONS publishes no land area for it.",
    )
    density = models.FloatField(help_text="Residents per square kilometre.")
    density_of_local_authority = models.BooleanField(
        default=False, help_text="The density is its local authority's (no land area of its own)."
    )
    deprivation = models.FloatField(
        help_text="Residents' average deprivation percentile in their country's index "
        "(IMD 2019 for England, WIMD 2019 for Wales): 0 least, 100 most deprived."
    )
    most_deprived_decile_share = models.FloatField(
        help_text="Share of residents living in their country's most deprived 10% of LSOAs."
    )
    lsoas = models.PositiveIntegerField(help_text="LSOAs (2011) in the area.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="area_profile_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.year}"

    @property
    def share_aged_15_24(self) -> float:
        return self.aged_15_24 / self.population if self.population else 0.0


class AgeBand(models.TextChoices):
    """Census 2021 six age bands. 16–24 is the Serious Violence Duty's focus."""

    UNDER_16 = "0-15", "Aged 15 and under"
    AGED_16_24 = "16-24", "Aged 16 to 24"
    AGED_25_34 = "25-34", "Aged 25 to 34"
    AGED_35_49 = "35-49", "Aged 35 to 49"
    AGED_50_64 = "50-64", "Aged 50 to 64"
    AGED_65_PLUS = "65+", "Aged 65 and over"

    @classmethod
    def for_age(cls, age: int) -> AgeBand:
        for band, upper in (
            (cls.UNDER_16, 15),
            (cls.AGED_16_24, 24),
            (cls.AGED_25_34, 34),
            (cls.AGED_35_49, 49),
            (cls.AGED_50_64, 64),
        ):
            if age <= upper:
                return band
        return cls.AGED_65_PLUS


@tracked()
class AreaPopulation(models.Model):
    """Residents of an area in one age band and year (Census 2021 unless replaced by upload)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="population")
    age_band = models.CharField(max_length=8, choices=AgeBand.choices)
    year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "age_band", "year"], name="population_unique_area_band_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.age_band} {self.year}: {self.count}"


# An import batch's history keeps what it is and how it ended, not its progress ticks nor the
# note that its figures are due.
@tracked(exclude=["heartbeat_at", "progress", "figures_pending"])
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
    rows_unknown_lsoa = models.PositiveIntegerField(
        default=0,
        help_text="Rows whose LSOA is not in the loaded areas: they count for their force only.",
    )
    rows_outside_uk = models.PositiveIntegerField(
        default=0,
        help_text="police.uk rows whose coordinates lie outside the UK: kept, they count for "
        "their force only, as rows without a location do.",
    )
    # A police.uk archive (.zip) is a batch whose members are batches of their own, one a
    # force-month file, each imported (and re-imported) on its own.
    archive = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="members"
    )
    member_name = models.CharField(
        max_length=255, blank=True, help_text="The file's path inside its archive."
    )
    members_skipped = models.JSONField(
        default=list,
        blank=True,
        help_text="An archive's files that were not imported, each with why: "
        '[{"name": …, "reason": …}].',
    )
    # The period the file covers: as the analyst stated it (partnership files) or as the file
    # states it (a hospital extract's reporting period). Empty: the months the file has rows for.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    period_stated = models.BooleanField(default=False)
    # What the period covers for its source: a hospital extract's site code.
    scope = models.CharField(max_length=128, blank=True)
    message = models.TextField(blank=True, help_text="Why the file was refused, or a note.")
    same_file_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An outbox: set in the transaction that stores the batch's rows, cleared in the transaction
    # of the recompute that covers them, so no finished import is left out of the figures (the
    # beat's catch-up recomputes any still set).
    figures_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name_plural = "import batches"
        constraints = [
            models.UniqueConstraint(
                fields=["archive", "member_name"],
                condition=Q(archive__isnull=False),
                name="importbatch_unique_archive_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_archive(self) -> bool:
        """A police.uk archive: a .zip whose street files are imported as member batches."""
        return self.archive_id is None and self.file_name.lower().endswith(".zip")

    @property
    def path(self) -> str:
        """Where a command-line import reads its file (uploads are read from the database)."""
        return self.file.path if self.file else self.source_path


class UploadChunk(models.Model):
    """An uploaded file, kept in PostgreSQL in pieces of ``UPLOAD_CHUNK_BYTES``, so a worker on
    any host can import it (no shared disk), and it survives a worker that dies."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["batch", "seq"]
        constraints = [models.UniqueConstraint(fields=["batch", "seq"], name="chunk_unique_seq")]

    def __str__(self) -> str:
        return f"batch {self.batch_id}, piece {self.seq}"


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


def force_spellings(area_name: str) -> list[str]:
    """A force area's name as ONS, police.uk and others write it: "Devon & Cornwall" and
    "Devon and Cornwall"."""
    spellings = [area_name]
    for a, b in ((" & ", " and "), (" and ", " & ")):
        if a in area_name:
            spellings.append(area_name.replace(a, b))
    return spellings


def force_names(area_name: str) -> list[str]:
    """The names police.uk gives a force area in "Falls within" (e.g. "Thames Valley Police",
    "Devon & Cornwall Police")."""
    names = [
        f"{name}{suffix}"
        for name in force_spellings(area_name)
        for suffix in ("", " Police", " Constabulary", " Police Service")
    ]
    if area_name.endswith(" Police"):
        names.append(f"{area_name} Service")  # "Metropolitan Police Service"
    return names


class IncidentQuerySet(models.QuerySet["Incident"]):
    """Chainable filters every reader of incidents uses (the figure counts, the API's record
    list): ``Incident.objects.from_source(...).since(month)``. A filter given None leaves the
    rows as they are."""

    def from_source(self, source: str | None) -> IncidentQuerySet:
        return self if source is None else self.filter(source=source)

    def from_sources(self, sources: Iterable[str]) -> IncidentQuerySet:
        return self.filter(source__in=list(sources))

    def of_category(self, category: str | None) -> IncidentQuerySet:
        return self if category is None else self.filter(category=category)

    def in_categories(self, categories: Iterable[str]) -> IncidentQuerySet:
        return self.filter(category__in=list(categories))

    def since(self, month: date | None) -> IncidentQuerySet:
        """From ``month`` (first of a month) on."""
        return self if month is None else self.filter(month__gte=month)

    def until(self, month: date | None) -> IncidentQuerySet:
        """Up to and including ``month``."""
        return self if month is None else self.filter(month__lte=month)

    def in_month(self, month: date) -> IncidentQuerySet:
        return self.filter(month=month)

    def without_reference(self) -> IncidentQuerySet:
        return self.filter(source_ref="")


# Coverage decides "no data" against 0: its history is kept.
@tracked()
class SourceCoverage(models.Model):
    """A month a source covers, for one scope (a police force, a hospital site, a partnership
    extract). A month no source covers is "no data", never zero."""

    source = models.CharField(max_length=32, choices=Source.choices)
    scope = models.CharField(max_length=TEXT_MAX, help_text="Force name, hospital site code, …")
    month = models.DateField()
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="coverage")
    # Hospital extracts cover days, not months: a month counts only once every day of it is
    # covered; until then it is "part covered" and its figures say "no data".
    days_covered = models.PositiveSmallIntegerField(null=True, blank=True)
    complete = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "scope", "month"], name="coverage_unique_source_scope_month"
            )
        ]
        ordering = ["source", "scope", "month"]

    def __str__(self) -> str:
        return f"{self.source} {self.scope} {self.month:%Y-%m}"


class Incident(models.Model):
    source = models.CharField(max_length=32, choices=Source.choices)
    # police.uk Crime ID (64 hex), partnership or hospital reference; "" when the source has none.
    source_ref = models.CharField(max_length=128, blank=True)
    month = models.DateField(help_text="First day of the calendar month (Europe/London).")
    occurred_on = models.DateField(null=True, blank=True)
    # Hospital attendances: the day of arrival, which they count by and are replaced by.
    arrived_on = models.DateField(null=True, blank=True)
    reported_by = models.CharField(max_length=TEXT_MAX, blank=True)
    force = models.CharField(max_length=TEXT_MAX, blank=True, help_text="police.uk 'Falls within'.")
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=TEXT_MAX, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    lsoa_name = models.CharField(max_length=TEXT_MAX, blank=True)
    category = models.CharField(max_length=128)
    last_outcome = models.CharField(max_length=TEXT_MAX, blank=True)
    context = models.TextField(blank=True)
    # Flags and ages from partnership and hospital data; None means "not known".
    knife = models.BooleanField(null=True)
    firearm = models.BooleanField(null=True)
    public_place = models.BooleanField(null=True)
    domestic = models.BooleanField(null=True)
    drug_related = models.BooleanField(null=True)
    gang_related = models.BooleanField(null=True)
    victim_age = models.PositiveSmallIntegerField(null=True, blank=True)
    victim_age_band = models.CharField(
        max_length=8, choices=AgeBand.choices, blank=True, db_default=""
    )
    suspect_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # The local authority of an incident that has no LSOA but belongs to the partnership's
    # area (hospital attendances); incidents with an LSOA get theirs from the LSOA's Area.
    la_code = models.CharField(max_length=9, blank=True, db_default="")
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
            # Record-level reads by area and months (the API's incidents): an area is a set of
            # LSOAs (and, for rows without one, "" and the local authority).
            models.Index(fields=["lsoa_code", "month"], name="incident_lsoa_month"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.month:%Y-%m} {self.lsoa_code or self.force}"


# --- data.police.uk, pulled by itself ----------------------------------------------------------


class PoliceUkPull(models.Model):
    """One check of data.police.uk for new months (the nightly beat job, ``policeuk_pull`` or
    the analysts' "check now"): what it asked, what it found and how it ended."""

    class Status(models.TextChoices):
        RUNNING = "running", "Checking"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"
        BUSY = "busy", "Not run: another check was running"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Scheduled"
        COMMAND = "command", "Command line"
        PAGE = "page", "Check now"

    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    base_url = models.CharField(max_length=300)
    force = models.CharField(max_length=64, blank=True, help_text="police.uk's force id.")
    force_name = models.CharField(max_length=128, blank=True)
    # What crimes-street-dates listed, as YYYY-MM strings, oldest first.
    months_published = models.JSONField(default=list)
    months_imported = models.JSONField(default=list)
    months_not_yet_published = models.JSONField(default=list)
    requests = models.PositiveIntegerField(default=0)
    rows_stored = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the check failed, in plain English.")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"police.uk check {self.pk} ({self.get_status_display()})"


class PoliceUkMonth(models.Model):
    """What the pull knows of one force-month, and where the batch that imported it came from
    (its provenance): the requests made, when, and the routes asked."""

    class Status(models.TextChoices):
        FETCHING = "fetching", "Fetching"
        IMPORTED = "imported", "Imported"
        EMPTY = "empty", "Published with no rows for the area yet"
        FAILED = "failed", "Failed"

    force = models.CharField(max_length=64, help_text="police.uk's force id.")
    force_name = models.CharField(max_length=128)
    month = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices)
    pull = models.ForeignKey(PoliceUkPull, on_delete=models.SET_NULL, null=True, related_name="+")
    batch = models.OneToOneField(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policeuk_month",
    )
    fetched_at = models.DateTimeField(null=True, blank=True)
    requests = models.PositiveIntegerField(default=0)
    street_crimes = models.PositiveIntegerField(default=0)
    crimes_without_location = models.PositiveIntegerField(default=0)
    outside_area = models.PositiveIntegerField(
        default=0, help_text="Points the polygon returned that lie in no loaded LSOA: left out."
    )
    polygon_parts = models.PositiveSmallIntegerField(default=0)
    routes = models.JSONField(default=list, help_text="The API routes asked, without the polygon.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["force", "month"]
        constraints = [
            models.UniqueConstraint(fields=["force", "month"], name="policeuk_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.month:%Y-%m} ({self.status})"
