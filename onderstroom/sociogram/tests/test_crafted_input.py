"""Crafted answers from a child's device are refused with a 400 and store nothing; never a 500."""

import json

import pytest
from django.test import Client

from onderstroom.sociogram.models import PeerRating, PeerResponse
from onderstroom.sociogram.tests.helpers import make_survey, point_session_at
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

CLIENT_ID = "7d0c5a0e-58f4-4a43-9e0c-1a2b3c4d5e09"  # fixed: the same in every pytest-xdist worker


def post(world: World, body: str) -> int:
    survey = make_survey(world, nomination_limit=2)
    point_session_at(world.class_session, survey)
    client = world.client_for(Persona.CHILD, Client(raise_request_exception=False))
    url = f"/leerling/klasgenoten/{survey.uuid}/antwoord"
    return client.post(url, body, content_type="application/json").status_code


@pytest.mark.parametrize("value", ["1e400", "-1e400", "9" * 400, "NaN", "Infinity"])
def test_a_rating_beyond_any_number_is_refused(world: World, value: str) -> None:
    """{"value": 1e400} is a 400 with a message, not an OverflowError."""
    ratee = world.group.enrollments.exclude(child=world.child).first().child
    body = f'{{"client_id": "{CLIENT_ID}", "kind": "rating", "ratee": "{ratee.uuid}", "value": {value}}}'
    assert post(world, body) == 400
    assert not PeerRating.objects.exists()


def test_a_rating_as_a_form_field_beyond_any_number_is_refused(world: World) -> None:
    survey = make_survey(world, nomination_limit=2)
    point_session_at(world.class_session, survey)
    client = world.client_for(Persona.CHILD, Client(raise_request_exception=False))
    ratee = world.group.enrollments.exclude(child=world.child).first().child
    data = {"client_id": CLIENT_ID, "kind": "rating", "ratee": str(ratee.uuid), "value": "9" * 400}
    assert client.post(f"/leerling/klasgenoten/{survey.uuid}/antwoord", data).status_code == 400
    assert not PeerRating.objects.exists()


def test_nested_json_is_refused(world: World) -> None:
    assert post(world, '{"nominees": ' + "[" * 100_000) == 400
    assert not PeerResponse.objects.exists()


def test_a_body_over_the_limit_is_refused(world: World) -> None:
    body = json.dumps({"client_id": CLIENT_ID, "kind": "finish", "padding": "x" * 300_000})
    assert post(world, body) == 413
