from onderstroom.mapping.tests.helpers import world_champion, world_round
from onderstroom.testing.matrix import P, Rule, expect, for_any_staff, for_children, for_school_admin
from onderstroom.testing.world import World


def round_kwargs(world: World) -> dict[str, object]:
    return {"uuid": world_round(world).uuid}


def markers(ok: int = 200) -> dict:
    """Every member of staff with a role at the school marks; the board admin and outsiders do not."""
    return expect({P.TEACHER: ok, P.OTHER_TEACHER: ok, P.CARE: ok, P.ADMIN: ok, P.STAFF_MEMBER: ok})


def mappers(ok: int = 200) -> dict:
    """The care coordinator and the director (school admin): the map, rounds and champions."""
    return expect({P.CARE: ok, P.ADMIN: ok})


RULES = {
    # The outsider is care coordinator and admin at their own school: they see their own school's rounds.
    "mapping:overview": Rule(expect=expect({P.CARE: 200, P.ADMIN: 200, P.OUTSIDER: 200})),
    "mapping:settings": Rule(expect=for_school_admin()),
    "mapping:board": Rule(expect=expect({P.BOARD: 200})),
    "mapping:round": Rule(kwargs=round_kwargs, expect=markers()),
    "mapping:marks": Rule(
        kwargs=round_kwargs,
        method="post",
        data=lambda w: {"child": f"{w.child.uuid}:1"},
        expect=markers(302),
    ),
    # The matrix world has no photos: nobody gets one (test_caching and test_views show who does).
    "mapping:photo": Rule(
        kwargs=lambda w: {"uuid": world_round(w).uuid, "child": w.child.uuid},
        expect={**for_any_staff(404), P.CHILD: 404, P.ANONYMOUS: 404},
    ),
    "mapping:offer": Rule(
        kwargs=round_kwargs, method="post", data=lambda w: {"offer": "1"}, expect=markers(302)
    ),
    "mapping:close": Rule(kwargs=round_kwargs, method="post", expect=mappers(302)),
    "mapping:map": Rule(kwargs=round_kwargs, expect=mappers()),
    "mapping:set_champion": Rule(
        kwargs=round_kwargs,
        method="post",
        data=lambda w: {"child": str(w.child.uuid), "champion": str(w.teacher.uuid), "how": "volunteered"},
        expect=mappers(302),
    ),
    # Only the champion themselves (here the member of staff without a group).
    "mapping:champion": Rule(
        kwargs=lambda w: {"uuid": world_champion(w).uuid}, expect=expect({P.STAFF_MEMBER: 200})
    ),
    "mapping:child": Rule(kwargs=round_kwargs, expect=for_children()),
    # A colleague's photo on the child's screen: only for the child of the open round, and the matrix
    # world's adults have no photo, so "not found" (test_own_photo.py shows the child getting one).
    "mapping:adult_photo": Rule(
        kwargs=lambda w: {"uuid": world_round(w).uuid, "adult": w.teacher.uuid},
        expect={**for_any_staff(404), P.CHILD: 404, P.ANONYMOUS: 404},
    ),
}
