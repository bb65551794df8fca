"""The server decides who may move what: the rules of the two rounds, checked through the services."""

import math

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from onderstroom.audit.models import AuditEvent
from onderstroom.constellations import services
from onderstroom.constellations.models import Constellation, Event, Figure
from onderstroom.constellations.services import BoardError, Move
from onderstroom.constellations.tests.conftest import (
    child_actor,
    children_of,
    figure_of,
    staff_actor,
)
from onderstroom.schools.access import StaffActor
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def place(actor, board: Constellation, figure: Figure, x: float = 0.5, y: float = 0.5, **extra):  # type: ignore[no-untyped-def]
    return services.record_event(actor, board, Move(figure=str(figure.uuid), type="place", x=x, y=y, **extra))


def test_a_class_board_has_the_teacher_first_then_every_child_in_class_order(
    world: World, board: Constellation
) -> None:
    figures = list(board.figures.order_by("order"))
    assert figures[0].kind == Figure.Kind.STAFF
    assert figures[0].user == world.teacher
    assert [f.child for f in figures[1:]] == children_of(world)
    assert board.round == 1
    assert board.turn is None
    assert AuditEvent.objects.filter(action="constellations.class.create").count() == 1


def test_only_a_teacher_of_the_group_opens_a_class_board(world: World) -> None:
    for user in (world.care, world.other_teacher, world.outsider):
        with pytest.raises(Http404):
            services.create_class_constellation(staff_actor(user), world.group, "Onze klas", "round")


@pytest.mark.parametrize(
    ("name", "shape"), [("", "round"), ("   ", "square"), ("x" * 81, "round"), ("Onze klas", "triangle")]
)
def test_a_board_needs_a_name_and_a_known_cloth(
    world: World, teacher: StaffActor, name: str, shape: str
) -> None:
    with pytest.raises(BoardError):
        services.create_class_constellation(teacher, world.group, name, shape)
    assert not Constellation.objects.exists()


def test_round_one_the_teacher_first_then_one_child_at_a_time(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    first, second, third = children_of(world)
    with pytest.raises(PermissionDenied):
        place(child_actor(world, first), board, figure_of(board, first))
    with pytest.raises(PermissionDenied):
        place(teacher, board, figure_of(board, first))  # nobody's turn yet, not even at the classroom screen

    place(teacher, board, figure_of(board), 0.5, 0.2)
    board.refresh_from_db()
    assert board.turn == figure_of(board, first)

    with pytest.raises(PermissionDenied):
        place(child_actor(world, second), board, figure_of(board, second))  # not their turn
    place(child_actor(world, first), board, figure_of(board, first), 0.3, 0.6)
    board.refresh_from_db()
    assert board.turn == figure_of(board, second)

    with pytest.raises(PermissionDenied):  # placed in round one: no moving until round two
        services.record_event(
            child_actor(world, first), board, Move(str(figure_of(board, first).uuid), "move", 0.1, 0.1)
        )
    services.give_turn(teacher, board, str(figure_of(board, third).uuid))
    place(child_actor(world, third), board, figure_of(board, third), 0.7, 0.6)
    board.refresh_from_db()
    assert board.turn == figure_of(board, second)  # the turn goes back to whoever is still waiting
    place(child_actor(world, second), board, figure_of(board, second), 0.5, 0.7)
    board.refresh_from_db()
    assert board.turn is None
    assert list(board.events.values_list("sequence", flat=True)) == [1, 2, 3, 4]


def test_round_two_a_child_moves_turns_and_feels_only_their_own_figure(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    first, second, _ = children_of(world)
    place(teacher, board, figure_of(board))
    place(child_actor(world, first), board, figure_of(board, first), 0.2, 0.2)
    services.start_round_two(teacher, board)
    board.refresh_from_db()
    me = child_actor(world, first)
    mine = str(figure_of(board, first).uuid)
    services.record_event(me, board, Move(mine, "move", 0.3, 0.4))
    services.record_event(me, board, Move(mine, "turn", angle=450))
    services.record_event(me, board, Move(mine, "emotion", emotion="sad"))
    figure = figure_of(board, first)
    assert (figure.x, figure.y, figure.angle, figure.emotion) == (0.3, 0.4, 90, "sad")
    assert figure.moved_by_staff is False

    stored = Event.objects.count()
    for kind, extra in (
        ("move", {"x": 0.9, "y": 0.9}),
        ("turn", {"angle": 10}),
        ("emotion", {"emotion": "happy"}),
    ):
        with pytest.raises(PermissionDenied):
            services.record_event(me, board, Move(str(figure_of(board).uuid), kind, **extra))
    with pytest.raises(PermissionDenied):
        place(me, board, figure_of(board, second))  # an absent classmate's figure is still not theirs
    assert Event.objects.count() == stored
    assert figure_of(board).x == 0.5


def test_the_teacher_moves_any_figure_and_the_move_is_marked_as_theirs(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    first = children_of(world)[0]
    place(teacher, board, figure_of(board))
    place(child_actor(world, first), board, figure_of(board, first), 0.2, 0.2)
    services.record_event(teacher, board, Move(str(figure_of(board, first).uuid), "move", 0.4, 0.4))
    event = board.events.order_by("sequence").last()
    assert event.by_user == world.teacher
    assert event.by_child is None
    assert figure_of(board, first).moved_by_staff is True
    assert AuditEvent.objects.filter(action="constellations.figure.move", child=first).count() == 1


def test_the_care_coordinator_looks_on_but_does_not_move_a_class_board(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    care = staff_actor(world.care)
    with pytest.raises(PermissionDenied):
        place(care, board, figure_of(board))
    with pytest.raises(PermissionDenied):
        services.close(care, board)
    assert not board.events.exists()


def test_a_request_sent_twice_is_stored_once(world: World, teacher: StaffActor, board: Constellation) -> None:
    first = place(teacher, board, figure_of(board), client_id="abc-1")
    again = place(teacher, board, figure_of(board), 0.9, 0.9, client_id="abc-1")
    assert first.stored is True
    assert again.stored is False
    assert board.events.count() == 1
    assert figure_of(board).x == 0.5


@pytest.mark.parametrize(
    "move",
    [
        {"type": "place", "x": 1.2, "y": 0.5},
        {"type": "place", "x": -0.1, "y": 0.5},
        {"type": "place", "x": "nan", "y": 0.5},
        {"type": "place", "x": "links", "y": 0.5},
        {"type": "place", "x": None, "y": 0.5},
        {"type": "turn", "angle": "inf"},
        {"type": "turn", "angle": []},
        {"type": "emotion", "emotion": "bored"},
        {"type": "jump"},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, teacher: StaffActor, board: Constellation, move: dict
) -> None:
    place(teacher, board, figure_of(board))
    board.refresh_from_db()
    version = board.version
    with pytest.raises(BoardError):
        services.record_event(teacher, board, Move(figure=str(figure_of(board).uuid), **move))
    board.refresh_from_db()
    assert board.version == version
    assert board.events.count() == 1


def test_an_unknown_figure_is_not_found(teacher: StaffActor, board: Constellation) -> None:
    for figure in ("", "not-a-uuid", "5a1b0f0e-0000-4000-8000-000000000000"):
        with pytest.raises(Http404):
            services.record_event(teacher, board, Move(figure=figure, type="place", x=0.5, y=0.5))


def test_a_round_cloth_draws_a_point_beyond_the_rim_back_onto_it() -> None:
    """(1, 1) lies 0.707 from the centre; on the rim it is 0.5 along the same diagonal: 0.5 + 0.5/√2."""
    x, y = services.clean_point(1, 1, "round")
    assert x == pytest.approx(0.5 + 0.5 / math.sqrt(2), abs=1e-4)
    assert y == x
    assert services.clean_point(1, 1, "square") == (1.0, 1.0)


def test_a_place_on_a_placed_figure_becomes_a_move(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    place(teacher, board, figure_of(board))
    place(teacher, board, figure_of(board), 0.4, 0.4)
    assert list(board.events.values_list("type", flat=True)) == ["place", "move"]


def test_a_closed_board_changes_no_more(world: World, teacher: StaffActor, board: Constellation) -> None:
    place(teacher, board, figure_of(board))
    services.close(teacher, board)
    board.refresh_from_db()
    with pytest.raises(PermissionDenied):
        place(teacher, board, figure_of(board), 0.1, 0.1)
    with pytest.raises(BoardError):
        services.start_round_two(teacher, board)
    assert board.events.count() == 1


def test_turns_are_given_only_to_waiting_children_in_round_one(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    with pytest.raises(BoardError):
        services.give_turn(teacher, board, str(figure_of(board).uuid))  # the teacher's own figure
    services.start_round_two(teacher, board)
    board.refresh_from_db()
    with pytest.raises(BoardError):
        services.give_turn(teacher, board, str(figure_of(board, children_of(world)[0]).uuid))


def test_a_personal_board_holds_the_child_and_whoever_matters(world: World) -> None:
    care = staff_actor(world.care)
    first, second, _ = children_of(world)
    board = services.create_personal_constellation(
        care,
        first,
        field_name="Mijn mensen",
        shape="square",
        classmates=[second, first],
        include_me=True,
        family=["zus Lisa", "mama"],
        others=["voetbaltrainer"],
    )
    kinds = [(f.kind, f.child, f.label) for f in board.figures.order_by("order")]
    assert kinds == [
        ("child", first, ""),
        ("child", second, ""),
        ("staff", None, ""),
        ("family", None, "zus Lisa"),
        ("family", None, "mama"),
        ("other", None, "voetbaltrainer"),
    ]
    figure = services.add_figure(care, board, kind="family", label="opa")
    assert figure.order == 6
    with pytest.raises(BoardError):
        services.add_figure(care, board, kind="child", child=second)  # already there
    with pytest.raises(BoardError):
        services.add_figure(care, board, kind="family", label="x" * 41)
    place(care, board, board.figures.get(label="zus Lisa"))  # staff-driven: no turns
    assert AuditEvent.objects.filter(action="constellations.personal.create", child=first).exists()


def test_a_personal_board_is_only_for_a_child_one_may_see(world: World) -> None:
    with pytest.raises(Http404):
        services.create_personal_constellation(
            staff_actor(world.other_teacher),
            world.child,
            field_name="x",
            shape="round",
            classmates=[],
            include_me=False,
            family=[],
            others=[],
        )


def test_notes_are_kept_at_the_step_the_board_was_at(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    place(teacher, board, figure_of(board))
    note = services.add_note(teacher, board, "question", "  Waarom sta je daar?  ")
    assert (note.at_step, note.text, note.author) == (1, "Waarom sta je daar?", world.teacher)
    for kind, text in (("question", " "), ("remark", "x"), ("note", "x" * 2001)):
        with pytest.raises(BoardError):
            services.add_note(teacher, board, kind, text)
    with pytest.raises(PermissionDenied):
        services.add_note(staff_actor(world.care), board, "note", "x")
