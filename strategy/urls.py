from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("", views.board, name="board"),
    path("actions/new/", views.action_edit, name="action-new"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("actions/<int:action_id>/update/", views.action_update_view, name="action-update"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action-edit"),
    path("meetings/", views.meetings, name="meetings"),
    path("import/", views.plan_import, name="import"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:partner_id>/", views.partners, name="partner-edit"),
    path("priorities/new/", views.priority_edit, name="priority-new"),
    path("priorities/<int:priority_id>/", views.priority_edit, name="priority-edit"),
    path("strategies/", views.strategies, name="strategies"),
    path("strategies/<int:strategy_id>/", views.strategies, name="strategy-edit"),
]
