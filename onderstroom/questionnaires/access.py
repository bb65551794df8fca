"""Who sees which measurement moment and which answers. Everything else answers 404, like the rest of the app.

Who sees which moments (DESIGN §2, handover): a teacher sees the moments of the groups they
teach now; a care coordinator of a child's current group sees the child's full history. A next
year's teacher therefore never sees last year's conflict scores.
"""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from onderstroom.questionnaires.models import MeasurementMoment
from onderstroom.schools.access import Actor, StaffActor, get_in_group, today
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
