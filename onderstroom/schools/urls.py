from django.urls import path

from onderstroom.schools import admin_views, views

app_name = "schools"
urlpatterns = [
    path("groups/", views.my_groups, name="my_groups"),
    path("groups/<uuid:uuid>/", views.group, name="group"),
    path("children/<uuid:uuid>/", views.child, name="child"),
    path("children/<uuid:uuid>/photo", views.child_photo, name="child_photo"),
    path("children/<uuid:uuid>/photo/upload", admin_views.child_photo_upload, name="child_photo_upload"),
    path("children/<uuid:uuid>/photo/remove", admin_views.child_photo_remove, name="child_photo_remove"),
    path("switch-school", views.switch_school, name="switch_school"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<uuid:uuid>/accept", views.invitation_accept, name="invitation_accept"),
    path("invitations/<uuid:uuid>/decline", views.invitation_decline, name="invitation_decline"),
    path("school/staff/", admin_views.staff, name="staff"),
    path("school/staff/add", admin_views.staff_add, name="staff_add"),
    path("school/staff/<uuid:uuid>/", admin_views.staff_member, name="staff_member"),
    path("school/staff/<uuid:uuid>/remove", admin_views.staff_remove, name="staff_remove"),
    path("school/groups/", admin_views.groups_manage, name="groups_manage"),
    path("school/years/<uuid:year>/groups/new", admin_views.group_create, name="group_create"),
    path("school/groups/<uuid:uuid>/", admin_views.group_edit, name="group_edit"),
    path("school/groups/<uuid:uuid>/assign", admin_views.group_assign, name="group_assign"),
    path("school/groups/<uuid:uuid>/unassign", admin_views.group_unassign, name="group_unassign"),
    path("school/holidays/", admin_views.holidays, name="holidays"),
    path("school/holidays/<uuid:uuid>/", admin_views.holiday_edit, name="holiday_edit"),
    path("school/holidays/<uuid:uuid>/remove", admin_views.holiday_remove, name="holiday_remove"),
    path("school/years/new", admin_views.year_create, name="year_create"),
    path("school/years/rollover", admin_views.year_rollover, name="year_rollover"),
    path("board/", admin_views.board, name="board"),
    path("board.pdf", admin_views.board_pdf_request, name="board_pdf"),
]
