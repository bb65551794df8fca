"""Crafted batches from the logger's device queue are refused with a 400 and store nothing; never a 500."""

import json
import uuid

import pytest
from django.test import Client

from onderstroom.interactions.models import InteractionEvent
from onderstroom.interactions.tests.helpers import children_of
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def post(world: World, body: str) -> int:
    client = world.client_for(Persona.TEACHER, Client(raise_request_exception=False))
    url = f"/groups/{world.group.uuid}/interactions/taps"
    return client.post(url, body, content_type="application/json").status_code


@pytest.mark.parametrize("at", ["9" * 400, "-" + "9" * 400, "1e400"])
def test_a_tap_at_a_400_digit_time_is_refused(world: World, at: str) -> None:
    """{"at": 999…9} (400 digits) is a 400 with a message, not an OverflowError."""
    child = children_of(world.group)[0]
    tap = {"op": "add", "id": str(uuid.uuid4()), "child": str(child.uuid), "kind": "praise", "at": 0}
    body = json.dumps({"ops": [tap]}).replace('"at": 0', f'"at": {at}')
    assert post(world, body) == 400
    assert not InteractionEvent.objects.exists()


def test_nested_json_is_refused(world: World) -> None:
    assert post(world, '{"ops": ' + "[" * 100_000) == 400
    assert not InteractionEvent.objects.exists()
