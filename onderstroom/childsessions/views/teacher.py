"""The teacher's side: open a class session, follow who signed in, the classroom screen."""

import math
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onderstroom.audit import log
from onderstroom.childsessions import activities, services
from onderstroom.childsessions.access import get_teacher_session
from onderstroom.childsessions.forms import OpenSessionForm
from onderstroom.childsessions.models import ClassSession
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.models import Child, Group, Role

# htmx stops polling when a response has this status: a closed session changes no more.
STOP_POLLING = 286


@require_GET
@staff_view(Role.TEACHER)
def new(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    group = access.get_teacher_group(actor, uuid)
    form = OpenSessionForm(services.offered_activities(actor, group))
    return _new_page(request, group, form)


@require_POST
@staff_view(Role.TEACHER)
def open_session(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    group = access.get_teacher_group(actor, uuid)
    offered = services.offered_activities(actor, group)
    data: Mapping[str, Any] = request.POST
    if "activity" not in data:
        # The group page's one-tap button. It never ends a session the children may be signing in
        # to (a second tap, or the co-teacher's tap): it leads to that session instead.
        current = services.current_session(group)
        if current is not None:
            messages.info(
                request, _("A session is already open for this group. Close it first to open a new one.")
            )
            return redirect("childsessions:session", uuid=current.uuid)
        # With nothing to choose, open at once; else ask.
        if list(offered) != [activities.NONE]:
            return redirect("childsessions:new", uuid=group.uuid)
        data = {"activity": activities.NONE}
    form = OpenSessionForm(offered, data)
    if not form.is_valid():
        return _new_page(request, group, form, status=400)
    try:
        class_session = services.open_session(
            actor, group.uuid, form.cleaned_data["activity"], form.cleaned_data["activity_object"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _new_page(request, group, form, status=400)
    return redirect("childsessions:session", uuid=class_session.uuid)


def _new_page(request: HttpRequest, group: Group, form: OpenSessionForm, status: int = 200) -> HttpResponse:
    context = {"group": group, "form": form, "current": services.current_session(group)}
    return render(request, "childsessions/teacher/new.html", context, status=status)


@require_GET
@staff_view(Role.TEACHER)
def session(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor: StaffActor = request.actor
    class_session = get_teacher_session(actor, uuid)
    context = _roster(class_session)
    context["activity"] = activities.get(class_session.activity)
    context["activity_object"] = _object_label(actor, class_session)
    # One row per child on the roster (name, signed in or not, locked), in one insert.
    log.record_many(
        actor,
        "childsessions.session.view",
        children=context["rows"],
        obj=class_session,
        details={"children": len(context["rows"])},
    )
    log.remember_shown(request, class_session, _shown(context))
    return render(request, "childsessions/teacher/session.html", context)


@require_GET
@staff_view(Role.TEACHER)
def session_children(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The part of the session page that htmx refreshes while children sign in."""
    class_session = get_teacher_session(request.actor, uuid)
    status = 200 if class_session.is_open() else STOP_POLLING
    context = _roster(class_session)
    # Every 5 s: read rows only for the children whose line changed since this teacher's last
    # audited read (signed in, locked), not 30 rows per refresh (docs/ARCHITECTURE.md, the audit log).
    log.record_reads_on_change(
        request, request.actor, "childsessions.roster.view", class_session, _shown(context)
    )
    return render(request, "childsessions/teacher/session.html#children", context, status=status)


def _shown(context: dict[str, Any]) -> list[tuple[Child, Any]]:
    """What the roster shows of each child: the name, signed in or not, locked or not."""
    signed_in = {c.pk for c in context["signed_in"]}
    locked = {c.pk for c, _lock in context["locked"]}
    return [(c, [c.full_name, c.pk in signed_in, c.pk in locked]) for c in context["rows"]]


def _roster(class_session: ClassSession) -> dict[str, Any]:
    """Every child of the group with their state in this session: locked first, then the rest by name.

    A lock is the child's, from any session; a locked child who is in stays in, so is listed twice.
    """
    sign_ins = services.sign_ins_by_child(class_session)
    children = services.group_children(class_session.group)
    locks = services.picture_locks(children)
    locked = [(c, locks[c.pk]) for c in children if c.pk in locks and locks[c.pk].locked]
    signed_in = [c for c in children if c.pk in sign_ins and sign_ins[c.pk].signed_in_at]
    locked_ids = {c.pk for c, _lock in locked}
    return {
        "class_session": class_session,
        "rows": children,
        "locked": locked,
        "signed_in": signed_in,
        "waiting": [c for c in children if c not in signed_in and c.pk not in locked_ids],
        "minutes_left": _minutes_left(class_session),
        "picture_attempts": settings.CHILD_PICTURE_ATTEMPTS,
    }


def _minutes_left(class_session: ClassSession) -> int:
    if not class_session.is_open():
        return 0
    return math.ceil((class_session.expires_at - timezone.now()).total_seconds() / 60)


def _object_label(actor: StaffActor, class_session: ClassSession) -> str:
    """The name of the chosen questionnaire moment (say), if the activity still offers it."""
    activity = activities.get(class_session.activity)
    if not class_session.activity_object or activity.choices is None:
        return ""
    options = dict(activity.choices(actor, class_session.group))
    return options.get(class_session.activity_object, "")


@require_POST
@staff_view(Role.TEACHER)
def close(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    services.close_session(request.actor, uuid)
    messages.success(request, _("The session is closed. Every child in it is signed out."))
    return redirect("childsessions:session", uuid=uuid)


@require_POST
@staff_view(Role.TEACHER)
def unlock(request: StaffHttpRequest, uuid: UUID, child: UUID) -> HttpResponse:
    if services.unlock_child(request.actor, uuid, child):
        messages.success(request, _("Unlocked. The pupil can tap their pictures again."))
    else:
        messages.info(request, _("This pupil was not locked."))
    return redirect("childsessions:session", uuid=uuid)


@require_GET
@staff_view(Role.TEACHER)
def board(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The classroom screen: code, QR code and how many children signed in; nothing about any one child."""
    class_session = get_teacher_session(request.actor, uuid)
    school = class_session.school.brin
    join = reverse("childsessions:join", kwargs={"school": school, "code": class_session.code})
    join_url = request.build_absolute_uri(join)
    start_url = request.build_absolute_uri(reverse("childsessions:school_start", kwargs={"school": school}))
    context = {
        "class_session": class_session,
        "qr": qr_svg(join_url, _("QR code to sign in to this session")),
        "address": start_url.split("://", 1)[-1],
        "count": services.signed_in_count(class_session),
    }
    return render(request, "childsessions/teacher/board.html", context)


@require_GET
@staff_view(Role.TEACHER)
def board_count(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    class_session = get_teacher_session(request.actor, uuid)
    context = {"class_session": class_session, "count": services.signed_in_count(class_session)}
    status = 200 if class_session.is_open() else STOP_POLLING
    return render(request, "childsessions/teacher/board.html#count", context, status=status)


def qr_svg(url: str, label: str) -> SafeString:
    """An inline SVG QR code with an accessible name; segno writes no style attributes."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, svgclass="qr", lineclass=None, omitsize=True, title=label, light="#fff"
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno's own markup
