from django.urls import path

from onderstroom.interactions import views

app_name = "interactions"
urlpatterns = [
    path("groups/<uuid:uuid>/interactions/log", views.logger, name="logger"),
    path("groups/<uuid:uuid>/interactions/taps", views.taps, name="taps"),
    path("groups/<uuid:uuid>/interactions/undo", views.undo, name="undo"),
    path("groups/<uuid:uuid>/interactions/share", views.share, name="share"),
    path("groups/<uuid:uuid>/interactions/", views.turns, name="turns"),
    path("groups/<uuid:uuid>/interactions/balance", views.balance, name="balance"),
    path("groups/<uuid:uuid>/interactions/not-noticed", views.unnoticed, name="unnoticed"),
    path("groups/<uuid:uuid>/interactions/distribution", views.distribution, name="distribution"),
    # The place a signal about a child points to: "look at the interaction balance".
    path(
        "groups/<uuid:group>/interactions/children/<uuid:child>/", views.child_balance, name="child_balance"
    ),
]
