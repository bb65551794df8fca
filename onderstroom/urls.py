from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("onderstroom.core.urls")),
    path("account/", include("onderstroom.accounts.urls")),
    path("", include("onderstroom.schools.urls")),
    path("school/audit/", include("onderstroom.audit.urls")),
    path("school/import/", include("onderstroom.imports.urls")),
    path("school/privacy/", include("onderstroom.privacy.urls")),
    path("", include("onderstroom.childsessions.urls")),
    path("", include("onderstroom.questionnaires.urls")),
    path("", include("onderstroom.interactions.urls")),
    path("", include("onderstroom.bankingtime.urls")),
    path("", include("onderstroom.reflection.urls")),
    path("", include("onderstroom.handover.urls")),
    path("", include("onderstroom.constellations.urls")),
    path("", include("onderstroom.sociogram.urls")),
    path("", include("onderstroom.mapping.urls")),
    path("", include("onderstroom.climate.urls")),
    path("", include("onderstroom.actionplan.urls")),
    path("", include("onderstroom.jobs.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler400 = "onderstroom.core.views.bad_request"
handler403 = "onderstroom.core.views.permission_denied"
handler404 = "onderstroom.core.views.page_not_found"
handler500 = "onderstroom.core.views.server_error"
