"""The teacher's handover: the group's list, and the note about one child."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.bankingtime import api as bankingtime
from onderstroom.core.errors import Refused
from onderstroom.core.pdf import pdf_response, render_pdf
from onderstroom.handover import services
from onderstroom.handover.access import (
    get_teacher_group,
    grace_last_day,
    own_note,
    own_notes_in,
    readable_notes,
    writer_enrollment,
)
from onderstroom.handover.forms import NoteForm
from onderstroom.handover.models import TEXT_FIELDS
from onderstroom.mapping import api as mapping
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.models import Enrollment, Role


@require_GET
@staff_view(Role.TEACHER)
def group(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The children of a group the teacher teaches, and for whom they wrote a note."""
    actor = request.actor
    taught = get_teacher_group(actor, uuid)
    enrollments = list(
        Enrollment.objects.filter(group=taught)
        .select_related("child")
        .order_by("child__surname", "child__first_name")
    )
    written = set(own_notes_in(actor, taught).values_list("child_id", flat=True))
    log.record(actor, "handover.group.view", obj=taught, details={"notes": len(written)})
    rows = [(e.child, e.child_id in written) for e in enrollments]
    earlier = actor.school_year is not None and taught.school_year_id != actor.school_year.pk
    context = {
        "group": taught,
        "rows": rows,
        "written": len(written),
        "last_year": earlier,
        "until": grace_last_day(actor.school_year) if earlier and actor.school_year else None,
    }
    return render(request, "handover/group.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def write(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Write or change the note of this year about one child of the teacher's group."""
    actor = request.actor
    enrollment = writer_enrollment(actor, uuid)
    note = own_note(actor, enrollment)
    status = 200
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                services.write_note(actor, enrollment, form.text())
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The handover note is saved."))
                return redirect("handover:group", enrollment.group.uuid)
        status = 400
    else:
        initial = (
            {name: getattr(note, name) for name in TEXT_FIELDS} if note else _first_draft(actor, enrollment)
        )
        form = NoteForm(initial=initial)
        if note is not None:
            log.record(actor, "handover.note.view", child=enrollment.child, obj=note)
    context = {"form": form, "child": enrollment.child, "group": enrollment.group, "note": note}
    return render(request, "handover/write.html", context, status=status)


@require_POST
@staff_view(Role.TEACHER)
def remove(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    enrollment = writer_enrollment(request.actor, uuid)
    services.remove_note(request.actor, enrollment)
    messages.success(request, _("The handover note is removed."))
    return redirect("handover:group", enrollment.group.uuid)


def _first_draft(actor: StaffActor, enrollment: Enrollment) -> dict[str, str]:
    """A new note starts with the themes of the teacher's own Banking Time plans with the child."""
    themes = bankingtime.own_themes_with(actor, enrollment.child)
    return {"themes": "; ".join(themes)} if themes else {}


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def child_pdf(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The handover notes about a child the actor may read, printed: the same notes as the panel."""
    actor = request.actor
    child = access.read_child(actor, uuid, action="handover.notes.pdf")
    notes = list(readable_notes(actor, child))
    context = {
        "child": child,
        "notes": notes,
        "champion": mapping.current_champion(child),
        "printed": timezone.localtime(),
    }
    content = render_pdf("handover/pdf.html", context, stylesheet="handover/pdf.css", request=request)
    return pdf_response(content, f"overdracht-{child.first_name}-{child.surname}", fallback="overdracht")
