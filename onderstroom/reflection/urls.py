from django.urls import path

from onderstroom.reflection import views

app_name = "reflection"
urlpatterns = [
    path("children/<uuid:uuid>/reflections/", views.journal, name="journal"),
    path("children/<uuid:uuid>/reflections/new", views.new, name="new"),
    path("reflections/<uuid:uuid>/", views.entry, name="entry"),
    path("reflections/<uuid:uuid>/edit", views.edit, name="edit"),
    path("reflections/<uuid:uuid>/share", views.share, name="share"),
    path("reflections/<uuid:uuid>/unshare", views.unshare, name="unshare"),
    path("reflections/<uuid:uuid>/delete", views.delete, name="delete"),
]
