from django.urls import path

from onderstroom.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("check", views.check_chain, name="check"),
]
