from django.urls import path

from onderstroom.mapping import child_views, views

app_name = "mapping"
urlpatterns = [
    path("school/relationship-mapping/", views.overview, name="overview"),
    path("school/relationship-mapping/settings", views.settings, name="settings"),
    path("school/relationship-mapping/board", views.board, name="board"),
    path("relationship-mapping/<uuid:uuid>/", views.round_page, name="round"),
    path("relationship-mapping/<uuid:uuid>/marks", views.marks, name="marks"),
    path("relationship-mapping/<uuid:uuid>/photo/<uuid:child>", views.photo, name="photo"),
    path("relationship-mapping/<uuid:uuid>/close", views.close, name="close"),
    path("relationship-mapping/<uuid:uuid>/offer", views.offer, name="offer"),
    path("relationship-mapping/<uuid:uuid>/map", views.map_page, name="map"),
    path("relationship-mapping/<uuid:uuid>/champion", views.set_champion, name="set_champion"),
    path("relationship-mapping/champions/<uuid:uuid>/", views.champion, name="champion"),
    path("leerling/volwassenen/<uuid:uuid>/", child_views.answer, name="child"),
    path("leerling/volwassenen/<uuid:uuid>/foto/<uuid:adult>", child_views.adult_photo, name="adult_photo"),
]
