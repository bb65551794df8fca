from django.urls import path

from onderstroom.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("access/new/", views.access_new, name="access_new"),
    path("access/<uuid:uuid>/", views.access_request, name="access"),
    path("access/<uuid:uuid>/pdf/", views.access_pdf, name="access_pdf"),
    path("access/<uuid:uuid>/zip/", views.access_zip, name="access_zip"),
    path("consents/", views.consents, name="consents"),
    path("consents/<uuid:uuid>/", views.consent, name="consent"),
    path("erasure/new/", views.erasure_new, name="erasure_new"),
    path("erasure/<uuid:uuid>/", views.erasure, name="erasure"),
    path("retention/", views.retention, name="retention"),
]
