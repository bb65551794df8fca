"""Replaying the stored events gives exactly where every figure stands, at the end and at any step."""

import random
from types import SimpleNamespace

import pytest

from onderstroom.constellations import services
from onderstroom.constellations.models import Constellation
from onderstroom.constellations.replay import FigureState, apply, last_step_of_round, replay, stored_state
from onderstroom.constellations.services import Move
from onderstroom.constellations.tests.conftest import child_actor, children_of, figure_of
from onderstroom.schools.access import StaffActor
from onderstroom.testing.world import World


def event(sequence: int, figure: int, type: str, round: int = 1, by_staff: bool = False, **values):  # type: ignore[no-untyped-def]
    fields = {"x": None, "y": None, "angle": None, "emotion": ""} | values
    return SimpleNamespace(
        sequence=sequence, figure_id=figure, type=type, round=round, by_staff=by_staff, **fields
    )


def test_each_event_changes_only_its_own_fields() -> None:
    state = apply(FigureState(), event(1, 1, "place", x=0.2, y=0.3))
    state = apply(state, event(2, 1, "turn", angle=90))
    state = apply(state, event(3, 1, "emotion", emotion="happy"))
    state = apply(state, event(4, 1, "move", x=0.6, y=0.7, by_staff=True))
    assert state == FigureState(placed=True, x=0.6, y=0.7, angle=90, emotion="happy", by_staff=True)


def test_replay_stops_at_the_step_asked_for_and_sorts_by_sequence() -> None:
    events = [
        event(3, 2, "place", x=0.9, y=0.9),
        event(1, 1, "place", x=0.1, y=0.1),
        event(2, 1, "move", x=0.5, y=0.5),
    ]
    assert replay(events, 0) == {}
    assert replay(events, 1) == {1: FigureState(placed=True, x=0.1, y=0.1)}
    assert replay(events)[1].x == 0.5
    assert set(replay(events)) == {1, 2}


def test_an_unknown_event_type_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="unknown event type"):
        apply(FigureState(), event(1, 1, "teleport"))


def test_the_last_step_of_each_round() -> None:
    events = [event(1, 1, "place", 1), event(2, 2, "place", 1), event(3, 1, "turn", 2)]
    assert last_step_of_round(events, 1) == 2
    assert last_step_of_round(events, 2) == 3
    assert last_step_of_round([], 1) == 0


@pytest.mark.django_db
def test_a_whole_session_replays_to_exactly_the_stored_positions(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    """Two rounds with random moves by the teacher and the children: the fold ends where the figures stand."""
    rng = random.Random(5)
    children = children_of(world)
    services.record_event(teacher, board, Move(str(figure_of(board).uuid), "place", 0.5, 0.1))
    for child in children:
        board.refresh_from_db()
        services.record_event(
            child_actor(world, child),
            board,
            Move(str(figure_of(board, child).uuid), "place", rng.random(), rng.random()),
        )
    services.start_round_two(teacher, board)
    board.refresh_from_db()
    for _ in range(40):
        child = rng.choice(children)
        actor = rng.choice([teacher, child_actor(world, child)])
        kind = rng.choice(["move", "turn", "emotion"])
        values = {"move": {"x": rng.random(), "y": rng.random()}, "turn": {"angle": rng.randrange(-720, 720)}}
        values["emotion"] = {"emotion": rng.choice(["", "scared", "angry", "sad", "happy"])}
        services.record_event(actor, board, Move(str(figure_of(board, child).uuid), kind, **values[kind]))
    events = list(board.events.all())
    assert len(events) == 1 + len(children) + 40
    replayed = replay(events)
    for figure in board.figures.all():
        assert replayed[figure.pk] == stored_state(figure)
    end_of_one = last_step_of_round(events, 1)
    assert end_of_one == 1 + len(children)
    assert all(state.angle is None for state in replay(events, end_of_one).values())
