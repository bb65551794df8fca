"""Readable names for the audit log's action codes and detail keys.

Codes are written by every app (`app.thing.verb`); an unknown code is shown as it is,
so a new action is never hidden, only less readable until it gets a label here.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.accounts.models import LoginAttempt
from onderstroom.schools.models import GroupAssignment, Role

ACTION_LABELS: dict[str, Promise] = {
    # reads of children's records
    "child.view": _("Opened a pupil's page"),
    "group.view": _("Opened a group"),
    # the audit log itself
    "audit.log.view": _("Viewed the audit log"),
    "audit.chain.verify": _("Checked the audit chain"),
    # school management
    "schools.school.create": _("Created the school"),
    "schools.staff.add": _("Added a member of staff"),
    "schools.staff.roles": _("Changed the roles of a member of staff"),
    "schools.staff.remove": _("Removed a member of staff from the school"),
    "schools.group.create": _("Created a group"),
    "schools.group.update": _("Changed a group"),
    "schools.group.assign": _("Assigned a member of staff to a group"),
    "schools.group.unassign": _("Took a member of staff off a group"),
    "schools.year.create": _("Created a school year"),
    "schools.child.photo.set": _("Uploaded a pupil's photo"),
    "schools.child.photo.remove": _("Removed a pupil's photo"),
    # accounts
    "accounts.sign_in": _("Signed in"),
    "accounts.sign_out": _("Signed out"),
    "accounts.sign_out_everywhere": _("Signed out everywhere"),
    "accounts.password.change": _("Changed their password"),
    "accounts.password.reset": _("Reset a colleague's password"),
    "accounts.totp.enable": _("Switched on two-step sign-in"),
    "accounts.totp.disable": _("Switched off two-step sign-in"),
    # imports
    "imports.run": _("Imported pupils and groups"),
    # class sessions
    "childsessions.session.open": _("Opened a class session"),
    "childsessions.session.view": _("Viewed a class session"),
    "childsessions.session.close": _("Closed a class session"),
    "childsessions.cards.print": _("Printed login cards"),
    "childsessions.child.sign_in": _("A pupil signed in"),
    "childsessions.child.sign_out": _("A pupil signed out"),
    "childsessions.child.wrong_pictures": _("A pupil entered a wrong picture code"),
    "childsessions.child.lock": _("A pupil's sign-in was locked"),
    "childsessions.child.unlock": _("Unlocked a pupil's sign-in"),
}

DETAIL_LABELS: dict[str, Promise] = {
    "children": _("pupils"),
    "rows": _("rows"),
    "roles": _("roles"),
    "added": _("added"),
    "removed": _("removed"),
    "assignments_ended": _("assignments ended"),
    "fields": _("fields"),
    "grades": _("grades"),
    "kind": _("as"),
    "new_account": _("new account"),
    "replaced": _("replaced"),
    "checked": _("rows checked"),
    "intact": _("intact"),
    "broken_at": _("broken at row"),
    "filters": _("filters"),
    "board_created": _("new board"),
    "outcome": _("outcome"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def _value_labels() -> dict[str, str]:
    """Codes that details hold as values (roles, kinds of assignment, sign-in outcomes)."""
    choices = [*Role.choices, *GroupAssignment.Kind.choices, *LoginAttempt.Outcome.choices]
    return {value: str(label) for value, label in choices}


def _value_text(value: Any, labels: dict[str, str]) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(item, labels) for item in value) or "-"
    return labels.get(value, str(value)) if isinstance(value, str) else str(value)


def details_text(details: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for a row's details: counts and field names, never content."""
    labels = _value_labels()
    return [
        (str(DETAIL_LABELS.get(key, key)), _value_text(value, labels))
        for key, value in sorted(details.items())
    ]
