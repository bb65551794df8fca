from onderstroom.climate.tests.helpers import give_research_consent, world_moment, world_round, world_vision
from onderstroom.testing.matrix import (
    P,
    Rule,
    expect,
    for_children,
    for_group_staff,
    for_group_teacher,
    for_school_admin,
)
from onderstroom.testing.world import World


def moment_kwargs(world: World) -> dict[str, object]:
    return {"uuid": world_moment(world).uuid}


def with_vision(world: World) -> dict[str, object]:
    world_vision(world)
    return {}


def with_round(world: World) -> dict[str, object]:
    world_round(world)
    return {}


def teachers(ok: int = 200) -> dict:
    """Every teacher writes their own vision (the outsider at their own school too);
    nobody reads another's."""
    return expect({P.TEACHER: ok, P.OTHER_TEACHER: ok, P.OUTSIDER: ok})


def school_staff(ok: int = 200) -> dict:
    """Every member of staff with a role at the school of the open round; not the board, not outsiders."""
    return expect({P.TEACHER: ok, P.OTHER_TEACHER: ok, P.CARE: ok, P.ADMIN: ok, P.STAFF_MEMBER: ok})


def with_consent(world: World) -> dict[str, object]:
    give_research_consent(world)
    return {}


RULES = {
    "climate:group": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_staff()),
    "climate:result": Rule(kwargs=moment_kwargs, expect=for_group_staff()),
    "climate:board": Rule(kwargs=moment_kwargs, expect=for_group_staff()),
    "climate:practice": Rule(kwargs=moment_kwargs, expect=for_group_teacher()),
    "climate:vision": Rule(kwargs=with_vision, expect=teachers()),
    "climate:vision_delete": Rule(kwargs=with_vision, method="post", expect=teachers(302)),
    # The outsider is school admin at their own school: they see their own school's (empty) report.
    "climate:school": Rule(kwargs=with_round, expect=for_school_admin()),
    # The director prints the round of their own school; the outsider's school has no round: nothing to print.
    "climate:school_pdf": Rule(kwargs=with_round, expect=expect({P.ADMIN: 200})),
    "climate:open_round": Rule(method="post", expect=for_school_admin(302)),
    "climate:staff_form": Rule(kwargs=with_round, expect=school_staff()),
    # The care coordinator of the group's school (consent recorded); the outsider's school has none: refused.
    "climate:research": Rule(kwargs=with_consent, expect=expect({P.CARE: 200, P.OUTSIDER: 409})),
    "climate:child_start": Rule(kwargs=lambda w: moment_kwargs(w) and {}, expect=for_children(302)),
    "climate:child_form": Rule(
        kwargs=lambda w: moment_kwargs(w) and {"kind": "class"}, expect=for_children()
    ),
    "climate:child_answers": Rule(
        kwargs=lambda w: moment_kwargs(w) and {"kind": "class"}, method="post", expect=for_children(400)
    ),
}
