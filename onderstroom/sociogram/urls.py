from django.urls import path

from onderstroom.sociogram import admin_views, child_views, views

app_name = "sociogram"
urlpatterns = [
    path("groups/<uuid:uuid>/peer-surveys/", views.surveys, name="surveys"),
    path("groups/<uuid:uuid>/peer-surveys/new", views.new, name="new"),
    path("peer-surveys/<uuid:uuid>/", views.results, name="results"),
    path("peer-surveys/<uuid:uuid>/sociogram.svg", views.sociogram, name="sociogram"),
    path("peer-surveys/<uuid:uuid>/report.pdf", views.report, name="report"),
    path("peer-surveys/<uuid:uuid>/close", views.close, name="close"),
    path("peer-surveys/<uuid:uuid>/reopen", views.reopen, name="reopen"),
    path("school/peer-surveys/", admin_views.settings, name="settings"),
    path("leerling/klasgenoten/<uuid:uuid>/", child_views.survey, name="survey"),
    path("leerling/klasgenoten/<uuid:uuid>/antwoord", child_views.answer, name="answer"),
]
