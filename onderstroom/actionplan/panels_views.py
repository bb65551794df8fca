"""The action plan on a child's page (relationship actions) and a group's page (class actions):
what the actor may see of it, and the way to plan one."""

from django.template.loader import render_to_string
from django.urls import reverse

from onderstroom.actionplan.access import audit_list, visible_actions
from onderstroom.actionplan.models import Level
from onderstroom.actionplan.services import may_create
from onderstroom.core.measures import Target
from onderstroom.schools.access import StaffActor, StaffHttpRequest, visible_group_of
from onderstroom.schools.models import Child, Group


def child_panel(request: StaffHttpRequest, child: Child) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    group = visible_group_of(actor, child)
    if group is None:
        return None
    actions = list(
        visible_actions(actor).filter(level=Level.RELATIONSHIP, child=child).order_by("-starts_on", "pk")
    )
    allowed = may_create(actor, Target(Level.RELATIONSHIP, group=group, child=child))  # type: ignore[arg-type]
    if not (actions or allowed):
        return None
    audit_list(actor, actions)
    new_url = reverse("actionplan:new_relationship", kwargs={"uuid": child.uuid}) if allowed else ""
    return render_to_string(
        "actionplan/panels/actions.html", {"actions": actions, "new_url": new_url}, request=request
    )


def group_panel(request: StaffHttpRequest, group: Group) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.sees(group):
        return None
    actions = list(visible_actions(actor).filter(level=Level.CLASS, group=group).order_by("-starts_on", "pk"))
    allowed = may_create(actor, Target(Level.CLASS, group=group))  # type: ignore[arg-type]
    new_url = reverse("actionplan:new_class", kwargs={"uuid": group.uuid}) if allowed else ""
    return render_to_string(
        "actionplan/panels/actions.html", {"actions": actions, "new_url": new_url}, request=request
    )
