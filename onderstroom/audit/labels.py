"""Readable names for the audit log's action codes and detail keys.

Codes are written by every app (`app.thing.verb`); an unknown code is shown as it is,
so a new action is never hidden, only less readable until it gets a label here.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.accounts.models import LoginAttempt
from onderstroom.childsessions import activities
from onderstroom.schools.models import GroupAssignment, Role
from onderstroom.sociogram.models import Method, Question

RATING_ANSWER = "rating"  # the "question" a peer survey's rating answers are logged under

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
    "schools.staff.invite": _("Invited someone with an account elsewhere"),
    "schools.staff.join": _("Accepted an invitation to the school"),
    "schools.staff.decline": _("Declined an invitation to the school"),
    "schools.staff.self_grant_refused": _("Tried to give themselves a role or group (refused)"),
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
    "accounts.password.set_with_link": _("Chose a new password with a reset link"),
    "accounts.totp.enable": _("Switched on two-step sign-in"),
    "accounts.totp.disable": _("Switched off two-step sign-in"),
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
    # imports
    "imports.job.upload": _("Uploaded a file to import"),
    "imports.job.map": _("Matched the columns of an import"),
    "imports.job.apply": _("Imported pupils and groups"),
    "imports.job.cancel": _("Cancelled an import"),
    "imports.job.expire": _("An unfinished import expired"),
    "imports.child.import": _("Imported a pupil"),
    # questionnaires
    "questionnaires.child.view": _("Viewed a pupil's questionnaire results"),
    "questionnaires.answers.save": _("Saved questionnaire answers"),
    "questionnaires.instrument.load": _("Loaded a questionnaire"),
    "questionnaires.moment.plan": _("Planned a measurement moment"),
    "questionnaires.moment.change": _("Changed a measurement moment"),
    "questionnaires.reliability.view": _("Viewed the reliability of a questionnaire"),
    "questionnaires.school_overview.view": _("Viewed the school's questionnaire overview"),
    "questionnaires.summary.view": _("Viewed a questionnaire summary"),
    # interactions
    "interactions.tap.add": _("Logged an interaction"),
    "interactions.tap.undo": _("Undid a logged interaction"),
    "interactions.logger.view": _("Opened the interaction logger"),
    "interactions.child.view": _("Viewed a pupil's interactions"),
    "interactions.child.panel": _("Viewed a pupil's interaction balance"),
    "interactions.balance.view": _("Viewed the interaction balance"),
    "interactions.turns.view": _("Viewed who had turns"),
    "interactions.unnoticed.view": _("Viewed who was not noticed"),
    "interactions.distribution.view": _("Viewed the distribution of interactions"),
    # Banking Time
    "bankingtime.plan.new": _("Started a Banking Time plan"),
    "bankingtime.plan.create": _("Made a Banking Time plan"),
    "bankingtime.plan.view": _("Viewed a Banking Time plan"),
    "bankingtime.home.view": _("Saw the Banking Time sessions still to hold on the home page"),
    "bankingtime.plan.edit": _("Opened a Banking Time plan to change it"),
    "bankingtime.plan.update": _("Changed a Banking Time plan"),
    "bankingtime.plan.end": _("Ended a Banking Time plan"),
    "bankingtime.session.open": _("Opened a Banking Time session"),
    "bankingtime.session.log": _("Logged a Banking Time session"),
    "bankingtime.child.view": _("Viewed a pupil's Banking Time"),
    "bankingtime.overview.view": _("Viewed the Banking Time overview"),
    "bankingtime.signals.view": _("Viewed the Banking Time signals"),
    # reflection
    "reflection.entry.new": _("Started a reflection"),
    "reflection.entry.create": _("Wrote a reflection"),
    "reflection.entry.update": _("Changed a reflection"),
    "reflection.entry.delete": _("Deleted a reflection"),
    "reflection.entry.share": _("Shared a reflection"),
    "reflection.entry.unshare": _("Stopped sharing a reflection"),
    "reflection.shared.listed": _("Saw on the home page that a reflection was shared with them"),
    # constellations
    "constellations.class.create": _("Started a class constellation"),
    "constellations.personal.create": _("Started a personal constellation"),
    "constellations.list.view": _("Viewed the constellations"),
    "constellations.board.view": _("Opened a constellation board"),
    "constellations.child_board.view": _("A pupil opened a constellation board"),
    "constellations.state.view": _("Viewed a constellation"),
    "constellations.figure.add": _("Placed a figure"),
    "constellations.turn.give": _("Gave a pupil a turn"),
    "constellations.round.two": _("Started round two"),
    "constellations.note.add": _("Added a note to a constellation"),
    "constellations.close": _("Closed a constellation"),
    "constellations.replay.view": _("Replayed a constellation"),
    "constellations.replay.step": _("Stepped through a constellation replay"),
    "constellations.compare.view": _("Compared constellations"),
    "constellations.sociogram.view": _("Viewed a constellation next to the sociogram"),
    # sociogram
    "sociogram.survey.create": _("Started a peer survey"),
    "sociogram.answer.save": _("A pupil answered the peer survey"),
    "sociogram.answer.finish": _("A pupil finished the peer survey"),
    "sociogram.settings.update": _("Changed the peer survey settings"),
    "sociogram.results.view": _("Viewed peer survey results"),
    "sociogram.sociogram.view": _("Viewed a sociogram"),
    "sociogram.report.pdf": _("Printed a sociogram report"),
    "sociogram.survey.close": _("Closed a peer survey"),
    "sociogram.survey.reopen": _("Opened a peer survey again"),
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
    "activity": _("activity"),
    "closed_previous": _("previous session closed"),
    "failed_attempts": _("wrong tries"),
    "forced": _("required at first sign-in"),
    "bytes": _("bytes"),
    "count": _("number"),
    "method": _("method"),
    "question": _("question"),
    "questions": _("questions"),
    "user": _("member of staff"),
    "link_sent": _("link sent"),
    "two_step_kept": _("two-step verification kept"),
    "group": _("group"),
}

# Rows about who may reach what: an admin's reset of a colleague's password, a new account, a
# role that opens children's data or the school's management, a refused grant to oneself. The
# audit page marks them, so a second person notices what one admin did (docs/ARCHITECTURE.md).
ALWAYS_ATTENTION = {"accounts.password.reset", "schools.staff.self_grant_refused"}
WIDENING_ROLES = {Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN}


def needs_attention(action: str, details: dict[str, Any]) -> bool:
    if action in ALWAYS_ATTENTION:
        return True
    if action == "schools.staff.add":
        return bool(details.get("new_account"))
    if action == "schools.staff.roles":
        return bool(set(details.get("added") or []) & WIDENING_ROLES)
    return False


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def _value_labels() -> dict[str, str]:
    """Codes that details hold as values (roles, kinds of assignment, sign-in outcomes, what children did)."""
    choices = [
        *Role.choices,
        *GroupAssignment.Kind.choices,
        *LoginAttempt.Outcome.choices,
        *Method.choices,
        *Question.choices,
        (RATING_ANSWER, _("rating with faces")),
        *((activity.key, activity.label) for activity in activities.all_activities()),
    ]
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
