from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("measures/", views.measure_index, name="measure-index"),
    path("measures/<slug:slug>/", views.measure, name="measure"),
    path("measures/<slug:slug>/embed/", views.measure_embed, name="measure-embed"),
    path("map/", views.area_map, name="map"),
    path("board-pack/", views.board_pack, name="board-pack"),
]
