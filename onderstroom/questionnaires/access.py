"""Who sees which measurement moment and which answers. Everything else answers 404, like the rest of the app.

Who sees which moments (DESIGN §2, handover): a teacher sees the moments of the groups they
teach now; a care coordinator of a child's current group sees the child's full history. A next
year's teacher therefore never sees last year's conflict scores.
"""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from onderstroom.questionnaires.models import MeasurementMoment
from onderstroom.questionnaires.services import ACTIVITY, ChildForm, child_version_for
from onderstroom.schools.access import Actor, ChildActor, StaffActor, get_in_group, today
from onderstroom.schools.models import Child, Enrollment


def _moments() -> QuerySet[MeasurementMoment]:
    return MeasurementMoment.objects.select_related("group__school_year", "teacher_version")


def taught_moments(actor: StaffActor) -> QuerySet[MeasurementMoment]:
    """The moments of the groups the actor teaches now."""
    if not actor.is_teacher:
        return MeasurementMoment.objects.none()
    return MeasurementMoment.objects.filter(group_id__in=actor.teacher_group_ids)


def get_staff_moment(actor: Actor, uuid: UUID) -> MeasurementMoment:
    """A moment of a group whose children the actor may see (its teachers and its care coordinator)."""
    return get_in_group(actor, _moments(), uuid=uuid)


def get_teacher_moment(actor: Actor, uuid: UUID) -> MeasurementMoment:
    """A moment of a group the actor teaches (care coordinators do not rate)."""
    return get_in_group(actor, _moments(), teaching=True, uuid=uuid)


def get_care_moment(actor: Actor, uuid: UUID) -> MeasurementMoment:
    """A moment of a group the actor supports as care coordinator (reliability and exports)."""
    moment = get_staff_moment(actor, uuid)
    if not isinstance(actor, StaffActor) or not actor.cares_for(moment.group_id):
        raise Http404
    return moment


def sees_full_history(actor: StaffActor, child: Child) -> bool:
    """The care coordinator of the child's current group sees every moment, across school years."""
    return (
        actor.is_care and Enrollment.objects.filter(child=child, group_id__in=actor.care_group_ids).exists()
    )


def visible_answers(actor: StaffActor, *, full_history: bool) -> Q:
    """The answers the actor may see about a child: those of started moments; without the child's full
    history (`sees_full_history`), only those of the groups the actor teaches now."""
    started = Q(moment__opens_on__lte=today())
    if full_history:
        return started
    return started & Q(moment__group_id__in=actor.teacher_group_ids)


# --- the child's side -----------------------------------------------------------------------------


def session_moment(actor: ChildActor) -> MeasurementMoment | None:
    """The open moment the child's class session is for, if the session runs the questionnaire."""
    session = actor.class_session
    if session.activity != ACTIVITY or not session.activity_object:
        return None
    try:
        moment_uuid = UUID(session.activity_object)
    except ValueError:
        return None
    moment = (
        MeasurementMoment.objects.filter(uuid=moment_uuid, group_id=session.group_id)
        .prefetch_related("child_versions", "teachers__teacher")
        .first()
    )
    return moment if moment is not None and moment.is_open(today()) else None


def child_forms(actor: ChildActor) -> list[ChildForm]:
    """The forms of this child at the session's moment: one per teacher, in the planned order."""
    moment = session_moment(actor)
    if moment is None:
        return []
    enrollment = (
        Enrollment.objects.filter(child=actor.child, group_id=moment.group_id).select_related("child").first()
    )
    if enrollment is None:
        return []
    version = child_version_for(moment, enrollment.grade)
    if version is None:
        return []
    return [ChildForm(moment, enrollment, mt, version) for mt in moment.teachers.all()]


def child_form(actor: ChildActor, moment_uuid: UUID, teacher_uuid: UUID) -> ChildForm:
    form = next(
        (f for f in child_forms(actor) if f.moment.uuid == moment_uuid and f.teacher.uuid == teacher_uuid),
        None,
    )
    if form is None:
        raise Http404
    return form
