from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.alerts_page, name="list"),
    path("subscriptions/", views.subscribe, name="subscribe"),
    path("subscriptions/<int:subscription_id>/delete/", views.unsubscribe, name="unsubscribe"),
    path("board-pack/", views.board_pack_schedule, name="board-pack"),
]
