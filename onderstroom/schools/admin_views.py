"""Screens of the school administrator and the board administrator: no individual child data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onderstroom.schools.access import staff_view
from onderstroom.schools.models import Role


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def staff(request: HttpRequest) -> HttpResponse:
    return render(request, "schools/admin/staff.html", {})


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def groups_manage(request: HttpRequest) -> HttpResponse:
    return render(request, "schools/admin/groups.html", {})


@require_GET
@staff_view(board=True)
def board(request: HttpRequest) -> HttpResponse:
    return render(request, "schools/admin/board.html", {})
