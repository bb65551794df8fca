"""Permission-matrix rules: the world's action is a relationship action of the world's teacher about
the world's child, so its owner and the group's care coordinator see it; the decision and the
follow-up are the owner's."""

from datetime import timedelta

from onderstroom.actionplan.models import Action, Level
from onderstroom.schools.access import today
from onderstroom.testing.matrix import P, Rule, expect, for_group_staff, for_school_admin
from onderstroom.testing.world import World

LIST = expect({P.TEACHER: 200, P.OTHER_TEACHER: 200, P.CARE: 200, P.ADMIN: 200, P.OUTSIDER: 200})


def world_action(world: World) -> Action:
    if "actionplan_action" not in world.extra:
        world.extra["actionplan_action"] = Action.objects.create(
            school=world.school,
            level=Level.RELATIONSHIP,
            group=world.group,
            child=world.child,
            owner=world.teacher,
            goal="Bas durft om hulp te vragen.",
            catalogue_key="banking_time",
            starts_on=today(),
            review_on=today() + timedelta(days=42),
            measure_source="questionnaires.relationship",
            measure_key="teacher.closeness",
            measure_label="Nabijheid (hoe de leerkracht het ziet)",
        )
    return world.extra["actionplan_action"]  # type: ignore[return-value]


def on_action(world: World) -> dict:
    return {"uuid": world_action(world).uuid}


RULES = {
    "actionplan:list": Rule(expect=LIST),
    "actionplan:new_school": Rule(expect=for_school_admin()),
    "actionplan:new_class": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_staff()),
    "actionplan:new_relationship": Rule(kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_staff()),
    "actionplan:action": Rule(kwargs=on_action, expect=for_group_staff()),
    "actionplan:review": Rule(kwargs=on_action, expect=for_group_staff()),
    "actionplan:followup": Rule(method="post", kwargs=on_action, expect=expect({P.TEACHER: 302})),
}
