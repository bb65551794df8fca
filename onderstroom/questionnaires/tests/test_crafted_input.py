"""Crafted input to the questionnaire screens is refused with a 4xx and changes nothing; never a 500."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from onderstroom.questionnaires import services
from onderstroom.questionnaires.builders import make_moment, run_questionnaire
from onderstroom.questionnaires.models import Answer, MeasurementMoment, Response
from onderstroom.questionnaires.services import AnswerIn
from onderstroom.schools.access import build_staff_actor
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def child_client(world: World) -> tuple[Client, str]:
    """A signed-in child's client (a 500 is an answer here, not an exception) and their form's URL."""
    moment = make_moment(world.group)
    run_questionnaire(world.class_session, moment)
    client = world.client_for(Persona.CHILD, Client(raise_request_exception=False))
    return client, f"/leerling/vragenlijst/{moment.uuid}/{world.teacher.uuid}/"


def post_json(client: Client, url: str, body: str) -> int:
    return client.post(url, body, content_type="application/json").status_code


def test_a_question_number_in_superscript_digits_shows_the_form(world: World) -> None:
    """?q=² passes str.isdigit() but not int(); the form is shown at its first open question."""
    client, url = child_client(world)
    for wanted in ("²", "٣", "1" * 400, "-1", "0x2"):
        response = client.get(url, {"q": wanted})
        assert response.status_code == 200, wanted
        assert response.context["number"] == 1


def test_one_client_id_on_two_items_in_a_batch_is_stored_once(world: World) -> None:
    """The second item under a client id already used in the batch is refused, not an IntegrityError."""
    client, url = child_client(world)
    same = str(uuid.uuid4())
    items = [item["key"] for item in client.get(url).context["data"]["items"][:2]]
    batch = {"answers": [{"client_id": same, "item": item, "value": 2} for item in items]}
    response = client.post(f"{url}antwoorden", json.dumps(batch), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["rejected"]
    assert Answer.objects.count() == 1


def test_nested_json_is_refused_and_stores_nothing(world: World) -> None:
    """About 100 KB of brackets is a 400 with a message, not a RecursionError."""
    client, url = child_client(world)
    response = client.post(f"{url}antwoorden", "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert Answer.objects.count() == 0


def test_a_body_over_the_limit_is_refused_as_too_large(world: World) -> None:
    client, url = child_client(world)
    body = json.dumps({"answers": [], "padding": "x" * 300_000})
    assert post_json(client, f"{url}antwoorden", body) == 413


def test_a_replayed_answer_without_a_time_does_not_overwrite_a_newer_one(world: World) -> None:
    """An answer without the device's time counts as the oldest: it fills an empty item, never replaces."""
    moment = make_moment(world.group)
    actor = build_staff_actor(world.teacher, None, None)
    newer = AnswerIn(item="t01", value=5, client_id=uuid.uuid4(), answered_at=datetime.now(UTC))
    replayed = AnswerIn(item="t01", value=2, client_id=uuid.uuid4())
    services.save_teacher_answers(actor, moment, [(world.child.uuid, newer)])
    result = services.save_teacher_answers(actor, moment, [(world.child.uuid, replayed)])
    assert result.stored == [str(replayed.client_id)]  # acknowledged, so the device forgets it
    assert Response.objects.get().values == {"t01": 5}
    fresh = AnswerIn(item="t02", value=3, client_id=uuid.uuid4())
    services.save_teacher_answers(actor, moment, [(world.child.uuid, fresh)])
    assert Response.objects.get().values == {"t01": 5, "t02": 3}


def test_the_plain_form_still_changes_an_answer(world: World) -> None:
    """A child who picks again on the plain form changes their answer: that answer is of now."""
    client, url = child_client(world)
    item = client.get(url).context["question"].key
    old = datetime.now(UTC) - timedelta(minutes=5)
    client.post(url, {"item": item, "value": "1"})
    Answer.objects.update(answered_at=old)
    client.post(url, {"item": item, "value": "3"})
    assert Answer.objects.get().value == 3


def test_one_client_id_on_answers_about_two_children_is_stored_once(world: World) -> None:
    """The teacher's grid: a client id repeated for a second child is refused, not an IntegrityError."""
    moment = make_moment(world.group)
    first, second = (e.child for e in world.group.enrollments.order_by("child__surname")[:2])
    same = uuid.uuid4()
    batch = [(child.uuid, AnswerIn(item="t01", value=3, client_id=same)) for child in (first, second)]
    result = services.save_teacher_answers(build_staff_actor(world.teacher, None, None), moment, batch)
    assert result.stored == [str(same)]
    assert list(result.rejected) == [str(same)]
    assert Answer.objects.count() == 1


def test_the_plain_form_goes_on_or_explains_and_stores_nothing_wrong(world: World) -> None:
    """The child's form without its script (`answering.save_plain_answer`, shared with the climate
    forms): an answer leads to the next question, the last one back to the form; an unknown item, a
    value that is no number or out of range, and a closed moment get the friendly page in Dutch."""
    client, url = child_client(world)
    keys = [item["key"] for item in client.get(url).context["data"]["items"]]
    response = client.post(url, {"item": keys[0], "value": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?q=2"
    assert client.post(url, {"item": keys[-1], "value": "2"})["Location"] == url
    for crafted in ({"item": "nope", "value": "2"}, {"item": keys[1], "value": "x"}, {"item": keys[1]}):
        refused = client.post(url, crafted)
        assert refused.status_code == 400, crafted
        assert "Dat ging niet goed." in refused.content.decode()
    rejected = client.post(url, {"item": keys[1], "value": "99"})  # outside the form's answer range
    assert rejected.status_code == 400
    assert client.post(url, {"item": keys[1], "value": str(10**30)}).status_code == 400
    assert sorted(Answer.objects.values_list("item", flat=True)) == sorted([keys[0], keys[-1]])
    today = datetime.now(UTC).date()
    MeasurementMoment.objects.update(opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=2))
    assert client.post(url, {"item": keys[1], "value": "2"}).status_code == 404  # closed: no form
    assert Answer.objects.count() == 2
