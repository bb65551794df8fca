from django.urls import path

from onderstroom.actionplan import views

app_name = "actionplan"
urlpatterns = [
    path("actions/", views.action_list, name="list"),
    path("actions/new", views.new_school, name="new_school"),
    path("groups/<uuid:uuid>/actions/new", views.new_class, name="new_class"),
    path("children/<uuid:uuid>/actions/new", views.new_relationship, name="new_relationship"),
    path("actions/<uuid:uuid>/", views.action, name="action"),
    path("actions/<uuid:uuid>/follow-up", views.followup, name="followup"),
    path("actions/<uuid:uuid>/review", views.review, name="review"),
]
