from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onderstroom.schools.access import staff_view


def login(request: HttpRequest) -> HttpResponse:
    error = False
    if request.method == "POST":
        user = auth.authenticate(
            request, email=request.POST.get("email", ""), password=request.POST.get("password", "")
        )
        if user is not None:
            auth.login(request, user)
            return redirect("core:home")
        error = True
    return render(request, "accounts/login.html", {"error": error})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("accounts:login")


@staff_view()
def settings(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html", {})


@staff_view()
def password(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html", {})
