from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from onderstroom.core.net import allow_caching
from onderstroom.core.panels import home_items, home_panels
from onderstroom.schools import access
from onderstroom.schools.access import ActorHttpRequest, StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.models import Child, Group, Membership


@require_GET
def home(request: ActorHttpRequest) -> HttpResponse:
    if request.actor.is_child:
        return redirect("childsessions:home")
    if not isinstance(request.actor, StaffActor):
        return redirect("accounts:login")
    return staff_home(request)


@staff_view()
def staff_home(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    context: dict[str, object] = {}
    if actor.roles:
        context["waiting"] = home_items.collect_all(actor)
    if actor.is_teacher:
        context["teacher_groups"] = _with_counts(access.taught_groups(actor))
    if actor.is_care:
        context["care_groups"] = _with_counts(access.care_groups(actor))
    if actor.is_school_admin:
        context["school_counts"] = {
            "groups": Group.objects.filter(school_year=actor.school_year).count() if actor.school_year else 0,
            "children": Child.objects.count(),
            "staff": Membership.objects.values("user").distinct().count(),
        }
    context["panels"] = home_panels.render_all(request, actor)
    return render(request, "core/home.html", context)


def _with_counts(groups: QuerySet[Group]) -> list[Group]:
    return list(groups.annotate(child_count=Count("enrollments")).order_by("name"))


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own; answer without rendering a page."""
    return allow_caching(redirect(static("onderstroom/icon.svg"), permanent=True), "public, max-age=86400")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 400}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 403}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"status": 500}, status=500)
