"""The group page shows its teachers the session that is open for the group, if any."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from onderstroom.childsessions import services
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Group


def open_session_panel(request: HttpRequest, group: Group) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.teaches(group):
        return None
    class_session = services.current_session(group)
    if class_session is None:
        return None
    return render_to_string(
        "childsessions/teacher/group_panel.html", {"class_session": class_session}, request=request
    )
