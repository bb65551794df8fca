from django.urls import path

from onderstroom.schools import admin_views, views

app_name = "schools"
urlpatterns = [
    path("groups/", views.my_groups, name="my_groups"),
    path("groups/<uuid:uuid>/", views.group, name="group"),
    path("children/<uuid:uuid>/", views.child, name="child"),
    path("children/<uuid:uuid>/photo", views.child_photo, name="child_photo"),
    path("switch-school", views.switch_school, name="switch_school"),
    path("school/staff/", admin_views.staff, name="staff"),
    path("school/groups/", admin_views.groups_manage, name="groups_manage"),
    path("board/", admin_views.board, name="board"),
]
