"""/api/v1/: the routes, the OpenAPI schema and its interactive documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.include_format_suffixes = False  # JSON only
router.register("imports", views.ImportViewSet, basename="import")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("strategies", views.StrategyViewSet, basename="strategy")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("actions", views.ActionViewSet, basename="action")
router.register(
    "alert-subscriptions", views.AlertSubscriptionViewSet, basename="alert-subscription"
)

urlpatterns = [
    path("measures/", views.MeasureList.as_view(), name="measures"),
    path("areas/", views.AreaList.as_view(), name="areas"),
    path("figures/", views.FigureList.as_view(), name="figures"),
    path("incidents/", views.IncidentList.as_view(), name="incidents"),
    path("hot-spots/", views.HotSpotList.as_view(), name="hot-spots"),
    path("comparisons/", views.ComparisonView.as_view(), name="comparisons"),
    path(
        "actions/<int:action_id>/updates/", views.ActionUpdateList.as_view(), name="action-updates"
    ),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
