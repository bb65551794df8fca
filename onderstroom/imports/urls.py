from django.urls import path

from onderstroom.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:uuid>/", views.preview, name="preview"),
    path("<uuid:uuid>/confirm/", views.confirm, name="confirm"),
    path("<uuid:uuid>/cancel/", views.cancel, name="cancel"),
    path("<uuid:uuid>/result/", views.result, name="result"),
]
