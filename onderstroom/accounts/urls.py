from django.urls import path

from onderstroom.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("", views.settings, name="settings"),
    path("password/", views.password, name="password"),
]
