from uuid import UUID

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onderstroom.audit import log
from onderstroom.core.net import allow_caching
from onderstroom.core.panels import child_panels, group_panels
from onderstroom.schools import access, services
from onderstroom.schools.access import ActorHttpRequest, StaffHttpRequest, staff_view
from onderstroom.schools.forms import PhotoForm
from onderstroom.schools.middleware import ACTIVE_SCHOOL_KEY
from onderstroom.schools.models import Enrollment, Role


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
            "is_teacher": actor.teaches(group),
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
        "group": access.visible_group_of(actor, child),
        "panels": child_panels.render_all(request, child),
        "photo_form": PhotoForm.for_child(bool(child.photo)),
    }
    return render(request, "schools/child.html", context)


@require_GET
def child_photo(request: ActorHttpRequest, uuid: UUID) -> FileResponse:
    """A child's photo, for staff who may see the child or a child signed in to the same group."""
    photo_child = access.get_photo_child(request.actor, uuid)
    if not photo_child.photo:
        raise Http404
    log.record_reads(request.actor, "schools.photo.view", [photo_child])
    response = FileResponse(photo_child.photo.open("rb"), content_type="image/jpeg")
    # Deliberately cached: a class of name buttons or a group page asks for many photos at once.
    return allow_caching(response, "private, max-age=300")


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


# --- invitations to another school --------------------------------------------------------------


@require_GET
@staff_view()
def invitations(request: StaffHttpRequest) -> HttpResponse:
    """The signed-in person's own invitations; nobody else's, whatever their role."""
    context = {"invitations": services.invitations_for(request.actor.user)}
    return render(request, "schools/invitations.html", context)


@require_POST
@staff_view()
def invitation_accept(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    invitation = services.answer_invitation(request.actor, uuid, accept=True)
    request.session[ACTIVE_SCHOOL_KEY] = invitation.school_id
    messages.success(request, _("You now also work at %(school)s.") % {"school": invitation.school.name})
    return redirect("core:home")


@require_POST
@staff_view()
def invitation_decline(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    invitation = services.answer_invitation(request.actor, uuid, accept=False)
    messages.info(
        request, _("You declined the invitation of %(school)s.") % {"school": invitation.school.name}
    )
    return redirect("schools:invitations")
