"""The reflection journal: a child's entries for their author, one entry, writing, sharing.

Every page that shows an entry's text writes one audit row per entry shown, without the text.
Pages are never cached: a journal must not stay behind on a shared computer.
"""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.questionnaires.api import group_moment, signal_from_query
from onderstroom.reflection import services
from onderstroom.reflection.access import (
    audit_reads,
    care_coordinators,
    get_own_entry,
    get_readable_entry,
    own_entries,
    shared_with_me,
)
from onderstroom.reflection.forms import EntryForm, ShareForm
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.models import Enrollment, Role


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def journal(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The actor's own entries about the child; for a care coordinator, the entries shared with them."""
    actor = request.actor
    child = access.read_child(actor, uuid, action="reflection.journal.view")
    own = list(own_entries(actor, child).select_related("child", "shared_with", "signal_moment"))
    shared = list(shared_with_me(actor, child).select_related("child", "author"))
    audit_reads(actor, [*own, *shared])
    context = {"child": child, "own": own, "shared": shared, "may_write": access.teaches_child(actor, child)}
    return render(request, "reflection/journal.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def new(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Write an entry; from a signal, the signal stays in view and the entry is linked to it."""
    actor: StaffActor = request.actor
    enrollment = access.teacher_enrollment(actor, uuid)
    child = enrollment.child
    status = 200
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            moment = group_moment(enrollment, form.cleaned_data["moment"])
            key = form.cleaned_data["signal"] if moment is not None else ""
            try:
                entry = services.write_entry(
                    actor, enrollment, form.entry_text(), signal_key=key, signal_moment=moment
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Your reflection is saved. Only you can read it."))
                return redirect("reflection:entry", uuid=entry.uuid)
        status = 400
        signal = None
    else:
        form, signal = _from_signal(actor, enrollment, request)
        log.record(actor, "reflection.entry.new", child=child, obj=enrollment.group)
    context = {"form": form, "child": child, "signal": signal}
    return render(request, "reflection/entry_form.html", context, status=status)


def _from_signal(actor: StaffActor, enrollment: Enrollment, request: HttpRequest) -> tuple[EntryForm, object]:
    came = signal_from_query(request.GET, enrollment, prefer=actor.user)
    if came is None:
        return EntryForm(), None
    return EntryForm(initial={"signal": came.key, "moment": came.moment.uuid}), came.signal


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def entry(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_readable_entry(actor, uuid)
    audit_reads(actor, [found])
    own = found.author_id == actor.user_id
    coordinators = care_coordinators(found.group) if own else []
    context = {
        "entry": found,
        "child": found.child,
        "own": own,
        "share_form": ShareForm(coordinators=coordinators) if coordinators else None,
    }
    return render(request, "reflection/entry.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def edit(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_own_entry(actor, uuid)
    form = EntryForm.for_entry(found, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_entry(actor, found, form.entry_text())
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Your reflection is saved."))
                return redirect("reflection:entry", uuid=found.uuid)
        status = 400
    else:
        audit_reads(actor, [found])
    context = {"form": form, "child": found.child, "entry": found, "signal": None}
    return render(request, "reflection/entry_form.html", context, status=status)


@require_POST
@staff_view(Role.TEACHER)
def share(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_own_entry(actor, uuid)
    form = ShareForm(request.POST, coordinators=care_coordinators(found.group))
    if not form.is_valid():
        messages.error(request, _("Choose a care coordinator of this child's group."))
        return redirect("reflection:entry", uuid=found.uuid)
    try:
        services.share_entry(actor, found, form.cleaned_data["coordinator"])
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Shared with %(name)s. Only this person can read it, and you can withdraw it at any time.")
            % {"name": form.cleaned_data["coordinator"].full_name},
        )
    return redirect("reflection:entry", uuid=found.uuid)


@require_POST
@staff_view(Role.TEACHER)
def unshare(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_own_entry(actor, uuid)
    try:
        services.withdraw_share(actor, found)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The entry is no longer shared. Only you can read it."))
    return redirect("reflection:entry", uuid=found.uuid)


@require_POST
@staff_view(Role.TEACHER)
def delete(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_own_entry(actor, uuid)
    child = found.child
    services.delete_entry(actor, found)
    messages.success(request, _("The reflection is deleted."))
    return redirect("reflection:journal", uuid=child.uuid)
