"""Crafted input to the board and its forms is refused with a 4xx and changes nothing; never a 500."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.constellations.models import Constellation, Event, Figure
from onderstroom.constellations.tests.access_rules import class_board
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

HUGE = "9" * 400


def teacher(world: World) -> Client:
    return world.client_for(Persona.TEACHER, Client(raise_request_exception=False))


def post_move(client: Client, board: Constellation, body: str) -> int:
    url = reverse("constellations:event", args=[board.uuid])
    return client.post(url, body, content_type="application/json").status_code


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "place", "x": HUGE, "y": 0.5},
        {"type": "place", "x": 0.5, "y": f"-{HUGE}"},
    ],
    ids=["x", "y"],
)
def test_a_400_digit_number_in_a_move_or_turn_is_refused(world: World, fields: dict) -> None:
    """A number too long for a float is a 400 with a message, and the board does not change."""
    board = class_board(world)
    figure = board.figures.get(kind=Figure.Kind.STAFF)
    body = json.dumps({"figure": str(figure.uuid), **fields}).replace(f'"{HUGE}"', HUGE)
    body = body.replace(f'"-{HUGE}"', f"-{HUGE}")
    assert post_move(teacher(world), board, body) == 400
    assert not Event.objects.exists()


@pytest.mark.parametrize("angle", [HUGE, f"-{HUGE}", "1e400"])
def test_a_400_digit_direction_in_a_turn_is_refused(world: World, angle: str) -> None:
    """A child turning their own figure by a number too long for a float gets a 400; the board stands."""
    board = class_board(world)
    figure = str(board.figures.get(child=world.child).uuid)
    client = world.client_for(Persona.CHILD, Client(raise_request_exception=False))
    url = reverse("constellations:child_event", args=[board.uuid])
    placed = {"figure": figure, "type": "place", "x": 0.5, "y": 0.5}
    assert client.post(url, json.dumps(placed), content_type="application/json").status_code == 200
    body = f'{{"figure": "{figure}", "type": "turn", "angle": {angle}}}'
    assert client.post(url, body, content_type="application/json").status_code == 400
    assert Event.objects.count() == 1


def test_a_typed_400_digit_number_on_the_button_form_is_refused(world: World) -> None:
    board = class_board(world)
    figure = board.figures.get(kind=Figure.Kind.STAFF)
    url = reverse("constellations:event", args=[board.uuid])
    response = teacher(world).post(url, {"figure": str(figure.uuid), "action": "turn", "angle": HUGE})
    assert response.status_code in (302, 400)
    assert not Event.objects.exists()


def test_nested_json_to_the_board_is_refused(world: World) -> None:
    board = class_board(world)
    assert post_move(teacher(world), board, "[" * 100_000) == 400
    assert not Event.objects.exists()


@pytest.mark.parametrize("since", ["²", HUGE, "-1"])
def test_a_crafted_since_on_the_board_state_is_answered(world: World, since: str) -> None:
    board = class_board(world)
    response = teacher(world).get(reverse("constellations:state", args=[board.uuid]), {"since": since})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["-99999999999999999999", "99999999999999999999", "²", "1e400"])
def test_a_crafted_classmate_on_the_personal_form_is_a_form_error(world: World, value: str) -> None:
    """A classmate id beyond any integer is refused by the form, and no board is made."""
    url = reverse("constellations:new_personal", args=[world.child.uuid])
    response = teacher(world).post(url, {"field_name": "Mijn mensen", "shape": "round", "classmates": value})
    assert response.status_code == 400
    assert not Constellation.objects.exists()


def test_a_crafted_classmate_on_the_add_figure_form_changes_nothing(world: World) -> None:
    board = class_board(world)
    url = reverse("constellations:add_figure", args=[board.uuid])
    before = Figure.objects.count()
    response = teacher(world).post(url, {"kind": "child", "child": "-99999999999999999999"})
    assert response.status_code in (302, 400)
    assert Figure.objects.count() == before
