from django.urls import path

from onderstroom.questionnaires import admin_views, child_views, views

app_name = "questionnaires"
urlpatterns = [
    path("groups/<uuid:uuid>/moments/", views.moments, name="moments"),
    path("groups/<uuid:uuid>/relations/", views.overview, name="overview"),
    path("groups/<uuid:uuid>/relations.pdf", views.overview_pdf, name="overview_pdf"),
    path("moments/<uuid:uuid>/edit/", views.moment_edit, name="moment_edit"),
    path("moments/<uuid:uuid>/rate/", views.rate, name="rate"),
    path("moments/<uuid:uuid>/rate/answers", views.rate_answers, name="rate_answers"),
    path("moments/<uuid:uuid>/read-aloud/", views.read_aloud, name="read_aloud"),
    path("moments/<uuid:uuid>/reliability/", views.reliability_view, name="reliability"),
    path("moments/<uuid:uuid>/export/<uuid:version>.<str:fmt>", views.export, name="export"),
    path("children/<uuid:uuid>/relations.pdf", views.child_pdf, name="child_pdf"),
    path("school/instruments/", admin_views.instruments, name="instruments"),
    path("school/instruments/<uuid:uuid>/", admin_views.instrument, name="instrument"),
    path("school/relations/", admin_views.school, name="school"),
    path("school/relations.pdf", admin_views.school_pdf, name="school_pdf"),
    path("research/", admin_views.research_page, name="research"),
    path("research/export.zip", admin_views.research_export, name="research_export"),
    path("research/consent", admin_views.research_consent, name="research_consent"),
    path("leerling/vragenlijst/", child_views.start, name="child_start"),
    path("leerling/vragenlijst/<uuid:moment>/<uuid:teacher>/", child_views.form, name="child_form"),
    path(
        "leerling/vragenlijst/<uuid:moment>/<uuid:teacher>/antwoorden",
        child_views.answers,
        name="child_answers",
    ),
]
