"""The moment gates: the group's staff get the moment, everyone else a 404 (never a None to check)."""

import pytest
from django.http import Http404

from onderstroom.questionnaires.access import get_care_moment, get_staff_moment, get_teacher_moment
from onderstroom.questionnaires.builders import make_moment
from onderstroom.schools.access import AnonymousActor, build_staff_actor
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

OUTSIDERS = (Persona.OTHER_TEACHER, Persona.ADMIN, Persona.BOARD, Persona.OUTSIDER)


def test_the_staff_moment_gate_raises_404_for_outsiders(world: World) -> None:
    """Teachers and the care coordinator get the moment; a colleague, an admin or an outsider get 404."""
    moment = make_moment(world.group)
    for user in (world.teacher, world.co_teacher, world.care):
        assert get_staff_moment(build_staff_actor(user, None, None), moment.uuid) == moment
    for persona in OUTSIDERS:
        with pytest.raises(Http404):
            get_staff_moment(build_staff_actor(world.user_for(persona), None, None), moment.uuid)
    with pytest.raises(Http404):
        get_staff_moment(AnonymousActor(), moment.uuid)


def test_the_teacher_and_care_moment_gates_keep_to_their_role(world: World) -> None:
    """Only the group's teachers rate; only its care coordinator opens reliability and exports."""
    moment = make_moment(world.group)
    teacher, care = (build_staff_actor(u, None, None) for u in (world.teacher, world.care))
    assert get_teacher_moment(teacher, moment.uuid) == moment
    assert get_care_moment(care, moment.uuid) == moment
    with pytest.raises(Http404):
        get_teacher_moment(care, moment.uuid)
    with pytest.raises(Http404):
        get_care_moment(teacher, moment.uuid)


@pytest.mark.parametrize("page", ["edit/", "read-aloud/"])
def test_an_outsider_gets_404_from_the_moment_pages(world: World, page: str) -> None:
    """The pages behind the staff moment gate answer 404 to everyone outside the group."""
    moment = make_moment(world.group)
    url = f"/moments/{moment.uuid}/{page}"
    assert world.client_for(Persona.TEACHER).get(url).status_code == 200
    for persona in (*OUTSIDERS, Persona.CHILD):
        assert world.client_for(persona).get(url).status_code == 404, persona
