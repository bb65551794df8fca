from uuid import UUID

from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from onderstroom.audit import log
from onderstroom.core.panels import child_panels, group_panels
from onderstroom.schools import access
from onderstroom.schools.access import ActorHttpRequest, StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.middleware import ACTIVE_SCHOOL_KEY
from onderstroom.schools.models import Enrollment, Group, Role


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def my_groups(request: StaffHttpRequest) -> HttpResponse:
    groups = access.visible_groups(request.actor).annotate(child_count=Count("enrollments")).order_by("name")
    return render(request, "schools/my_groups.html", {"groups": groups})


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def group(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    group = access.get_visible_group(actor, uuid)
    enrollments = list(
        Enrollment.objects.filter(group=group)
        .select_related("child")
        .order_by("child__surname", "child__first_name")
    )
    log.record(actor, "group.view", obj=group, details={"children": len(enrollments)})
    return render(
        request,
        "schools/group.html",
        {
            "group": group,
            "enrollments": enrollments,
            "is_teacher": group.pk in actor.teacher_group_ids,
            "panels": group_panels.render_all(request, group),
        },
    )


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def child(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    child = access.read_child(actor, uuid)
    enrollments = list(
        child.enrollments.select_related("group", "school_year")
        .prefetch_related(Prefetch("group__assignments"))
        .order_by("-school_year__starts_on")
    )
    context = {
        "child": child,
        "enrollments": enrollments,
        "group": _current_group(actor, enrollments),
        "panels": child_panels.render_all(request, child),
    }
    return render(request, "schools/child.html", context)


def _current_group(actor: StaffActor, enrollments: list[Enrollment]) -> Group | None:
    """The group through which the actor sees the child this year: the page's way back."""
    return next(
        (
            e.group
            for e in enrollments
            if e.group_id in actor.child_group_ids and e.school_year == actor.school_year
        ),
        None,
    )


@require_GET
def child_photo(request: ActorHttpRequest, uuid: UUID) -> FileResponse:
    """A child's photo, for staff who may see the child or a child signed in to the same group."""
    actor = request.actor
    if actor.is_child:
        photo_child = access.classmate_for_child(actor, uuid)
    elif isinstance(actor, StaffActor):
        photo_child = access.visible_children(actor).filter(uuid=uuid).first()
    else:
        photo_child = None
    if photo_child is None or not photo_child.photo:
        raise Http404
    response = FileResponse(photo_child.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
@staff_view()
def switch_school(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    wanted = request.POST.get("school", "")
    school = next((s for s in actor.schools if str(s.uuid) == wanted), None)
    if school is None:
        raise Http404
    request.session[ACTIVE_SCHOOL_KEY] = school.pk
    return redirect("core:home")
