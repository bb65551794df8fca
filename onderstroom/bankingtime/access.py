"""Who sees which Banking Time plan. Everything else answers 404, like the rest of the app.

The teachers of the plan's group and its care coordinator follow a plan; only the teacher who
holds the sessions runs and logs them. Colleagues who do not teach the child never see it. The care
coordinator of the child's group this year also follows the child's plans of earlier school years (the
full history, as with the questionnaires); next year's teacher does not (DESIGN.md §2).
"""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from onderstroom.bankingtime.models import Plan
from onderstroom.schools.access import Actor, StaffActor
from onderstroom.schools.models import Enrollment


def visible_plans(actor: StaffActor) -> QuerySet[Plan]:
    followed = Q(group_id__in=actor.child_group_ids)
    if actor.is_care:
        supported = Enrollment.objects.filter(group_id__in=actor.care_group_ids).values("child_id")
        followed |= Q(child_id__in=supported)
    return Plan.objects.filter(followed)


def own_plans(actor: StaffActor) -> QuerySet[Plan]:
    """The plans whose sessions the actor holds: their own, in groups they still teach."""
    if not actor.is_teacher:
        return Plan.objects.none()
    return Plan.objects.filter(teacher=actor.user, group_id__in=actor.teacher_group_ids)


def get_visible_plan(actor: Actor, uuid: UUID) -> Plan:
    if not isinstance(actor, StaffActor):
        raise Http404
    plans = visible_plans(actor).select_related("child", "group", "teacher", "signal_moment")
    found = plans.filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return found


def get_own_plan(actor: Actor, uuid: UUID) -> Plan:
    """A plan whose sessions this actor holds: its teacher, while teaching the plan's group."""
    plan = get_visible_plan(actor, uuid)
    assert isinstance(actor, StaffActor)
    if not is_own(actor, plan):
        raise Http404
    return plan


def is_own(actor: StaffActor, plan: Plan) -> bool:
    return plan.teacher_id == actor.user_id and actor.teaches(plan.group_id)
