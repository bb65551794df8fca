"""Who may see which peer survey. Everything else answers 404, like the rest of the app."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from onderstroom.schools import access
from onderstroom.schools.access import Actor, ChildActor, StaffActor
from onderstroom.schools.models import Child, Group
from onderstroom.sociogram.models import NEGATIVE_QUESTIONS, PeerSettings, PeerSurvey, Question, RosterEntry

ACTIVITY = "peer_survey"


def get_visible_survey(actor: Actor, uuid: UUID) -> PeerSurvey:
    """A survey of a group whose children the actor may see: its teachers and its care coordinator."""
    surveys = PeerSurvey.objects.select_related("group", "group__school_year")
    return access.get_in_group(actor, surveys, uuid=uuid)


def latest_visible_survey(actor: StaffActor, child: Child) -> PeerSurvey | None:
    """The newest survey of a group of the child whose children the actor may see."""
    return (
        PeerSurvey.objects.filter(group__enrollments__child=child, group_id__in=actor.child_group_ids)
        .select_related("group")
        .order_by("-created_at")
        .first()
    )


def visible_group_surveys(actor: Actor, group: Group) -> QuerySet[PeerSurvey]:
    """The group's surveys, when the actor may see the group's children (its teachers and care)."""
    if not isinstance(actor, StaffActor) or group.pk not in actor.child_group_ids:
        return PeerSurvey.objects.none()
    return PeerSurvey.objects.filter(group=group)


def get_teacher_survey(actor: Actor, uuid: UUID) -> PeerSurvey:
    """A survey of a group the actor teaches: only teachers open and close surveys."""
    return access.get_in_group(actor, PeerSurvey.objects.select_related("group"), teaching=True, uuid=uuid)


def session_survey(actor: ChildActor, open_only: bool = True) -> PeerSurvey | None:
    """The survey the child's class session is for (by default only while it is open)."""
    session = actor.class_session
    if session.activity != ACTIVITY or not session.activity_object:
        return None
    try:
        uuid = UUID(session.activity_object)
    except ValueError:
        return None
    surveys = PeerSurvey.objects.filter(uuid=uuid, group_id=session.group_id)
    return (surveys.filter(closed_at__isnull=True) if open_only else surveys).first()


def get_child_survey(actor: Actor, uuid: UUID) -> PeerSurvey:
    """Only the survey in front of the child: the one their class session is for, open or closed
    (a closed survey still answers a device's waiting changes, with a refusal it can show)."""
    if not isinstance(actor, ChildActor):
        raise Http404
    survey = session_survey(actor, open_only=False)
    if survey is None or survey.uuid != uuid:
        raise Http404
    return survey


def survey_classmates(survey: PeerSurvey, child: Child) -> list[Child]:
    """The classmates a child answers about: the survey's class list still in the group, without the child.

    A child who joined after the survey opened is not on its class list, so naming them would count
    for nothing (results.py).
    """
    return list(
        Child.objects.filter(enrollments__group_id=survey.group_id, pk__in=roster_ids(survey))
        .exclude(pk=child.pk)
        .order_by("first_name", "surname", "pk")
    )


def roster_ids(survey: PeerSurvey) -> QuerySet[RosterEntry, int]:
    """The children on the survey's class list, as a subquery."""
    return RosterEntry.objects.filter(survey=survey).values_list("child_id", flat=True)


def school_peer_settings(school_id: int) -> PeerSettings:
    """The school's settings; a school that never changed them has the safe defaults (nothing stored)."""
    found = PeerSettings.objects.filter(school_id=school_id).first()
    return found or PeerSettings(school_id=school_id)


def asked_questions(survey: PeerSurvey) -> list[Question]:
    """The questions a child sees now: a negative one only while the school allows it."""
    questions = survey.questions
    if (
        any(q in NEGATIVE_QUESTIONS for q in questions)
        and not school_peer_settings(survey.school_id).negative_nominations
    ):
        return [q for q in questions if q not in NEGATIVE_QUESTIONS]
    return questions
