"""Permission-matrix rules: the group's teachers and care coordinator follow the plans; only the
teacher who holds the sessions runs, changes and stops them; only the care coordinator sees the
list of signals with and without a plan."""

from datetime import timedelta

from onderstroom.bankingtime.models import Plan, Theme
from onderstroom.schools.access import today
from onderstroom.testing.matrix import P, Rule, expect, for_group_staff, for_group_teacher
from onderstroom.testing.world import World


def world_plan(world: World) -> Plan:
    """A running plan of the world's teacher with the world's child."""
    if "bankingtime_plan" not in world.extra:
        world.extra["bankingtime_plan"] = Plan.objects.create(
            school=world.school,
            child=world.child,
            group=world.group,
            teacher=world.teacher,
            minutes=10,
            sessions_per_week=3,
            weeks=8,
            starts_on=today() - timedelta(days=9),
            fixed_moment="dinsdag en donderdag na de kleine pauze",
            themes=[Theme.INTERESTED, Theme.SAFE],
            reason="Weinig contact de laatste weken.",
        )
    return world.extra["bankingtime_plan"]


def on_plan(world: World) -> dict:
    return {"uuid": world_plan(world).uuid}


RULES = {
    "bankingtime:overview": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_staff()),
    "bankingtime:signals": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=expect({P.CARE: 200})),
    "bankingtime:overview?csv": Rule(
        kwargs=lambda w: {"uuid": w.group.uuid}, query="?format=csv", expect=for_group_staff()
    ),
    "bankingtime:overview?xlsx": Rule(
        kwargs=lambda w: {"uuid": w.group.uuid}, query="?format=xlsx", expect=for_group_staff()
    ),
    "bankingtime:signals?csv": Rule(
        kwargs=lambda w: {"uuid": w.group.uuid}, query="?format=csv", expect=expect({P.CARE: 200})
    ),
    "bankingtime:signals?xlsx": Rule(
        kwargs=lambda w: {"uuid": w.group.uuid}, query="?format=xlsx", expect=expect({P.CARE: 200})
    ),
    "bankingtime:new_plan": Rule(kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_teacher()),
    "bankingtime:plan": Rule(kwargs=on_plan, expect=for_group_staff()),
    "bankingtime:edit_plan": Rule(kwargs=on_plan, expect=for_group_teacher()),
    "bankingtime:session": Rule(kwargs=on_plan, expect=for_group_teacher()),
    "bankingtime:stop": Rule(method="post", kwargs=on_plan, expect=for_group_teacher(302)),
}
