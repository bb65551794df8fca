"""Who sees which action.

- a teacher: the actions they own (in groups they still teach, or at school level);
- the care coordinator: also the class and relationship actions of the groups they support;
- the school admin (director): also every school-level action, and counts of the rest
  (`counts`), never a class's or child's action itself;
- nobody else: 404, so an outsider cannot even learn that an action exists.
"""

from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from onderstroom.actionplan.models import Action, Level
from onderstroom.audit import log
from onderstroom.core.measures import Target
from onderstroom.schools.access import Actor, StaffActor
from onderstroom.schools.models import GroupAssignment

READ = "actionplan.action.view"


def _visible(actor: StaffActor) -> Q:
    visible = Q(owner=actor.user) & (Q(level=Level.SCHOOL) | Q(group_id__in=actor.child_group_ids))
    if actor.is_care:
        visible |= Q(level__in=[Level.CLASS, Level.RELATIONSHIP], group_id__in=actor.care_group_ids)
    if actor.is_school_admin:
        visible |= Q(level=Level.SCHOOL)
    return visible


def visible_actions(actor: StaffActor) -> QuerySet[Action]:
    return Action.objects.filter(_visible(actor)).select_related("group", "child", "owner", "decided_by")


def get_action(actor: Actor, uuid: UUID) -> Action:
    if not isinstance(actor, StaffActor):
        raise Http404
    action = visible_actions(actor).filter(uuid=uuid).first()
    if action is None:
        raise Http404
    return action


def may_decide(actor: StaffActor, action: Action) -> bool:
    """The owner decides; a school-level action also any school admin (the plan is the school's)."""
    return action.owner_id == actor.user_id or (action.level == Level.SCHOOL and actor.is_school_admin)


def counts(actor: StaffActor) -> dict[tuple[str, str], int]:
    """(level, status) → the number of actions in the school: for the school admin, without names."""
    if not actor.is_school_admin:
        return {}
    rows = Action.objects.values("level", "status").annotate(n=Count("pk"))
    return {(row["level"], row["status"]): row["n"] for row in rows}


def target_of(action: Action) -> Target:
    """What the action's measure is read for: a relationship is the owner's when they teach the
    group, otherwise that of the group's first teacher (a care coordinator does not rate)."""
    if action.level != Level.RELATIONSHIP:
        return Target(action.level, group=action.group)  # type: ignore[arg-type]
    teachers = GroupAssignment.objects.filter(group=action.group, kind=GroupAssignment.Kind.TEACHER)
    chosen = (
        teachers.filter(user_id=action.owner_id).first()
        or teachers.select_related("user").order_by("pk").first()
    )
    teacher = action.owner if chosen is None or chosen.user_id == action.owner_id else chosen.user
    return Target(action.level, group=action.group, child=action.child, teacher=teacher)  # type: ignore[arg-type]


def audit_read(actor: StaffActor, action: Action) -> None:
    log.record(actor, READ, child=action.child, obj=action)


def audit_list(actor: StaffActor, actions: list[Action]) -> None:
    """One row per child whose relationship action the list showed."""
    log.record_reads(actor, READ, [a.child for a in actions if a.child is not None])
