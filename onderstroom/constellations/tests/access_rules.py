"""Permission-matrix rules: the group's teachers run a class board, its care coordinator looks on
(and runs personal boards); a child reaches only the board their class session was opened for."""

from onderstroom.constellations.models import Constellation, Figure
from onderstroom.testing.matrix import P, Rule, expect, for_children, for_group_staff, for_group_teacher
from onderstroom.testing.world import World

FORBIDDEN = 403  # may see the board, may not change it: the care coordinator on a class board


def class_board(world: World) -> Constellation:
    """A class constellation in round two, which the open class session of the world is for."""
    if "class_board" not in world.extra:
        board = Constellation.objects.create(
            school=world.school,
            kind=Constellation.Kind.CLASS,
            group=world.group,
            field_name="Onze klas",
            created_by=world.teacher,
            round=2,
        )
        figures = [Figure(kind=Figure.Kind.STAFF, user=world.teacher)]
        figures += [Figure(kind=Figure.Kind.CHILD, child=e.child) for e in world.group.enrollments.all()]
        for order, figure in enumerate(figures):
            figure.school, figure.constellation, figure.order = world.school, board, order
        Figure.objects.bulk_create(figures)
        world.class_session.activity = "constellation"
        world.class_session.activity_object = str(board.uuid)
        world.class_session.save()
        world.extra["class_board"] = board
    return world.extra["class_board"]


def personal_board(world: World) -> Constellation:
    if "personal_board" not in world.extra:
        board = Constellation.objects.create(
            school=world.school,
            kind=Constellation.Kind.PERSONAL,
            group=world.group,
            child=world.child,
            field_name="Mijn mensen",
            created_by=world.care,
        )
        Figure.objects.create(
            school=world.school, constellation=board, kind=Figure.Kind.CHILD, child=world.child
        )
        world.extra["personal_board"] = board
    return world.extra["personal_board"]


def on_class_board(world: World) -> dict:
    return {"uuid": class_board(world).uuid}


def on_personal_board(world: World) -> dict:
    return {"uuid": personal_board(world).uuid}


def own_figure(world: World) -> dict:
    """The signed-in child's own figure, put in the middle (allowed in round two)."""
    figure = class_board(world).figures.get(child=world.child)
    return {"figure": str(figure.uuid), "action": "place"}


def teacher_figure(world: World) -> dict:
    figure = class_board(world).figures.get(kind=Figure.Kind.STAFF)
    return {"figure": str(figure.uuid), "action": "place"}


RUNS_CLASS_BOARD = expect({P.TEACHER: 302, P.CARE: FORBIDDEN})

RULES = {
    "constellations:group_list": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_staff()),
    "constellations:new_class": Rule(
        method="post",
        kwargs=lambda w: {"uuid": w.group.uuid},
        data=lambda w: {"field_name": "Onze klas", "shape": "round"},
        expect=for_group_teacher(302),
    ),
    "constellations:compare": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_staff()),
    "constellations:new_personal": Rule(kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_staff()),
    "constellations:board": Rule(kwargs=on_class_board, expect=for_group_staff()),
    "constellations:state": Rule(kwargs=on_class_board, expect=for_group_staff()),
    "constellations:event": Rule(
        method="post", kwargs=on_class_board, data=teacher_figure, expect=RUNS_CLASS_BOARD
    ),
    "constellations:turn": Rule(method="post", kwargs=on_class_board, expect=for_group_teacher(302)),
    "constellations:round_two": Rule(method="post", kwargs=on_class_board, expect=for_group_teacher(302)),
    "constellations:close": Rule(method="post", kwargs=on_class_board, expect=RUNS_CLASS_BOARD),
    "constellations:add_figure": Rule(
        method="post",
        kwargs=on_personal_board,
        data=lambda w: {"kind": "family", "label": "zus"},
        expect=for_group_staff(302),
    ),
    "constellations:note": Rule(
        method="post",
        kwargs=on_class_board,
        data=lambda w: {"kind": "question", "text": "Wat zie je?"},
        expect=RUNS_CLASS_BOARD,
    ),
    "constellations:replay": Rule(kwargs=on_class_board, expect=for_group_staff()),
    "constellations:next_to_sociogram": Rule(kwargs=on_class_board, expect=for_group_staff()),
    "constellations:child_board": Rule(kwargs=on_class_board, expect=for_children()),
    "constellations:child_state": Rule(kwargs=on_class_board, expect=for_children()),
    "constellations:child_event": Rule(
        method="post", kwargs=on_class_board, data=own_figure, expect=for_children(302)
    ),
}
