from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from onderstroom.schools.access import child_view, staff_view


@require_POST
@staff_view()
def open_session(request: HttpRequest, uuid: UUID) -> HttpResponse:
    raise NotImplementedError


@staff_view()
def login_cards(request: HttpRequest, uuid: UUID) -> HttpResponse:
    raise NotImplementedError


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "childsessions/start.html", {})


@child_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "childsessions/start.html", {})


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    return render(request, "childsessions/start.html", {})
