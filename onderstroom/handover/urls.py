from django.urls import path

from onderstroom.handover import views

app_name = "handover"
urlpatterns = [
    path("groups/<uuid:uuid>/handover/", views.group, name="group"),
    path("children/<uuid:uuid>/handover", views.write, name="write"),
    path("children/<uuid:uuid>/handover/remove", views.remove, name="remove"),
    path("children/<uuid:uuid>/handover.pdf", views.child_pdf, name="child_pdf"),
]
