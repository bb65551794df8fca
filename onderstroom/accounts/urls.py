from django.urls import path

from onderstroom.accounts import oidc_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout, name="logout"),
    path("", views.settings, name="settings"),
    path("password/", views.password, name="password"),
    path("two-step/", views.totp_setup, name="totp_setup"),
    path("two-step/off/", views.totp_disable, name="totp_disable"),
    path("photo/", views.photo_upload, name="photo_upload"),
    path("photo/remove/", views.photo_remove, name="photo_remove"),
    path("photo.jpg", views.own_photo, name="photo"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("reset/<uuid:uuid>/", views.admin_reset_password, name="admin_reset_password"),
    path("new-password/<uuid:uuid>/<str:token>/", views.reset_confirm, name="reset_confirm"),
    path("school-sign-in/", oidc_views.school_sign_in, name="school_sign_in"),
    path("school-sign-in/callback/", oidc_views.callback, name="oidc_callback"),
    path("school-sign-in/<uuid:school>/", oidc_views.start, name="oidc_start"),
]
