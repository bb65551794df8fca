from uuid import UUID

from onderstroom.testing.matrix import P, Rule, for_children, for_everybody, for_group_teacher
from onderstroom.testing.world import World


def session(world: World) -> dict[str, UUID]:
    return {"uuid": world.class_session.uuid}


# Steps of signing in that need a typed code first: nobody in the matrix has typed one, so
# everybody is sent on (a signed-in child to their page, anybody else to the start page).
SIGN_IN_STEP = for_everybody(302)

RULES = {
    "childsessions:new": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_teacher()),
    "childsessions:open": Rule(
        method="post",
        kwargs=lambda w: {"uuid": w.group.uuid},
        data=lambda w: {"activity": "none"},
        expect=for_group_teacher(302),
    ),
    "childsessions:login_cards": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_teacher()),
    "childsessions:session": Rule(kwargs=session, expect=for_group_teacher()),
    "childsessions:session_children": Rule(kwargs=session, expect=for_group_teacher()),
    "childsessions:close": Rule(method="post", kwargs=session, expect=for_group_teacher(302)),
    "childsessions:unlock": Rule(
        method="post",
        kwargs=lambda w: {"uuid": w.class_session.uuid, "child": w.child.uuid},
        expect=for_group_teacher(302),
    ),
    "childsessions:board": Rule(kwargs=session, expect=for_group_teacher()),
    "childsessions:board_count": Rule(kwargs=session, expect=for_group_teacher()),
    # The child's start page: a signed-in child goes on to their own page.
    "childsessions:start": Rule(expect={**for_everybody(200), P.CHILD: 302}),
    # A school's entry looks the same to everybody (staff see why they cannot sign in a pupil).
    "childsessions:school_start": Rule(
        kwargs=lambda w: {"school": w.school.brin}, expect={**for_everybody(200), P.CHILD: 302}
    ),
    # The QR address: a GET only shows the button that POSTs; staff go to the entry, a child home.
    "childsessions:join": Rule(
        kwargs=lambda w: {"school": w.school.brin, "code": w.class_session.code},
        expect={**for_everybody(302), P.ANONYMOUS: 200},
    ),
    "childsessions:names": Rule(expect=SIGN_IN_STEP),
    "childsessions:pictures": Rule(expect=SIGN_IN_STEP),
    # No photos in the world: nobody gets one, and nobody learns more than "not found".
    "childsessions:photo": Rule(
        kwargs=lambda w: {"uuid": w.child.uuid},
        expect=for_everybody(404),
    ),
    "childsessions:home": Rule(expect=for_children()),
    "childsessions:leave": Rule(method="post", expect=for_everybody(302)),
}
