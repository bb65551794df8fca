from django.urls import path

from onderstroom.imports import views

app_name = "imports"
urlpatterns = [path("", views.start, name="start")]
