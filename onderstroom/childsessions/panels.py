"""The group page shows its teachers the session that is open for the group, if any; the audit log
names what class sessions and signed-in children did (registered by `register()` below)."""

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.childsessions import activities, childdata, services
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.panels import Panel, group_panels
from onderstroom.schools import yearend
from onderstroom.schools.access import StaffActor, StaffHttpRequest
from onderstroom.schools.models import Group


def open_session_panel(request: StaffHttpRequest, group: Group) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.teaches(group):
        return None
    class_session = services.current_session(group)
    if class_session is None:
        return None
    return render_to_string(
        "childsessions/teacher/group_panel.html", {"class_session": class_session}, request=request
    )


def _activity_labels() -> list[tuple[str, str | Promise]]:
    """The activities a session ran, as its audit rows hold them (features register them later)."""
    return [(activity.key, activity.label) for activity in activities.all_activities()]


def register() -> None:
    """Everything class sessions add to shared places (AppConfig.ready calls this once)."""
    yearend.closers.register(
        yearend.YearClose(
            "childsessions.sessions",
            order=20,
            label=_("Open class sessions"),
            close=services.close_year,
        )
    )
    group_panels.register(Panel("childsessions.open_session", order=0, render=open_session_panel))
    child_data.register(
        ChildData(
            "childsessions.sign_ins",
            order=20,
            label=_("Signing in to class sessions"),
            purpose=_(
                "So that a child can answer on a tablet with their own "
                "picture code, and the code cannot be guessed."
            ),
            models=("childsessions.ChildSignIn", "childsessions.PictureLock"),
            export=childdata.export_child,
            erase=childdata.erase_child,
        )
    )
    audit_labels.register(
        AuditLabels(
            "childsessions",
            actions={
                "childsessions.cards.print": _("Printed login cards"),
                "childsessions.child.lock": _("A pupil's sign-in was locked"),
                "childsessions.child.sign_in": _("A pupil signed in"),
                "childsessions.child.sign_out": _("A pupil signed out"),
                "childsessions.child.unlock": _("Unlocked a pupil's sign-in"),
                "childsessions.child.wrong_pictures": _("A pupil entered a wrong picture code"),
                "childsessions.session.close": _("Closed a class session"),
                "childsessions.session.open": _("Opened a class session"),
                "childsessions.session.view": _("Viewed a class session"),
                "childsessions.roster.view": _("Refreshed the list of a class session"),
                "childsessions.photo.view": _("Viewed a pupil's photo on the name buttons"),
            },
            values=_activity_labels,
        )
    )
