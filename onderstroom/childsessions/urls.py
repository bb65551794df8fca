from django.urls import path

from onderstroom.childsessions import views

app_name = "childsessions"
urlpatterns = [
    path("groups/<uuid:uuid>/sessions/open", views.open_session, name="open"),
    path("groups/<uuid:uuid>/login-cards.pdf", views.login_cards, name="login_cards"),
    path("leerling/", views.start, name="start"),
    path("leerling/start/", views.home, name="home"),
    path("leerling/stop", views.leave, name="leave"),
]
