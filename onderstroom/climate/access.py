"""Who reaches which climate page: the one read gate of the climate feature.

- Class results: the teachers of the group and its care coordinator (aggregates only).
- The self-assessment and the vision: their author alone.
- The school report: the school admin (director).
- The school form: every member of staff with a role at the school, while the round is open.
- A child: only their own forms, found from the signed-in child and the class session, never from an id.

Everything else answers 404, so nobody learns that a moment or an entry exists.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from onderstroom.climate.models import ClassMoment, ClimateResponse, Respondent, SchoolRound, Vision
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.schools.access import (
    Actor,
    ChildActor,
    StaffActor,
    get_in_group,
    get_visible_group,
    school_admin,
    today,
)
from onderstroom.schools.models import Enrollment, Group

# The class session activity that runs the climate forms (its object: a class moment or a round).
ACTIVITY = "climate"
# The grades that answer the school form, and the grades that get the pictorial class form.
SCHOOL_FORM_GRADES = (5, 6, 7, 8)
YOUNG_GRADES = (1, 2, 3, 4)


def group_moments(group: Group) -> QuerySet[ClassMoment]:
    return ClassMoment.objects.filter(group=group)


def visible_group(actor: Actor, uuid: UUID) -> Group:
    """A group whose class climate the actor follows: its teacher or its care coordinator."""
    return get_visible_group(actor, uuid)


def result_moment(actor: Actor, uuid: UUID) -> ClassMoment:
    """A moment of a group the actor teaches or supports."""
    return get_in_group(actor, ClassMoment.objects.select_related("group", "school_year"), uuid=uuid)


def teacher_moment(actor: Actor, uuid: UUID) -> ClassMoment:
    """A moment of a group the actor teaches: only a teacher assesses their own practice there."""
    return get_in_group(
        actor, ClassMoment.objects.select_related("group", "practice_version"), teaching=True, uuid=uuid
    )


def report_actor(actor: Actor) -> StaffActor:
    """The director (school admin) of the active school reads the school report."""
    return school_admin(actor)


def current_round(actor: StaffActor) -> SchoolRound | None:
    if actor.school_year is None:
        return None
    return SchoolRound.objects.filter(school_year=actor.school_year).first()


def open_round_for_staff(actor: Actor) -> SchoolRound:
    """The open round of the actor's school, for a member of staff with a role there."""
    if not isinstance(actor, StaffActor) or not actor.roles:
        raise Http404
    found = current_round(actor)
    if found is None or not found.is_open(today()):
        raise Http404
    return found


def own_response(round_or_moment: SchoolRound | ClassMoment, actor: StaffActor) -> ClimateResponse | None:
    field = "school_round" if isinstance(round_or_moment, SchoolRound) else "class_moment"
    return ClimateResponse.objects.filter(**{field: round_or_moment, "user": actor.user}).first()


def own_vision(actor: StaffActor) -> Vision | None:
    """The actor's own vision of this school year; nobody else's is ever read."""
    if actor.school_year is None:
        return None
    return Vision.objects.filter(author=actor.user, school_year=actor.school_year).first()


def may_write_vision(actor: Actor) -> StaffActor:
    if not isinstance(actor, StaffActor) or not actor.is_teacher or actor.school_year is None:
        raise Http404
    return actor


# --- the child's side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildForm:
    """One form a signed-in child may fill in now: the class form of their group's open moment, or
    the school form of the open round."""

    kind: str  # "class" or "school"
    enrollment: Enrollment
    class_moment: ClassMoment | None = None
    school_round: SchoolRound | None = None

    @property
    def target_uuid(self) -> str:
        target = self.class_moment or self.school_round
        return str(target.uuid) if target is not None else ""

    @property
    def version(self) -> InstrumentVersion:
        if self.school_round is not None:
            return self.school_round.child_version
        assert self.class_moment is not None
        if self.enrollment.grade in YOUNG_GRADES:
            return self.class_moment.young_version
        return self.class_moment.older_version


def _enrollment(actor: ChildActor) -> Enrollment | None:
    return (
        Enrollment.objects.filter(child=actor.child, group_id=actor.class_session.group_id)
        .select_related("group")
        .first()
    )


def child_forms(actor: ChildActor) -> list[ChildForm]:
    """The child's forms open now in a session that runs the climate activity: the class form, the
    school form (groups 5-8 only), or the one the teacher chose as the session's object."""
    session = actor.class_session
    enrollment = _enrollment(actor)
    if enrollment is None or session.activity != ACTIVITY:
        return []
    day = today()
    forms = []
    moment = (
        ClassMoment.objects.filter(group_id=enrollment.group_id, opens_on__lte=day, closes_on__gte=day)
        .select_related("young_version", "older_version")
        .first()
    )
    if moment is not None:
        forms.append(ChildForm("class", enrollment, class_moment=moment))
    school = (
        SchoolRound.objects.filter(
            school_year_id=enrollment.school_year_id, opens_on__lte=day, closes_on__gte=day
        )
        .select_related("child_version")
        .first()
    )
    if school is not None and enrollment.grade in SCHOOL_FORM_GRADES:
        forms.append(ChildForm("school", enrollment, school_round=school))
    chosen = [f for f in forms if f.target_uuid == session.activity_object]
    return chosen or forms


def child_form(actor: Actor, kind: str) -> ChildForm:
    if not isinstance(actor, ChildActor):
        raise Http404
    found = next((f for f in child_forms(actor) if f.kind == kind), None)
    if found is None:
        raise Http404
    return found


def child_response(actor: ChildActor, form: ChildForm) -> ClimateResponse | None:
    return ClimateResponse.objects.filter(
        class_moment=form.class_moment,
        school_round=form.school_round,
        child=actor.child,
        respondent=Respondent.CHILD,
    ).first()
