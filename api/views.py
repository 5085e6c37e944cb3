"""The REST API, version 1. Views only parse, check and call the same selectors and services
as the pages and commands, so the figures, the suppression, the history and the audit log are
the same whichever way a change or a question comes in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, mixins, pagination, status, viewsets
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts.models import AlertSubscription
from alerts.services import alert_subscription_delete, alert_subscription_save
from dashboard.comparisons import Comparison, comparison_for
from dashboard.disclosure.ledger import figure_for_board
from dashboard.disclosure.policy import threshold_for
from dashboard.disclosure.series import series_marks_for
from dashboard.figures.generation import generation_current
from dashboard.headlines import figure_with_headline
from dashboard.hotspot_selectors import hot_spot_latest_month, hot_spots_of
from dashboard.hotspot_services import hot_spot_period_request
from dashboard.measures import MEASURES
from dashboard.memo import ProcessMemo
from dashboard.models import HotSpot, HotSpotPeriod
from dashboard.selectors import trend_figure_for, trend_figures_between
from incidents.models import Area, ImportBatch, Incident
from incidents.months import add_months
from incidents.selectors import (
    area_get,
    areas_list,
    import_batch_summary,
    import_batches_newest,
    incidents_list,
)
from incidents.services import import_batch_create, import_batch_enqueue
from strategy.models import Action, ActionUpdate, PartnerOrganisation, Priority, Strategy
from strategy.selectors import action_get, action_updates_newest, actions_list
from strategy.services import (
    action_create,
    action_update,
    action_update_status,
    priority_save,
    strategy_make_current,
)

from . import serializers as s
from .examples import (
    ACTION,
    BATCH,
    FIGURE_EXAMPLE,
    HOT_SPOTS_EXAMPLE,
    PARTNER,
    PRIORITY,
    STRATEGY,
    SUBSCRIPTION,
    UPDATE,
    page_of,
)
from .permissions import HasRole, ModelPermissions, sees_exact_figures


class Pages(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class IncidentCursor(pagination.CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "id"


def _area(code: str, field: str = "area") -> Area:
    """The area as the ``figures`` command finds it (an LSOA in both vintages: the 2011 one,
    which figures are kept for)."""
    area = area_get(code=code)
    if area is None:
        raise s.serializers.ValidationError({field: [f"No area has the code {code!r}."]})
    return area


# --- reference ------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Measures",
        description="Every measure the dashboards show, with its definition and rate basis.",
        examples=[
            OpenApiExample(
                "Knife crime",
                value=[
                    {
                        "slug": "knife-crime",
                        "name": "Knife crime",
                        "noun": "offences",
                        "definition": "Offences involving a knife or sharp instrument…",
                        "source": "partnership",
                        "rate_per": 100000,
                        "rate_basis": "per 100,000 residents",
                    }
                ],
            )
        ],
    )
)
class MeasureList(generics.ListAPIView):
    serializer_class = s.MeasureSerializer
    permission_classes = [HasRole]
    pagination_class = None

    def get_queryset(self) -> Any:
        return [MEASURES[slug] for slug in sorted(MEASURES)]


@extend_schema_view(
    get=extend_schema(
        summary="Areas",
        description="Geographies (ONS GSS codes): force, community safety partnership, local "
        "authority, ward, LSOA. Filter by level, by parent (a GSS code) and by boundary "
        "vintage.",
        parameters=[s.AreaQuerySerializer],
        examples=[
            OpenApiExample(
                "Milton Keynes",
                value={
                    "count": 1,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "code": "E06000042",
                            "name": "Milton Keynes",
                            "level": "local-authority",
                            "vintage": 2023,
                            "parent": "E23000030",
                        }
                    ],
                },
            )
        ],
    )
)
class AreaList(generics.ListAPIView):
    serializer_class = s.AreaSerializer
    permission_classes = [HasRole]
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Area]:
        query = s.AreaQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return areas_list(
            level=query.validated_data.get("level"),
            parent=query.validated_data.get("parent"),
            vintage=query.validated_data.get("vintage"),
        )


# --- figures --------------------------------------------------------------------------------


@extend_schema(
    summary="Trend figures",
    description="The figures of one measure in one area: for one month (``month``, default "
    "the latest complete month) or for a range (``from`` and ``to``, at most 120 months). "
    "The same values as ``manage.py figures --json``. Analysts and admins get exact counts; "
    "other roles get the figures the pages show, with small counts hidden (null, with "
    "``suppression`` saying “<5” or “[c]”).",
    parameters=[s.FiguresQuerySerializer],
    responses={200: s.FigureSerializer(many=True)},
    examples=[OpenApiExample("One month", value=[FIGURE_EXAMPLE])],
)
class FigureList(APIView):
    permission_classes = [HasRole]

    def get(self, request: Request) -> Response:
        query = s.FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = _area(data["area"])
        exact = sees_exact_figures(request.user)
        # The answer for the same figures, language and kind of reader is the same: held in
        # this process per generation, for as long as the pages built from them are.
        key = (
            generation_current(),
            get_language(),
            exact,
            area.pk,
            *(data.get(k) for k in ("measure", "from", "to", "month")),
        )
        answer = _FIGURE_ANSWERS.get(key)
        if answer is None:
            answer = self._answer(data, area, exact)
            _FIGURE_ANSWERS.put(key, answer)
        return Response(answer)

    @staticmethod
    def _answer(data: dict[str, Any], area: Area, exact: bool) -> list[dict[str, Any]]:
        if data.get("from") is not None:
            figures = trend_figures_between(
                measure=data["measure"], area=area, first=data["from"], last=data["to"]
            )
        else:
            one = trend_figure_for(measure=data["measure"], area=area, month=data.get("month"))
            figures = [one] if one is not None else []
        if not exact:
            # Board members and coordinators: the values the pages show them, hidden ones null.
            marks = series_marks_for(measure=data["measure"], area=area)
            figures = [figure_for_board(f, marks) for f in figures]
        threshold = threshold_for(MEASURES[data["measure"]].source)
        keys = [k for k in _FIGURE_KEYS if exact is False or k != "suppression"]
        return [
            {k: f.get(k) for k in keys}
            for f in (figure_with_headline(f, threshold=threshold) for f in figures)
        ]


_FIGURE_KEYS = list(s.FigureSerializer().fields)
# As long as a page's content is kept (dashboard/views.py): figures that change without a new
# generation (peer counts) are as fresh in the API as on the pages.
_FIGURE_ANSWERS = ProcessMemo(size=256, seconds=600)


def api_memos_clear() -> None:
    """Forget the answers this process holds (each test starts afresh)."""
    _FIGURE_ANSWERS.clear()


# --- hot spots ------------------------------------------------------------------------------

HOT_SPOT_RETRY_SECONDS = 30


class HotSpotsFailed(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "unavailable"


@extend_schema(
    summary="Hot spots",
    description="Getis–Ord Gi* hot spots of one measure over the partnership's LSOAs for a "
    "period (``from`` to ``to``, at most 36 months; default: the 12 months to the latest "
    "complete month the source covers), one result per LSOA: z-score, two-sided pseudo "
    "p-value from 999 seeded conditional permutations, the p-value after a false discovery "
    "rate correction, the class (hot or cold at 99/95/90% confidence) and the emerging "
    "hot-spot category over the 24 months to ``to``. Binary weights: LSOAs whose boundaries "
    "touch, overlap or lie within 5 m (British National Grid), the LSOA itself included; a "
    "2021 LSOA counts in its 2011 LSOA. Analysts and admins only (exact counts; board "
    "members see the classes on the pages, under suppression). Results are computed after "
    "each recompute and kept; a period not computed yet answers 202 and is computed in the "
    "background: ask again after ``Retry-After`` seconds. A period with a month the source "
    "does not cover has no hot spots (400).",
    parameters=[s.HotSpotsQuerySerializer],
    responses={
        200: s.HotSpotSerializer(many=True),
        202: OpenApiResponse(s.PendingSerializer, description="Being computed: ask again."),
        503: OpenApiResponse(
            s.HotSpotsErrorSerializer,
            description="The hot spots of this period could not be computed.",
        ),
    },
    examples=[OpenApiExample("Two LSOAs of 152", value=HOT_SPOTS_EXAMPLE)],
)
class HotSpotList(APIView):
    permission_classes = [HasRole, ModelPermissions]
    queryset = HotSpot.objects.none()  # names the model whose view permission a GET needs

    def get(self, request: Request) -> Response:
        query = s.HotSpotsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        measure, first, last = data["measure"], data.get("from"), data.get("to")
        if last is None and first is not None:
            last = add_months(first, 11)
        if last is None:
            last = hot_spot_latest_month(measure=measure)
            if last is None:
                raise s.serializers.ValidationError(
                    {"measure": ["There are no figures for this measure yet."]}
                )
        first = first or add_months(last, -11)
        period = hot_spot_period_request(measure=measure, first=first, last=last)
        if period.status in (HotSpotPeriod.Status.PENDING, HotSpotPeriod.Status.RUNNING):
            return Response(
                {
                    "code": "pending",
                    "message": "These hot spots are being computed: ask again in "
                    f"{HOT_SPOT_RETRY_SECONDS} seconds.",
                    "retry_after": HOT_SPOT_RETRY_SECONDS,
                },
                status=status.HTTP_202_ACCEPTED,
                headers={"Retry-After": str(HOT_SPOT_RETRY_SECONDS)},
            )
        if period.status == HotSpotPeriod.Status.NOT_COVERED:
            raise s.serializers.ValidationError({"to": [period.message]})
        if period.status == HotSpotPeriod.Status.NO_PLACES:
            raise s.serializers.ValidationError({"measure": [period.message]})
        if period.status == HotSpotPeriod.Status.FAILED:
            raise HotSpotsFailed(period.message)
        return Response(
            [
                {
                    "lsoa": spot.area.code,
                    "name": spot.area.name,
                    "ward": spot.area.parent.code if spot.area.parent else "",
                    "ward_name": spot.area.parent.name if spot.area.parent else "",
                    "count": spot.count,
                    "z": spot.z,
                    "p": spot.p,
                    "p_fdr": spot.p_fdr,
                    "class": spot.hot_class,
                    "trend": spot.trend or None,
                }
                for spot in hot_spots_of(period=period)
            ]
        )


@extend_schema(
    summary="How an area compares",
    description="A local authority among local authorities, a community safety partnership among "
    "partnerships or a force among forces, for a police.uk measure: the funnel plot's verdict, "
    "the rank of the 12-month and two-year changes with the rank's 95% interval, the areas "
    "left out (their 12 months lack data) and the most similar areas, as ``figures --json`` "
    "gives under ``compare``; and every area of the level. Board members and coordinators get "
    "counts under the police.uk threshold hidden (null, with ``suppressed``).",
    parameters=[s.ComparisonQuerySerializer],
    responses={200: s.ComparisonSerializer},
    examples=[
        OpenApiExample(
            "Milton Keynes among partnerships",
            value={
                "measure": "knife-crime",
                "area": "E22000116",
                "month": "2025-06",
                "compare": {
                    "level": "csp",
                    "rank_12m": 12,
                    "rank_12m_low": 4,
                    "rank_12m_high": 41,
                    "rank_24m": 30,
                    "rank_24m_low": 9,
                    "rank_24m_high": 88,
                    "areas_ranked": 296,
                    "areas_excluded": 2,
                    "funnel": "above 95%",
                    "national_rate": 0.85,
                    "similar_areas": ["E22000038", "E22000150"],
                    "similar_verdict": "higher",
                },
                "areas": [
                    {
                        "code": "E22000116",
                        "name": "Milton Keynes",
                        "count": 312,
                        "rate": 1.05,
                        "funnel": "above 95%",
                        "rank_12m": 12,
                        "rank_12m_low": 4,
                        "rank_12m_high": 41,
                        "change_12m_pct": 18.2,
                        "no_data_months": [],
                        "suppressed": None,
                    }
                ],
            },
            response_only=True,
        )
    ],
)
class ComparisonView(APIView):
    permission_classes = [HasRole]

    def get(self, request: Request) -> Response:
        query = s.ComparisonQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = _area(data["area"])
        month = data.get("month")
        if month is None:
            latest = trend_figure_for(measure=data["measure"], area=area)
            if latest is None:
                raise NotFound("There are no figures of this measure for the area yet.")
            month = date.fromisoformat(latest["month"] + "-01")
        compared = comparison_for(measure=data["measure"], area=area, month=month)
        if compared is None:
            raise s.serializers.ValidationError(
                {"area": ["Give a local authority, partnership or force code."]}
            )
        threshold = (
            None
            if sees_exact_figures(request.user)
            else threshold_for(MEASURES[data["measure"]].source)
        )
        areas = compared.published_rows.get(threshold)
        if areas is None:
            # Kept with the comparison (held per generation): the same rows for every reader
            # of the same threshold.
            areas = compared.published_rows[threshold] = _comparison_rows(compared, threshold)
        return Response(
            {
                "measure": data["measure"],
                "area": area.code,
                "month": f"{month:%Y-%m}",
                "compare": compared.as_json(),
                "areas": areas,
            }
        )


def _comparison_rows(compared: Comparison, threshold: int | None) -> list[dict[str, Any]]:
    """Every area of the comparison as the API gives it, counts under ``threshold`` hidden."""
    ranks = compared.all_ranks.get(12, {})
    areas = []
    for row in compared.areas.sort_values("code").itertuples():
        count = None if pd.isna(row.count) else int(row.count)  # None or NaN: no data
        hidden = threshold is not None and count is not None and 0 < count < threshold
        rank = ranks.get(row.code)
        areas.append(
            {
                "code": row.code,
                "name": row.name,
                "count": None if hidden else count,
                "rate": None if hidden or pd.isna(row.rate) else float(row.rate),
                "funnel": row.funnel,
                "rank_12m": rank.rank if rank else None,
                "rank_12m_low": rank.low if rank else None,
                "rank_12m_high": rank.high if rank else None,
                "change_12m_pct": None if hidden or rank is None else rank.change_pct,
                "no_data_months": row.no_data,
                "suppressed": f"<{threshold}" if hidden else None,
            }
        )
    return areas


# --- incidents and imports ------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Incidents (record level)",
        description="Incidents, oldest first, 100 a page by cursor (follow ``next``). "
        "Analysts and admins only: board members and coordinators see figures, never records. "
        "Filter by month range, area (any level), category and source.",
        parameters=[s.IncidentQuerySerializer],
        examples=[
            OpenApiExample(
                "A knife crime",
                value={
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "id": 1,
                            "source": "partnership",
                            "source_ref": "MK-2025-0001",
                            "month": "2025-01-01",
                            "occurred_on": "2025-01-14",
                            "arrived_on": None,
                            "category": "violence-and-sexual-offences",
                            "force": "Thames Valley Police",
                            "location": "On or near High Street",
                            "lsoa_code": "E01016717",
                            "lsoa_name": "Milton Keynes 001A",
                            "la_code": "E06000042",
                            "longitude": -0.76,
                            "latitude": 52.04,
                            "last_outcome": "",
                            "knife": True,
                            "firearm": False,
                            "public_place": True,
                            "domestic": False,
                            "victim_age_band": "16-24",
                            "batch": 3,
                        }
                    ],
                },
            )
        ],
    )
)
class IncidentList(generics.ListAPIView):
    serializer_class = s.IncidentSerializer
    permission_classes = [HasRole, ModelPermissions]
    pagination_class = IncidentCursor
    queryset = Incident.objects.all()

    def get_queryset(self) -> Any:
        query = s.IncidentQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        # Plain rows, not model instances: a page of 100 is read and written as dicts.
        return incidents_list(
            area=_area(data["area"]) if "area" in data else None,
            first=data.get("from"),
            last=data.get("to"),
            category=data.get("category"),
            source=data.get("source"),
            fields=s.INCIDENT_FIELDS,
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        for row in page or []:
            row["batch"] = row.pop("batch_id")
        return self.get_paginated_response(page)


def _batch_data(request: Request, batch: ImportBatch) -> dict[str, Any]:
    data = import_batch_summary(batch=batch)
    data["url"] = request.build_absolute_uri(reverse("api:import-detail", args=[batch.pk]))
    return data


@extend_schema_view(
    list=extend_schema(
        summary="Imports",
        description="Recent imports, newest first, with their status and counts.",
        responses={200: s.ImportBatchSerializer(many=True)},
        examples=[OpenApiExample("Imports", value=page_of(BATCH))],
    ),
    retrieve=extend_schema(
        summary="One import",
        description="An import's status, progress, counts and row-level problems (line, "
        "column, reason). Poll it until ``status`` is ``done`` or ``failed``.",
        responses={200: s.ImportBatchSerializer},
        examples=[OpenApiExample("Imported", value=BATCH)],
    ),
    create=extend_schema(
        summary="Upload a file to import",
        description="Multipart upload of one incident CSV (police.uk, the partnership "
        "template or a hospital extract). Answers 202 at once with the import's URL; the "
        "import runs in the background under the same rules as the upload page.",
        request={"multipart/form-data": s.ImportUploadSerializer},
        responses={202: s.ImportBatchSerializer},
        examples=[
            OpenApiExample(
                "Queued",
                response_only=True,
                status_codes=["202"],
                value={
                    "id": 12,
                    "url": "https://mkviolence.example.org/api/v1/imports/12/",
                    "file": "2025-01-thames-valley-street.csv",
                    "format": "",
                    "status": "pending",
                    "status_label": "Waiting to start",
                    "progress": 0,
                    "read": 0,
                    "stored": 0,
                    "updated": 0,
                    "duplicates": 0,
                    "replaced": 0,
                    "rejected": 0,
                    "unknown_lsoa": 0,
                    "outside_uk": 0,
                    "period": None,
                    "message": "",
                    "same_file_as": None,
                    "errors": [],
                },
            )
        ],
    ),
)
class ImportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [HasRole, ModelPermissions]
    queryset = ImportBatch.objects.all()
    serializer_class = s.ImportBatchSerializer
    pagination_class = Pages
    parser_classes = [MultiPartParser, FormParser]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(import_batches_newest())
        return self.get_paginated_response([_batch_data(request, b) for b in page or []])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(_batch_data(request, self.get_object()))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if getattr(request._request, "upload_too_large", False):
            raise s.serializers.ValidationError(
                {"file": ["The file is larger than an upload may be (MAX_UPLOAD_MB)."]}
            )
        upload = s.ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        with transaction.atomic():
            batch = import_batch_create(
                upload=data["file"],
                uploaded_by=request.user,
                requested_format=data["format"],
                store_valid_rows=data["store_valid_rows"],
                period=data["period"],
            )
            import_batch_enqueue(batch)
        batch.refresh_from_db()  # the message says if the job queue was down
        body = _batch_data(request, batch)
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


# --- strategy -------------------------------------------------------------------------------

WRITE = ["get", "post", "patch", "head", "options"]


def _crud_docs(noun: str, plural: str, read: str, write: str, example: dict[str, Any]) -> Any:
    body = {k: v for k, v in example.items() if k != "id"}
    return extend_schema_view(
        list=extend_schema(
            summary=plural.capitalize(),
            description=read,
            examples=[OpenApiExample(plural, value=page_of(example))],
        ),
        retrieve=extend_schema(
            summary=f"One {noun}", description=read, examples=[OpenApiExample(noun, value=example)]
        ),
        create=extend_schema(
            summary=f"Add a {noun}",
            description=write,
            examples=[
                OpenApiExample(noun, value=body, request_only=True),
                OpenApiExample(noun, value=example, response_only=True, status_codes=["201"]),
            ],
        ),
        partial_update=extend_schema(
            summary=f"Change a {noun}",
            description=write,
            examples=[OpenApiExample(noun, value=example)],
        ),
    )


@_crud_docs(
    "partner",
    "partner organisations",
    "Partner organisations of the partnership. Every role reads them.",
    "Coordinators and admins add and change partners, as on the partners page.",
    PARTNER,
)
class PartnerViewSet(viewsets.ModelViewSet):
    permission_classes = [HasRole, ModelPermissions]
    queryset = PartnerOrganisation.objects.all()
    serializer_class = s.PartnerSerializer
    pagination_class = Pages
    http_method_names = WRITE


@_crud_docs(
    "strategy",
    "strategies",
    "The partnership's strategies; one is current. Every role reads them.",
    "Coordinators and admins add and change strategies; making one current makes the others not.",
    STRATEGY,
)
class StrategyViewSet(viewsets.ModelViewSet):
    permission_classes = [HasRole, ModelPermissions]
    queryset = Strategy.objects.all()
    serializer_class = s.StrategySerializer
    pagination_class = Pages
    http_method_names = WRITE

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer)

    @transaction.atomic
    def _save(self, serializer: Any) -> None:
        saved = serializer.save()
        if saved.is_current:
            strategy_make_current(strategy=saved)


@_crud_docs(
    "priority",
    "priorities",
    "The priorities of each strategy, in order. Every role reads them.",
    "Coordinators and admins add and rename priorities; a new one goes last.",
    PRIORITY,
)
class PriorityViewSet(viewsets.ModelViewSet):
    permission_classes = [HasRole, ModelPermissions]
    queryset = Priority.objects.all()
    serializer_class = s.PrioritySerializer
    pagination_class = Pages
    http_method_names = WRITE

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = priority_save(
            strategy=data["strategy"], title=data["title"], description=data.get("description", "")
        )

    def perform_update(self, serializer: Any) -> None:
        priority = serializer.instance
        data = serializer.validated_data
        serializer.instance = priority_save(
            strategy=priority.strategy,  # the serializer refuses another
            priority=priority,
            title=data.get("title", priority.title),
            description=data.get("description", priority.description),
        )


@extend_schema_view(
    list=extend_schema(
        summary="Actions",
        description="Strategy actions with their RAG "
        "status. Every role reads them. Filter by strategy, priority, status.",
        parameters=[
            OpenApiParameter("strategy", OpenApiTypes.INT),
            OpenApiParameter("priority", OpenApiTypes.INT),
            OpenApiParameter("status", OpenApiTypes.STR),
        ],
        examples=[OpenApiExample("Actions", value=page_of(ACTION))],
    ),
    retrieve=extend_schema(
        summary="One action",
        description="An action and its status.",
        examples=[OpenApiExample("Action", value=ACTION)],
    ),
    create=extend_schema(
        summary="Add an action",
        description="Coordinators and admins; the "
        "creation is the first entry of the action's history.",
        examples=[OpenApiExample("Action", value=ACTION)],
    ),
    partial_update=extend_schema(
        summary="Change an action",
        description="Coordinators and admins. Every change goes into the action's history "
        "with who made it; a move to at risk or off track, or a new due date, needs a "
        "``note``. Errors name the field.",
        examples=[
            OpenApiExample(
                "Off track",
                request_only=True,
                value={"status": "off-track", "progress": 20, "note": "The venue withdrew."},
            )
        ],
    ),
)
class ActionViewSet(viewsets.ModelViewSet):
    permission_classes = [HasRole, ModelPermissions]
    queryset = Action.objects.all()
    serializer_class = s.ActionSerializer
    pagination_class = Pages
    http_method_names = WRITE

    def get_queryset(self) -> QuerySet[Action]:
        ids = {}
        for key in ("strategy", "priority"):
            value = self.request.query_params.get(key)
            if value is not None:
                if not value.isdigit() or len(value) > 12:
                    raise s.serializers.ValidationError({key: ["Give a whole number (an id)."]})
                ids[key] = int(value)
        return actions_list(
            strategy_id=ids.get("strategy"),
            priority_id=ids.get("priority"),
            status=self.request.query_params.get("status"),
        )

    @transaction.atomic
    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        partners = data.pop("supporting_partners", [])
        note = data.pop("note", "")
        serializer.instance = action_create(
            made_by=self.request.user, via="api", note=note, supporting_partners=partners, **data
        )

    @transaction.atomic
    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        note = data.pop("note", "")
        partners = data.pop("supporting_partners", None)
        action_update(
            action_id=serializer.instance.pk,
            made_by=self.request.user,
            via="api",
            note=note,
            supporting_partners=partners,
            **data,
        )
        serializer.instance = action_get(action_id=serializer.instance.pk)


@extend_schema_view(
    get=extend_schema(
        summary="An action's history",
        description="Every update of the action, newest first: who, when, "
        "the status before and after, the note and each field changed.",
        examples=[OpenApiExample("History", value=page_of(UPDATE))],
    ),
    post=extend_schema(
        summary="Update an action's status",
        description="Coordinators and admins: a new status and progress, with a "
        "note (needed for at risk and off track), as on the action page.",
        request=s.ActionUpdateCreateSerializer,
        responses={
            201: s.ActionUpdateSerializer,
            204: OpenApiResponse(description="Nothing changed."),
        },
        examples=[
            OpenApiExample(
                "At risk",
                request_only=True,
                value={"status": "at-risk", "progress": 40, "note": "Funding delayed."},
            )
        ],
    ),
)
class ActionUpdateList(generics.ListCreateAPIView):
    permission_classes = [HasRole, ModelPermissions]
    serializer_class = s.ActionUpdateSerializer
    pagination_class = Pages
    queryset = ActionUpdate.objects.none()  # for the model permissions

    def _action(self) -> Action:
        action = action_get(action_id=self.kwargs["action_id"])
        if action is None:
            raise NotFound("There is no such action.")
        return action

    def get_queryset(self) -> QuerySet[ActionUpdate]:
        return action_updates_newest(action=self._action())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.has_perm("strategy.change_action"):
            raise PermissionDenied()
        action = self._action()
        body = s.ActionUpdateCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        update = action_update_status(
            action_id=action.pk, made_by=request.user, via="api", **body.validated_data
        )
        if update is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(s.ActionUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar wheel; its start-up script is a file of its own (served by
    this view with ``?script=``), so the Content Security Policy keeps ``script-src 'self'``.
    Refusals are JSON, as everywhere under /api/."""

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Your alert subscriptions",
        description="The measures and areas you are told about (alerts page). Board members, "
        "coordinators and admins.",
        examples=[OpenApiExample("subscriptions", value=page_of(SUBSCRIPTION))],
    ),
    retrieve=extend_schema(
        summary="One of your alert subscriptions",
        examples=[OpenApiExample("subscription", value=SUBSCRIPTION)],
    ),
    create=extend_schema(
        summary="Subscribe to a measure in an area",
        description="Creates your subscription, or replaces the one you have for the same "
        "measure and area. A threshold (figure, direction, value) alerts when the figure goes "
        "past it and again when it is back past the reset (default 10% back).",
        examples=[
            OpenApiExample(
                "subscription",
                value={
                    k: v
                    for k, v in SUBSCRIPTION.items()
                    if k not in ("id", "threshold_state", "created_at")
                },
                request_only=True,
            ),
            OpenApiExample(
                "subscription", value=SUBSCRIPTION, response_only=True, status_codes=["201"]
            ),
        ],
    ),
    partial_update=extend_schema(
        summary="Change one of your alert subscriptions",
        examples=[OpenApiExample("subscription", value=SUBSCRIPTION)],
    ),
    destroy=extend_schema(
        summary="Unsubscribe",
        description="Removes one of your subscriptions (204); someone else's is not found (404).",
        parameters=[
            OpenApiParameter(
                "id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="The subscription's id.",
                examples=[OpenApiExample("subscription", value=7)],
            )
        ],
    ),
)
class AlertSubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Each person sees and changes only their own subscriptions, through the same services as
    the alerts page."""

    permission_classes = [HasRole, ModelPermissions]
    queryset = AlertSubscription.objects.all()
    serializer_class = s.AlertSubscriptionSerializer
    pagination_class = Pages
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[AlertSubscription]:
        return (
            AlertSubscription.objects.filter(user=self.request.user)
            .select_related("area")
            .order_by("id")
        )

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = alert_subscription_save(
            user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        current: AlertSubscription = serializer.instance
        fields = {
            name: serializer.validated_data.get(name, getattr(current, name))
            for name in (
                "significance",
                "new_data",
                "threshold_figure",
                "threshold_direction",
                "threshold_value",
                "threshold_reset",
            )
        }
        serializer.instance = alert_subscription_save(
            user=self.request.user, measure=current.measure, area=current.area, **fields
        )

    def perform_destroy(self, instance: AlertSubscription) -> None:
        alert_subscription_delete(user=self.request.user, subscription_id=instance.pk)
