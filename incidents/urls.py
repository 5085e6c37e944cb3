from django.urls import path

from . import views
from .policeuk import views as policeuk_views

app_name = "incidents"

urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("coverage/", views.coverage, name="coverage"),
    path("policeuk/", policeuk_views.policeuk_page, name="policeuk"),
    path("policeuk/check/", policeuk_views.policeuk_check, name="policeuk-check"),
    path("population/", views.population_upload, name="population-upload"),
    path("<int:batch_id>/", views.import_detail, name="import-detail"),
    path("<int:batch_id>/status.json", views.import_status, name="import-status"),
    path("<int:batch_id>/problems.csv", views.import_errors_csv, name="import-errors-csv"),
    path("<int:batch_id>/retry/", views.import_retry, name="import-retry"),
    path("templates/<str:name>", views.template_download, name="template"),
]
