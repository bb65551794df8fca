from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onderstroom.schools.access import staff_view
from onderstroom.schools.models import Role


@staff_view(Role.SCHOOL_ADMIN)
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "imports/start.html", {})
