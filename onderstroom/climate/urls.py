from django.urls import path

from onderstroom.climate import child_views, views

app_name = "climate"
urlpatterns = [
    path("groups/<uuid:uuid>/climate/", views.group, name="group"),
    path("climate/moments/<uuid:uuid>/", views.result, name="result"),
    path("climate/moments/<uuid:uuid>/board", views.board, name="board"),
    path("climate/moments/<uuid:uuid>/practice", views.practice, name="practice"),
    path("climate/vision/", views.vision, name="vision"),
    path("climate/vision/delete", views.vision_delete, name="vision_delete"),
    path("climate/school/", views.school, name="school"),
    path("climate/school/report.pdf", views.school_pdf, name="school_pdf"),
    path("climate/school/open", views.open_round, name="open_round"),
    path("climate/school/form", views.staff_form, name="staff_form"),
    path("climate/research.csv", views.research_export, name="research"),
    path("leerling/klimaat/", child_views.start, name="child_start"),
    path("leerling/klimaat/<str:kind>/", child_views.form, name="child_form"),
    path("leerling/klimaat/<str:kind>/answers", child_views.answers, name="child_answers"),
]
