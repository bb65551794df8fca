from django.urls import path

from onderstroom.jobs import views

app_name = "jobs"
urlpatterns = [
    path("files/<uuid:uuid>/", views.job, name="job"),
    path("files/<uuid:uuid>/download", views.download, name="download"),
]
