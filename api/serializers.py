"""What the API reads and writes. Responses are described field by field, so the OpenAPI
schema (and the clients generated from it) say exactly what comes back."""

from __future__ import annotations

from datetime import date
from typing import Any

from rest_framework import serializers

from alerts.models import AlertSubscription
from dashboard import hotspots
from dashboard.measures import MEASURES
from incidents.formats import FORMATS
from incidents.models import Area, ImportBatch, Incident, Source
from incidents.months import parse_month, stated_period
from strategy.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    PartnerOrganisation,
    Priority,
    Strategy,
)

MAX_MONTHS = 120
# Named in the OpenAPI schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
IMPORT_STATUSES = ImportBatch.Status.choices


class MonthField(serializers.CharField):
    """A calendar month written YYYY-MM, read as its first day."""

    default_error_messages = {"invalid": "Write the month as YYYY-MM, e.g. 2025-01."}

    def to_internal_value(self, data: Any) -> date:
        month = parse_month(super().to_internal_value(data))
        if month is None or not 1900 <= month.year <= 2999:
            raise serializers.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class _FromTo(serializers.Serializer):
    """A query with ``from`` (a Python keyword: declared as ``from_``) and ``to`` months."""

    from_ = MonthField(required=False, help_text="First month (YYYY-MM).")
    to = MonthField(required=False, help_text="Last month (YYYY-MM).")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


# --- reference ------------------------------------------------------------------------------


class MeasureSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    noun = serializers.CharField(help_text="What one of them is called: offences, attendances.")
    definition = serializers.CharField()
    source = serializers.CharField()
    rate_per = serializers.IntegerField(help_text="Rates are per this many residents.")
    rate_basis = serializers.CharField(source="rate_label", help_text="e.g. per 1,000 residents")


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Area
        fields = ["code", "name", "level", "vintage", "parent"]


class AreaQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Area.Level.choices, required=False)
    parent = serializers.CharField(max_length=9, required=False, help_text="A GSS code.")
    vintage = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


# --- figures --------------------------------------------------------------------------------


class FiguresQuerySerializer(_FromTo):
    measure = serializers.ChoiceField(choices=sorted(MEASURES))
    area = serializers.CharField(max_length=9, help_text="A GSS code, e.g. E06000042.")
    month = MonthField(required=False, help_text="One month (default: the latest complete).")
    from_ = MonthField(required=False, help_text="First month of a range (with to).")
    to = MonthField(required=False, help_text="Last month of a range (with from).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first, last = attrs.get("from"), attrs.get("to")
        if (first is None) != (last is None):
            raise serializers.ValidationError({"to": ["Give both from and to, or neither."]})
        if first is not None and attrs.get("month") is not None:
            raise serializers.ValidationError({"month": ["Give a month or a range, not both."]})
        if first is not None and last is not None:
            if last < first:
                raise serializers.ValidationError({"to": ["The range ends before it starts."]})
            if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
                raise serializers.ValidationError(
                    {"to": [f"A range is at most {MAX_MONTHS} months."]}
                )
        return attrs


POLICE_MEASURES = sorted(slug for slug, m in MEASURES.items() if m.police_category)


class ComparisonQuerySerializer(serializers.Serializer):
    measure = serializers.ChoiceField(
        choices=POLICE_MEASURES, help_text="A police.uk measure (comparisons are national)."
    )
    area = serializers.CharField(
        max_length=9, help_text="A local authority, community safety partnership or force code."
    )
    month = MonthField(
        required=False,
        help_text="The 12 months to this month (default: the "
        "latest complete month the area's source covers).",
    )


class ComparedAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="The 12-month total.")
    rate = serializers.FloatField(allow_null=True)
    funnel = serializers.CharField(
        help_text="within, above/below 95%, above/below 99.8%; empty when left out."
    )
    rank_12m = serializers.IntegerField(allow_null=True)
    rank_12m_low = serializers.IntegerField(allow_null=True)
    rank_12m_high = serializers.IntegerField(allow_null=True)
    change_12m_pct = serializers.FloatField(allow_null=True)
    no_data_months = serializers.ListField(child=serializers.CharField())
    suppressed = serializers.CharField(
        allow_null=True, help_text="For board figures: the mark of a hidden count (“<5”)."
    )


class ComparisonSerializer(serializers.Serializer):
    measure = serializers.CharField()
    area = serializers.CharField()
    month = serializers.CharField()
    compare = serializers.DictField(help_text="As ``figures --json`` gives it.")
    areas = ComparedAreaSerializer(many=True)


HOT_SPOT_MAX_MONTHS = 36
# Named in the OpenAPI schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
HOT_SPOT_CLASSES = [(c, c) for c in [*hotspots.CLASSES, "too-few"]]
HOT_SPOT_TRENDS = [(t, t) for t in hotspots.EMERGING]


class HotSpotsQuerySerializer(_FromTo):
    measure = serializers.ChoiceField(choices=sorted(MEASURES))
    from_ = MonthField(
        required=False,
        help_text="First month (YYYY-MM; default: 11 months before ``to``, or the default "
        "period's).",
    )
    to = MonthField(
        required=False,
        help_text="Last month (YYYY-MM; default: 11 months after ``from``, or the latest "
        "complete month the source covers).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first, last = attrs.get("from"), attrs.get("to")
        if first is not None and last is not None:
            if last < first:
                raise serializers.ValidationError({"to": ["The period ends before it starts."]})
            if (last.year - first.year) * 12 + last.month - first.month >= HOT_SPOT_MAX_MONTHS:
                raise serializers.ValidationError(
                    {"to": [f"A period is at most {HOT_SPOT_MAX_MONTHS} months."]}
                )
        return attrs


class HotSpotSerializer(serializers.Serializer):
    """One LSOA's hot-spot result over the period."""

    lsoa = serializers.CharField(help_text="The (2011) LSOA's GSS code.")
    name = serializers.CharField()
    ward = serializers.CharField(help_text="The ward's GSS code.")
    ward_name = serializers.CharField()
    count = serializers.IntegerField(help_text="Incidents in the period (exact).")
    z = serializers.FloatField(allow_null=True, help_text="Getis–Ord Gi* z-score.")
    p = serializers.FloatField(
        allow_null=True, help_text="Two-sided pseudo p-value from 999 seeded permutations."
    )
    p_fdr = serializers.FloatField(
        allow_null=True, help_text="After the Benjamini–Hochberg false discovery rate correction."
    )
    class_ = serializers.ChoiceField(
        choices=HOT_SPOT_CLASSES,
        help_text="hot-99/95/90 or cold-99/95/90 (confidence, from p_fdr), not-significant, or "
        "too-few when the period has too few incidents for a stable result.",
    )
    trend = serializers.ChoiceField(
        choices=HOT_SPOT_TRENDS,
        allow_null=True,
        help_text="The emerging hot-spot category over the 24 months to ``to`` (ESRI's "
        "definitions); null when those months are not all covered or hold too few incidents.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["class"] = fields.pop("class_")
        return fields


class HotSpotsErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class PendingSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    retry_after = serializers.IntegerField(help_text="Seconds to wait before asking again.")


class PeerRankSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    of = serializers.IntegerField()
    change_pct = serializers.FloatField()


class SuppressionSerializer(serializers.Serializer):
    count = serializers.CharField(allow_null=True, help_text="“<5” or “[c]” when hidden.")
    rolling_12m = serializers.CharField(allow_null=True)


class FigureSerializer(serializers.Serializer):
    """One measure, area and month: the same keys and values as ``manage.py figures --json``.
    For roles that see board figures, hidden values are null and ``suppression`` says why."""

    measure = serializers.CharField()
    measure_name = serializers.CharField()
    area = serializers.CharField()
    area_name = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM")
    count = serializers.IntegerField(allow_null=True)
    covered = serializers.BooleanField()
    rolling_12m = serializers.IntegerField(allow_null=True)
    previous_12m = serializers.IntegerField(allow_null=True)
    change_12m_pct = serializers.FloatField(allow_null=True)
    rolling_12m_two_years_earlier = serializers.IntegerField(allow_null=True)
    change_24m_pct = serializers.FloatField(allow_null=True)
    p_12m = serializers.FloatField(allow_null=True)
    ci_12m_pct = serializers.ListField(child=serializers.FloatField(allow_null=True))
    p_24m = serializers.FloatField(allow_null=True)
    ci_24m_pct = serializers.ListField(child=serializers.FloatField(allow_null=True))
    significant = serializers.BooleanField(allow_null=True)
    significant_12m = serializers.BooleanField(allow_null=True)
    significant_24m = serializers.BooleanField(allow_null=True)
    rate = serializers.FloatField(allow_null=True, help_text="Per ``rate_per`` residents.")
    rate_per = serializers.IntegerField(help_text="1,000, 100,000 or 1,000,000.")
    rate_unit = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    comparable = serializers.BooleanField(allow_null=True)
    comparable_12m = serializers.BooleanField(allow_null=True)
    comparable_24m = serializers.BooleanField(allow_null=True)
    no_data_months = serializers.ListField(
        child=serializers.CharField(),
        help_text="Months (YYYY-MM) of the 12 months to ``month`` without data: when any, "
        "there is no 12-month total, rate, change or significance.",
    )
    previous_no_data_months = serializers.ListField(
        child=serializers.CharField(), help_text="The same for the 12 months before."
    )
    two_years_earlier_no_data_months = serializers.ListField(
        child=serializers.CharField(), help_text="The same for the 12 months two years before."
    )
    suppressed = serializers.BooleanField()
    data_vintage = serializers.CharField(allow_null=True)
    peer_rank_12m = PeerRankSerializer(allow_null=True)
    peer_rank_24m = PeerRankSerializer(allow_null=True)
    headline = serializers.CharField()
    source = serializers.CharField(help_text="policeuk-street, partnership or hospital.")
    imported_at = serializers.CharField(
        allow_null=True, help_text="When the data of the 12 months to ``month`` last arrived."
    )
    source_text = serializers.CharField(help_text="The source and its dates, in a sentence.")
    suppression = SuppressionSerializer(
        required=False, help_text="Present for board figures: which values are hidden."
    )


# --- incidents and imports ------------------------------------------------------------------


INCIDENT_FIELDS = [
    "id",
    "source",
    "source_ref",
    "month",
    "occurred_on",
    "arrived_on",
    "category",
    "force",
    "location",
    "lsoa_code",
    "lsoa_name",
    "la_code",
    "longitude",
    "latitude",
    "last_outcome",
    "knife",
    "firearm",
    "public_place",
    "domestic",
    "victim_age_band",
    "batch_id",
]


class IncidentSerializer(serializers.ModelSerializer):
    """The schema of an incident row (the view writes the rows as they are read)."""

    class Meta:
        model = Incident
        fields = [f.removesuffix("_id") for f in INCIDENT_FIELDS]


class IncidentQuerySerializer(_FromTo):
    area = serializers.CharField(max_length=9, required=False, help_text="A GSS code at any level.")
    category = serializers.CharField(max_length=128, required=False)
    source = serializers.ChoiceField(choices=Source.choices, required=False)


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    column = serializers.CharField()
    reason = serializers.CharField()
    value = serializers.CharField(allow_blank=True)


class ImportArchiveMemberSerializer(serializers.Serializer):
    """One street file of a police.uk archive and what happened to it."""

    id = serializers.IntegerField(help_text="The file's own import (``imports/<id>/``).")
    file = serializers.CharField(help_text="Its path in the archive.")
    force = serializers.CharField(help_text="The force in its name, e.g. thames-valley.")
    month = serializers.CharField(help_text="YYYY-MM.")
    status = serializers.ChoiceField(choices=IMPORT_STATUSES)
    status_label = serializers.CharField()
    progress = serializers.IntegerField()
    read = serializers.IntegerField()
    stored = serializers.IntegerField()
    updated = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    replaced = serializers.IntegerField()
    rejected = serializers.IntegerField()
    unknown_lsoa = serializers.IntegerField()
    outside_uk = serializers.IntegerField()
    message = serializers.CharField(allow_blank=True)


class ImportSkippedSerializer(serializers.Serializer):
    name = serializers.CharField()
    reason = serializers.CharField()


class ImportBatchSerializer(serializers.Serializer):
    """An import: what ``import_incidents --json`` and the status page report."""

    id = serializers.IntegerField()
    url = serializers.CharField()
    file = serializers.CharField()
    format = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=IMPORT_STATUSES)
    status_label = serializers.CharField()
    progress = serializers.IntegerField(help_text="Percent done.")
    read = serializers.IntegerField()
    stored = serializers.IntegerField()
    updated = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    replaced = serializers.IntegerField()
    rejected = serializers.IntegerField()
    unknown_lsoa = serializers.IntegerField()
    outside_uk = serializers.IntegerField(
        help_text="police.uk rows with coordinates outside the UK: kept, counted for their force."
    )
    period = serializers.ListField(child=serializers.CharField(), allow_null=True)
    message = serializers.CharField(allow_blank=True)
    same_file_as = serializers.IntegerField(allow_null=True)
    errors = ImportErrorSerializer(many=True, help_text="Row problems (the first 200).")
    archive = serializers.IntegerField(
        required=False, help_text="A file of a police.uk archive: the archive's import."
    )
    member = serializers.CharField(required=False, help_text="Its path in the archive.")
    members = ImportArchiveMemberSerializer(
        many=True, required=False, help_text="A police.uk archive: each street file in it."
    )
    skipped = ImportSkippedSerializer(
        many=True, required=False, help_text="A police.uk archive: the files not imported."
    )


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="One CSV file, or a police.uk archive (.zip).")
    format = serializers.ChoiceField(choices=["auto", *FORMATS], default="auto")
    store_valid_rows = serializers.BooleanField(
        default=False, help_text="Store the valid rows and reject the rest."
    )
    covers_from = MonthField(required=False, help_text="Partnership files: first month covered.")
    covers_to = MonthField(required=False, help_text="Partnership files: last month covered.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["period"] = stated_period(attrs.get("covers_from"), attrs.get("covers_to"))
        except ValueError as error:
            raise serializers.ValidationError({"covers_to": [str(error)]}) from None
        return attrs


# --- strategy -------------------------------------------------------------------------------


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerOrganisation
        fields = ["id", "name", "sector", "specified_authority", "contact_name", "contact_email"]


class StrategySerializer(serializers.ModelSerializer):
    class Meta:
        model = Strategy
        fields = [
            "id",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "is_current",
            "next_board_on",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends_on": ["The strategy ends before it starts."]})
        return attrs


class PrioritySerializer(serializers.ModelSerializer):
    strategy = serializers.PrimaryKeyRelatedField(
        queryset=Strategy.objects.all(),
        help_text="Set when the priority is added; a priority stays in its strategy.",
    )

    class Meta:
        model = Priority
        fields = ["id", "strategy", "title", "description", "order"]
        read_only_fields = ["order"]

    def validate_strategy(self, strategy: Strategy) -> Strategy:
        # Its actions, their references and their history belong to that strategy.
        if self.instance is not None and strategy.pk != self.instance.strategy_id:
            raise serializers.ValidationError(
                "A priority stays in its strategy (its actions belong to it): add a new "
                "priority to the other strategy instead."
            )
        return strategy


class ActionSerializer(serializers.ModelSerializer):
    priority = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.all())
    lead_partner = serializers.PrimaryKeyRelatedField(queryset=PartnerOrganisation.objects.all())
    supporting_partners = serializers.PrimaryKeyRelatedField(
        queryset=PartnerOrganisation.objects.all(), many=True, required=False
    )
    measures = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(MEASURES)), required=False
    )
    places = serializers.ListField(
        child=serializers.CharField(max_length=9),
        required=False,
        help_text="GSS codes of the LSOAs or wards the action targets.",
    )
    note = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="Why: needed for a move to at risk or off track, and for a new due date.",
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "strategy",
            "priority",
            "reference",
            "title",
            "description",
            "lead_partner",
            "supporting_partners",
            "owner",
            "owner_email",
            "starts_on",
            "due_on",
            "status",
            "progress",
            "measures",
            "places",
            "updated_at",
            "note",
        ]
        read_only_fields = ["strategy", "updated_at"]


class ActionUpdateSerializer(serializers.ModelSerializer):
    made_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ActionUpdate
        fields = [
            "id",
            "made_by",
            "made_at",
            "old_status",
            "new_status",
            "progress",
            "note",
            "changes",
            "via",
        ]


class ActionUpdateCreateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


# The measure slugs, as one enum in the schema wherever a field takes one.
MEASURE_SLUGS = sorted(MEASURES)


class AlertSubscriptionSerializer(serializers.ModelSerializer):
    """One's own alert subscription, by measure slug and area code (as the alerts page)."""

    measure = serializers.ChoiceField(choices=MEASURE_SLUGS)
    area = serializers.CharField(
        max_length=9, help_text="GSS code: the partnership, a ward or an LSOA."
    )
    threshold_figure = serializers.ChoiceField(
        choices=["", "rate", "rolling_12m", "change_12m_pct"], required=False, default=""
    )
    threshold_direction = serializers.ChoiceField(
        choices=["above", "below"], required=False, default="above"
    )
    threshold_value = serializers.FloatField(required=False, allow_null=True, default=None)
    threshold_reset = serializers.FloatField(required=False, allow_null=True, default=None)

    class Meta:
        model = AlertSubscription
        fields = [
            "id",
            "measure",
            "area",
            "significance",
            "new_data",
            "threshold_figure",
            "threshold_direction",
            "threshold_value",
            "threshold_reset",
            "threshold_state",
            "created_at",
        ]
        read_only_fields = ["threshold_state", "created_at"]

    def to_representation(self, instance: AlertSubscription) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["area"] = instance.area.code
        return data

    def validate_area(self, value: str) -> Area:
        area = Area.objects.filter(code=value).order_by("vintage").first()
        if area is None:
            raise serializers.ValidationError("No area has this code.")
        return area

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for name in ("measure", "area"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: ["Cannot be changed: add a subscription for another one."]}
                    )
        current = self.instance
        figure = attrs.get("threshold_figure", current.threshold_figure if current else "")
        value = attrs.get("threshold_value", current.threshold_value if current else None)
        reset = attrs.get("threshold_reset", current.threshold_reset if current else None)
        direction = attrs.get(
            "threshold_direction", current.threshold_direction if current else "above"
        )
        if figure and value is None:
            raise serializers.ValidationError(
                {"threshold_value": ["Give the threshold, or no threshold_figure."]}
            )
        if figure and value is not None and reset is not None:
            if (direction == "above" and reset >= value) or (
                direction == "below" and reset <= value
            ):
                raise serializers.ValidationError(
                    {"threshold_reset": ["A reset is back from the threshold, not past it."]}
                )
        return attrs
