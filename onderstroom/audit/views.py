from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onderstroom.schools.access import staff_view
from onderstroom.schools.models import Role


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    return render(request, "audit/log.html", {})
