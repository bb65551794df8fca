from django.urls import path

from onderstroom.bankingtime import views

app_name = "bankingtime"
urlpatterns = [
    path("groups/<uuid:uuid>/banking-time/", views.overview, name="overview"),
    path("groups/<uuid:uuid>/signals/", views.signals, name="signals"),
    path("children/<uuid:uuid>/banking-time/new", views.new_plan, name="new_plan"),
    path("banking-time/<uuid:uuid>/", views.plan, name="plan"),
    path("banking-time/<uuid:uuid>/edit", views.edit_plan, name="edit_plan"),
    path("banking-time/<uuid:uuid>/session", views.session, name="session"),
    path("banking-time/<uuid:uuid>/stop", views.stop, name="stop"),
]
