from django.urls import path

from onderstroom.constellations import views

app_name = "constellations"
urlpatterns = [
    path("groups/<uuid:uuid>/constellations/", views.group_list, name="group_list"),
    path("groups/<uuid:uuid>/constellations/new", views.new_class, name="new_class"),
    path("groups/<uuid:uuid>/constellations/compare", views.compare, name="compare"),
    path("children/<uuid:uuid>/constellations/new", views.new_personal, name="new_personal"),
    path("constellations/<uuid:uuid>/", views.board, name="board"),
    path("constellations/<uuid:uuid>/state", views.state, name="state"),
    path("constellations/<uuid:uuid>/events", views.event, name="event"),
    path("constellations/<uuid:uuid>/turn", views.give_turn, name="turn"),
    path("constellations/<uuid:uuid>/round-two", views.round_two, name="round_two"),
    path("constellations/<uuid:uuid>/close", views.close, name="close"),
    path("constellations/<uuid:uuid>/figures", views.add_figure, name="add_figure"),
    path("constellations/<uuid:uuid>/notes", views.add_note, name="note"),
    path("constellations/<uuid:uuid>/replay", views.replay, name="replay"),
    path("constellations/<uuid:uuid>/sociogram", views.next_to_sociogram, name="next_to_sociogram"),
    path("leerling/opstelling/<uuid:uuid>/", views.child_board, name="child_board"),
    path("leerling/opstelling/<uuid:uuid>/state", views.child_state, name="child_state"),
    path("leerling/opstelling/<uuid:uuid>/events", views.child_event, name="child_event"),
]
