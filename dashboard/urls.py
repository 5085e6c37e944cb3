from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("measures/", views.measure_index, name="measure-index"),
    path("measures/<slug:slug>/", views.measure, name="measure"),
    path("measures/<slug:slug>/embed/", views.measure_embed, name="measure-embed"),
    path("map/", views.area_map, name="map"),
    path("hot-spots/", views.hot_spots, name="hot-spots"),
    path("hot-spots/hot-spots.geojson", views.hot_spots_geojson, name="hot-spots-geojson"),
    path("hot-spots/places/", views.hot_spot_places, name="hot-spot-places"),
    path("compare/", views.compare, name="compare"),
    path("board-pack/", views.board_pack, name="board-pack"),
]
